import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycles, importGraph } from './importCycles.js';

const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import cycles', () => {
  it('finds a cycle made of type imports and re-exports, and none where there is none', () => {
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.js';\nexport type A = B;\n");
    writeFileSync(join(dir, 'b.ts'), "export { c } from './c.js';\nexport type B = number;\n");
    writeFileSync(join(dir, 'c.ts'), "import { x } from './a.js';\nexport const c = x;\n");
    writeFileSync(join(dir, 'd.ts'), "import { c } from './c.js';\nexport const d = c;\n");
    const cycles = findCycles(importGraph([dir]));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['a.ts', 'b.ts', 'c.ts']);
    writeFileSync(join(dir, 'c.ts'), 'export const c = 1;\n');
    expect(findCycles(importGraph([dir]))).toEqual([]);
  });

  it('the simulator and the scenario runner have none', () => {
    expect(findCycles(importGraph(['core/simulator', 'core/scenario']))).toEqual([]);
  });
});
