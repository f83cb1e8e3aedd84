/**
 * The shipped scenario library (scenarios/*.yaml) must pass against ChargeBench's own backend, headless, at each
 * file's own speed. Each file gets a fresh in-process backend.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from './runFiles.js';

const DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const FILES = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

describe('shipped scenario library', () => {
  it('has scenarios, including the Grizzl-E ones', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(6);
    expect(FILES.filter((f) => f.startsWith('grizzl-e')).length).toBeGreaterThanOrEqual(2);
  });

  for (const file of FILES) {
    it(`${file} passes against ChargeBench's default backend`, async () => {
      const result = await runScenarioFile(join(DIR, file));
      const problems = result.steps
        .filter((s) => s.status !== 'passed')
        .map((s) => `step ${s.index + 1} (line ${s.line}) ${s.title}: ${s.status}: ${s.message}`);
      expect(result.error, result.error).toBeUndefined();
      expect(problems).toEqual([]);
      expect(result.status).toBe('passed');
      expect(result.assertions.passed).toBeGreaterThan(0);
    }, 30_000);
  }
});
