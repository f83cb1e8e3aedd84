import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError, type ScenarioIssue } from './parse.js';
import { durationMs } from './duration.js';

function issuesOf(text: string, file = 'bad.yaml'): ScenarioIssue[] {
  try {
    parseScenario(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).issues;
  }
  throw new Error('expected the scenario to be rejected');
}

const GOOD = `name: good
chargers:
  - id: CP-1
    profile: reference
steps:
  - do: connect
  - do: boot
  - do: plug
    connector: 1
  - do: start
    idTag: TAG1
  - do: meter
    duration: 30m
    kw: 7.4
  - do: send
    action: RemoteStopTransaction
    payload: { transactionId: "\${transactionId}" }
    expect: { status: Accepted }
  - do: expectFrame
    action: StopTransaction
    payload: { reason: Remote }
    within: 30s
  - do: expectTransaction
    energyWh: { min: 3000, max: 4000 }
  - do: expectNoCallError
`;

describe('scenario parsing and validation', () => {
  it('accepts a valid YAML scenario and keeps step lines', () => {
    const parsed = parseScenario(GOOD, 'good.yaml');
    expect(parsed.scenario.steps).toHaveLength(9);
    expect(parsed.stepPositions[0]).toEqual({ line: 6, col: 5 });
    expect(parsed.stepPositions[3]?.line).toBe(10);
  });

  it('accepts the same scenario as JSON, with line numbers in errors', () => {
    const json = JSON.stringify({ name: 'j', chargers: [{ id: 'CP-1' }], steps: [{ do: 'boot' }, { do: 'meter', duration: 60, kw: 0 }] }, null, 2);
    const issues = issuesOf(json, 'bad.json');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('steps[1].kw');
    expect(issues[0]?.message).toMatch(/> 0/);
    expect(issues[0]?.line).toBe(json.split('\n').findIndex((l) => l.includes('"kw"')) + 1);
  });

  it('names the line and path of an unknown property, a bad step kind, a bad duration and a missing field', () => {
    const text = `name: x
chargers:
  - id: CP-1
    profil: reference
steps:
  - do: plgu
  - do: meter
    duration: 5 minutes
    kw: 7
  - do: authorize
`;
    const issues = issuesOf(text);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(byPath['chargers[0].profil']).toMatchObject({ line: 4, col: 5, message: 'unknown property "profil"' });
    expect(byPath['steps[0].do']).toMatchObject({ line: 6 });
    expect(byPath['steps[0].do']?.message).toMatch(/must be one of: connect, boot/);
    expect(byPath['steps[1].duration']).toMatchObject({ line: 8 });
    expect(byPath['steps[1].duration']?.message).toMatch(/duration/);
    expect(byPath['steps[2]']?.message).toBe('missing required property "idTag"');
    expect(byPath['steps[2]']?.line).toBe(10);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf('name: x\nchargers:\n  - id: CP-1\n steps: [\n');
    expect(issues[0]?.message).toMatch(/^YAML syntax/);
    expect(issues[0]?.line).toBeGreaterThan(0);
  });

  it('checks what the schema cannot: charger references, CS→CP actions, payloads, ranges, waitFor', () => {
    const text = `name: x
chargers: [{ id: A }, { id: B }, { id: A }]
steps:
  - do: boot
  - do: plug
    charger: C
  - do: send
    charger: A
    action: BootNotification
  - do: send
    charger: A
    action: RemoteStopTransaction
    payload: { transactionId: "abc" }
  - do: expectTransaction
    charger: A
    energyWh: { min: 10, max: 1 }
  - do: waitFor
    timeout: 5s
  - do: expectFrame
    action: Bogus
`;
    const issues = issuesOf(text);
    const msgs = issues.map((i) => `${i.line} ${i.path}: ${i.message}`);
    // schema errors come first (waitFor), so only that one is reported until it is fixed
    expect(msgs).toEqual(['17 steps[5]: needs exactly one of "frame" or "status"']);
    const fixed = text.replace('timeout: 5s', 'timeout: 5s\n    status: { charger: B, status: Charging }');
    const msgs2 = issuesOf(fixed).map((i) => `${i.line} ${i.path}: ${i.message}`);
    expect(msgs2).toEqual([
      '2 chargers[2].id: duplicate charger id "A"',
      '4 steps[0]: "charger" is required when the scenario has 3 chargers (A, B)',
      '6 steps[1].charger: unknown charger "C"; declared: A, B',
      '9 steps[2].action: "BootNotification" is sent by chargers, not by the central system; use a charger step instead',
      '13 steps[3].payload: not a valid OCPP 1.6 RemoteStopTransaction request: /transactionId must be integer',
      '16 steps[4].energyWh: min (10) is greater than max (1)',
      '21 steps[6].action: unknown OCPP 1.6 action "Bogus"',
    ]);
  });

  it('names an unknown charger profile with the available ones', () => {
    const issues = issuesOf('name: x\nchargers:\n  - id: A\n    profile: grizzly\nsteps:\n  - do: boot\n');
    expect(issues).toEqual([
      { line: 4, col: 14, path: 'chargers[0].profile', message: expect.stringMatching(/Unknown charger profile "grizzly". Available: .*grizzl-e/) },
    ]);
  });

  it('formats every issue as file:line:col: path: message', () => {
    try {
      parseScenario('name: x\nchargers: []\nsteps: []\n', 'f.yaml');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain('f.yaml:2:11: chargers: must NOT have fewer than 1 items');
    }
  });

  it('converts durations', () => {
    expect(durationMs(30)).toBe(30_000);
    expect(durationMs('500ms')).toBe(500);
    expect(durationMs('5m')).toBe(300_000);
    expect(durationMs('1.5h')).toBe(5_400_000);
    expect(() => durationMs('5 parsecs')).toThrow(/Invalid duration/);
  });
});
