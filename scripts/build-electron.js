#!/usr/bin/env node
// `npm run build:electron`: bundles the Electron main process and preload with esbuild.
//   electron/main.ts    → electron/dist/main.js     (ESM, Node platform; npm packages stay external, so native
//                                                    modules such as better-sqlite3 load from node_modules,
//                                                    rebuilt for Electron by electron-builder)
//   electron/preload.ts → electron/dist/preload.cjs (CommonJS: sandboxed preloads cannot load ESM)
// Core files that locate data beside themselves with `import.meta.url` (e.g. simulator profiles) keep
// pointing at their own source location, not at the bundle.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'electron', 'dist');

/** Rewrites `import.meta.url` in each bundled source file to that file's own URL, relative to the bundle. */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url') || args.path.startsWith(path.join(root, 'electron') + path.sep)) return undefined;
      const rel = path.relative(outdir, args.path).split(path.sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
};

export async function buildElectron() {
  await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/main.ts'],
      outfile: 'electron/dist/main.js',
      format: 'esm',
      packages: 'external',
      external: ['electron'],
      plugins: [keepImportMetaUrl],
    }),
    build({
      ...common,
      entryPoints: ['electron/preload.ts'],
      outfile: 'electron/dist/preload.cjs',
      format: 'cjs',
      external: ['electron'],
    }),
  ]);
  return { main: path.join(outdir, 'main.js'), preload: path.join(outdir, 'preload.cjs') };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const out = await buildElectron();
    console.log(`[chargebench] built ${path.relative(root, out.main)} and ${path.relative(root, out.preload)}`);
  } catch (err) {
    console.error(`[chargebench] Electron build failed: ${err?.message ?? err}`);
    process.exit(1);
  }
}
