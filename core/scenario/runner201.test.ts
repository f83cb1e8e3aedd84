/**
 * Scenario steps on an OCPP 2.0.1 station against ChargeBench's backend: faults and statuses, a raw `call`, and a
 * step that cannot be done (an EVSE the station does not have) failing with a clear message and skipping the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessTarget, type InProcessTarget } from './inProcessTarget.js';
import { parseScenario } from './parse.js';
import { runScenario } from './runner.js';

let target: InProcessTarget;
beforeAll(async () => {
  target = await startInProcessTarget();
});
afterAll(async () => {
  await target.stop();
});

describe('scenario steps on a 2.0.1 station', () => {
  it('faults and clears an EVSE, sends a raw CALL, and stops at a step that cannot be done', async () => {
    const parsed = parseScenario(`name: 2.0.1 steps
chargers: [{ id: ST-STEPS, protocol: ocpp2.0.1 }]
steps:
  - do: boot
  - do: fault
    kind: faulted
  - do: expectFrame
    action: StatusNotification
    payload: { evseId: 1, connectorId: 1, connectorStatus: Faulted }
    reply: {}
    within: 1m
  - do: waitFor
    status: { status: Faulted }
    timeout: 1m
  - do: fault
    kind: clear
  - do: waitFor
    status: { status: Available }
    timeout: 1m
  - do: call
    action: Heartbeat
    payload: {}
    expectReply: {}
  - do: call
    action: Authorize
    payload: { idToken: { idToken: RAW-1, type: ISO14443 } }
    expectReply: { idTokenInfo: { status: Accepted } }
  - do: plug
    connector: 3
  - do: expectNoCallError
  - do: unplug
`);
    const result = await runScenario(parsed, { target, speed: 300 });
    const view = result.steps.map((s) => `${s.index + 1} ${s.status}: ${s.message}`);
    expect(
      result.steps.slice(0, 8).map((s) => s.status),
      view.join('\n'),
    ).toEqual(Array(8).fill('passed'));
    expect(result.steps[6]?.message).toMatch(/^Heartbeat answered \{"currentTime":/);
    expect(result.steps[8]).toMatchObject({ status: 'failed', message: 'ST-STEPS has no EVSE 3 (it has 2)' });
    // the rest is skipped, naming the step that did not complete
    expect(result.steps.slice(9).map((s) => s.status)).toEqual(['skipped', 'skipped']);
    expect(result.steps[9]?.message).toMatch(/step 9 .* did not complete/);
    expect(result.status).toBe('failed');
  }, 30_000);
});
