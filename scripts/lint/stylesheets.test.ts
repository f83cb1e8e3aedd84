import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The renderer's stylesheets: each under the 400-line rule, and every part of renderer/src/styles/ reached from the
// one index main.tsx imports (a part left out of the index would silently not apply; its order there is the cascade).
const root = join(import.meta.dirname, '..', '..');
const src = join(root, 'renderer', 'src');
const stylesDir = join(src, 'styles');

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? cssFiles(join(dir, e.name)) : e.name.endsWith('.css') ? [join(dir, e.name)] : [],
  );
}
const lineCount = (file: string) => readFileSync(file, 'utf8').replace(/\n$/, '').split('\n').length;
const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^@import\s+['"]([^'"]+)['"]\s*;/gm)].map((m) => m[1] ?? '');

describe('renderer stylesheets', () => {
  it('no CSS file under renderer/src is over 400 lines', () => {
    const files = cssFiles(src);
    expect(files.length).toBeGreaterThan(10);
    const over = files.filter((f) => lineCount(f) > 400).map((f) => `${relative(root, f)}: ${lineCount(f)}`);
    expect(over).toEqual([]);
  });

  it('main.tsx imports styles/index.css, which imports every part of styles/ once and nothing missing', () => {
    expect(readFileSync(join(src, 'main.tsx'), 'utf8')).toMatch(/^import '\.\/styles\/index\.css';$/m);
    const listed = imports(join(stylesDir, 'index.css'));
    const parts = readdirSync(stylesDir)
      .filter((f) => f.endsWith('.css') && f !== 'index.css')
      .map((f) => `./${f}`);
    expect(listed.filter((p) => !existsSync(join(stylesDir, p)))).toEqual([]);
    expect([...listed].sort()).toEqual([...new Set(listed)].sort());
    expect([...listed].sort()).toEqual(parts.sort());
  });
});
