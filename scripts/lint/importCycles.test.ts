import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCycles, importGraph } from './importGraph.js';

const root = join(import.meta.dirname, '..', '..');

describe('import cycles', () => {
  it('the code has none', () => {
    const graph = importGraph(root);
    expect(graph.size).toBeGreaterThan(300);
    expect(importCycles(graph)).toEqual([]);
  });
  it('finds a cycle through type-only, re-export, multi-line and dynamic imports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-cycles-'));
    try {
      mkdirSync(join(dir, 'core', 'x'), { recursive: true });
      writeFileSync(join(dir, 'core', 'a.ts'), "import type {\n  B,\n} from './x/b.js';\nexport const a = 1;\n");
      writeFileSync(join(dir, 'core', 'x', 'b.ts'), "export * from './index.js';\n");
      writeFileSync(join(dir, 'core', 'x', 'index.ts'), "export const load = () => import('../a.js');\n");
      writeFileSync(join(dir, 'core', 'c.ts'), "import { a } from './a.js';\n");
      expect(importCycles(importGraph(dir))).toEqual([['core/a.ts', 'core/x/b.ts', 'core/x/index.ts']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
