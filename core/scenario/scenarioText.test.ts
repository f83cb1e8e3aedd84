/** Scenario text from the UI: checked as the runner would (each problem with its line), run from a private copy. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioText, LIBRARY_DIR, ScenarioRuns } from './library.js';

const text = readFileSync(join(LIBRARY_DIR, 'status-faulted-connector.yaml'), 'utf8');

describe('scenario text', () => {
  it('a valid scenario answers its steps', () => {
    const r = checkScenarioText(text, 'edited.yaml');
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.entry).toMatchObject({
        file: 'edited.yaml',
        name: expect.stringContaining('Faulted status') as unknown,
        steps: expect.arrayContaining([expect.objectContaining({ kind: 'boot' })]) as unknown,
      });
  });
  it('a bad step names its line and path; a YAML syntax error its line', () => {
    const bad = text.replace('  - do: boot', '  - do: reboot-the-moon');
    const r = checkScenarioText(bad, 'edited.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues[0]).toMatchObject({
        path: expect.stringContaining('steps[0]') as unknown,
        line: text.split('\n').findIndex((l) => l === '  - do: boot') + 1,
      });
    const syntax = checkScenarioText('name: x\nsteps: [\n', 'x.yaml');
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.issues[0]?.message).toMatch(/YAML syntax/);
  });
  it('startText refuses an invalid scenario and runs a valid one to its result', async () => {
    const runs = new ScenarioRuns();
    await expect(runs.startText('name: x\n', 'x.yaml')).rejects.toThrow(/x\.yaml: \d+ problem/);
    const job = await runs.startText(text, 'edited.yaml');
    expect(job.status).toBe('running');
    for (let i = 0; i < 600 && runs.get(job.id)?.status === 'running'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(runs.get(job.id)?.status).toBe('passed');
  }, 70_000);
});
