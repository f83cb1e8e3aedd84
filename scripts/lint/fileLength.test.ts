import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Issue 14's rule for the whole tree: no hand-written file over 400 lines. Generated files (OCPP types from the
// schemas, docs generated from catalogs), schema JSON, lock files and prose are not hand-written code.
const root = join(import.meta.dirname, '..', '..');
const LIMIT = 400;
const CODE = /\.(ts|tsx|js|mjs|cjs|css|html|sh)$/;
const GENERATED = [/\/generated\//, /\.generated\./];

export function handWrittenFiles(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  return tracked.filter((f) => CODE.test(f) && !GENERATED.some((g) => g.test(f)) && !f.startsWith('node_modules/'));
}

export function overLimit(files: string[], read: (f: string) => string = (f) => readFileSync(join(root, f), 'utf8')): string[] {
  return files.flatMap((f) => {
    const lines = read(f).replace(/\n$/, '').split('\n').length;
    return lines > LIMIT ? [`${f}: ${lines} lines`] : [];
  });
}

describe('file length', () => {
  it(`no hand-written file in the repository is over ${LIMIT} lines`, () => {
    const files = handWrittenFiles();
    expect(files.length).toBeGreaterThan(300);
    expect(overLimit(files)).toEqual([]);
  });

  it('the check fires on a long file and leaves generated ones out', () => {
    const long = Array.from({ length: LIMIT + 1 }, (_, i) => `const a${i} = ${i};`).join('\n');
    expect(overLimit(['core/x.ts'], () => long)).toEqual([`core/x.ts: ${LIMIT + 1} lines`]);
    expect(overLimit(['core/x.ts'], () => long.split('\n').slice(0, LIMIT).join('\n'))).toEqual([]);
    // The OCPP types generated from the schemas are long and tracked, but not hand-written.
    const generated = 'core/ocpp/v16/types.generated.ts';
    expect(overLimit([generated])).not.toEqual([]);
    expect(handWrittenFiles()).not.toContain(generated);
    expect(handWrittenFiles()).toContain('core/ocpp/generatedTypes.test.ts');
  });
});
