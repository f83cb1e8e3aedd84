/**
 * The lint step's formatting check (`prettier --check`), switched on until the whole tree has been formatted once:
 * - `node scripts/lint/prettierCheck.js FILE…` checks those files;
 * - `PRETTIER_CHECK=1 npm run lint` checks the whole tree (what lint will always do once the tree is formatted);
 * - otherwise it says it skipped and exits 0.
 * `npm run format` formats the tree (`prettier --write .`).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const files = process.argv.slice(2);
const all =
  process.env.PRETTIER_CHECK !== undefined && process.env.PRETTIER_CHECK !== '' && process.env.PRETTIER_CHECK !== '0';
if (files.length === 0 && !all) {
  console.log(
    'prettier --check skipped (set PRETTIER_CHECK=1, or name files: node scripts/lint/prettierCheck.js FILE…)',
  );
  process.exit(0);
}
const bin = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');
const r = spawnSync(process.execPath, [bin, '--check', ...(files.length ? files : ['.'])], { stdio: 'inherit' });
process.exit(r.status ?? 1);
