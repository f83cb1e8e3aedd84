/** Regenerates the quirk table in core/simulator/README.md from the quirk catalog (core/simulator/quirks/). */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listProfiles } from '../core/simulator/profile.js';
import { withQuirkTable } from '../core/simulator/quirks/docs.js';

const readme = fileURLToPath(new URL('../core/simulator/README.md', import.meta.url));
const before = readFileSync(readme, 'utf8');
const after = withQuirkTable(before, listProfiles());
if (after !== before) writeFileSync(readme, after);
console.log(after === before ? 'core/simulator/README.md: quirk table up to date' : 'core/simulator/README.md: quirk table regenerated');
