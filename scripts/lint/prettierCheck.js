/**
 * The lint step's formatting check: `prettier --check` over the tree (what `.prettierignore` leaves out: generated
 * types, schema JSON, prose and YAML, and the few files listed there until they are split), or over the files named.
 * `npm run format` formats the tree (`prettier --write .`).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const files = process.argv.slice(2);
const bin = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');
const r = spawnSync(process.execPath, [bin, '--check', ...(files.length ? files : ['.'])], { stdio: 'inherit' });
if (r.status !== 0) console.error('Formatting differs: run `npm run format` and commit the result.');
process.exit(r.status ?? 1);
