/** Rewrites the settings table in docs/settings.md from core/config/settingsSchema.ts (settingsDocs.test.ts fails when it is stale). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withSettingsDocTable } from '../core/config/settingsDocs.js';

const path = join(import.meta.dirname, '..', 'docs', 'settings.md');
writeFileSync(path, withSettingsDocTable(readFileSync(path, 'utf8')));
console.log(`wrote ${path}`);
