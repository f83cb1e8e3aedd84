#!/usr/bin/env node
// `npm run bench [name...]`: runs each bench/*.bench.ts in turn (or the named ones) and prints their figures.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const wanted = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ') || '(none in bench/)'}`);
  process.exit(1);
}
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `bench/${f}`], {
    stdio: 'inherit',
    env: { ...process.env, CHARGEBENCH_LOG_LEVEL: process.env.CHARGEBENCH_LOG_LEVEL ?? 'warn' },
  });
  if (r.status !== 0) {
    console.error(`${f} failed (exit ${r.status})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
