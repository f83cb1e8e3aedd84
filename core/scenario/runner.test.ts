import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario } from './parse.js';
import type { ScenarioResult } from './result.js';
import { runScenario, type RunEvent } from './runner.js';
import { startStrictCsms, type StrictCsms } from './testing/strictCsms.js';

let csms: StrictCsms | null = null;
afterEach(async () => {
  await csms?.close();
  csms = null;
});

function brief(r: ScenarioResult): string[] {
  return r.steps.map((s) => `${s.status} ${s.kind}: ${s.message}`);
}

describe('scenario runner against a strict CSMS', () => {
  it('runs every charger step kind and the assertions over the recorded frames', async () => {
    csms = await startStrictCsms();
    const parsed = parseScenario(`name: full session
chargers:
  - id: RUN-1
    configuration: { MeterValueSampleInterval: 60, ClockAlignedDataInterval: 0 }
steps:
  - do: connect
  - do: boot
  - do: authorize
    idTag: TAG-1
    expectStatus: Accepted
  - do: plug
    ev: { soc: 10, capacityWh: 100000, maxPowerW: 11000, targetSoc: 100 }
  - do: start
    idTag: TAG-1
  - do: waitFor
    status: { status: Charging }
    timeout: 1m
  - do: meter
    duration: 30m
    kw: 7.2
  - do: expectFrame
    action: MeterValues
    payload: { connectorId: 1 }
    within: 2m
  - do: stop
    reason: Local
  - do: expectTransaction
    energyWh: { min: 3400, max: 3800 }
    stopReason: Local
    within: 1m
  - do: unplug
  - do: waitFor
    frame: { action: StatusNotification, payload: { status: Available, connectorId: 1 } }
    timeout: 1m
  - do: fault
    kind: faulted
    errorCode: GroundFailure
  - do: expectFrame
    action: StatusNotification
    payload: { status: Faulted, errorCode: GroundFailure }
    within: 30s
  - do: fault
    kind: clear
  - do: wait
    duration: 10s
  - do: expectNoCallError
  - do: reboot
  - do: boot
  - do: disconnect
`);
    const events: RunEvent[] = [];
    const result = await runScenario(parsed, { target: csms.target(), speed: 600, onEvent: (e) => events.push(e) });
    expect(brief(result).filter((s) => !s.startsWith('passed'))).toEqual([]);
    expect(result.status).toBe('passed');
    expect(result.assertions).toEqual({ passed: 4, failed: 0, skipped: 0 });
    expect(result.simulatedMs).toBeGreaterThan(30 * 60_000);
    expect(result.steps[6]?.message).toMatch(/average 7\.\d+ kW/);
    // the assertion kept the frames that proved it
    expect(result.steps[9]?.evidence.map((f) => f.text).join('\n')).toMatch(/StopTransaction/);
    expect(events.filter((e) => e.type === 'step')).toHaveLength(20);
    expect(events.some((e) => e.type === 'frame')).toBe(true);
    expect(csms.received.filter((r) => r.method === 'BootNotification')).toHaveLength(2);
  });

  it('fails an assertion (and keeps running), reports the evidence, and fails when a step cannot be done', async () => {
    csms = await startStrictCsms({ authorize: 'Blocked' });
    const parsed = parseScenario(`name: blocked tag
chargers: [{ id: RUN-2 }]
steps:
  - do: boot
  - do: authorize
    idTag: BAD
  - do: expectFrame
    action: Authorize
    reply: { idTagInfo: { status: Accepted } }
  - do: expectNoCallError
  - do: plug
  - do: start
    idTag: BAD
  - do: wait
    duration: 1m
`);
    const result = await runScenario(parsed, { target: csms.target(), speed: 600 });
    expect(brief(result)).toEqual([
      expect.stringMatching(/^passed boot: BootNotification Accepted/),
      'passed authorize: Authorize BAD: Blocked',
      expect.stringMatching(/^failed expectFrame: expected Authorize CALL answered ⊇ .*1 frame\(s\) of that action were seen but did not match/),
      'passed expectNoCallError: no CALLERROR exchanged',
      expect.stringMatching(/^passed plug/),
      'failed start: idTag BAD was not accepted (Blocked)',
      'skipped wait: skipped: step 6 (start transaction on RUN-2#1 with BAD) did not complete',
    ]);
    expect(result.status).toBe('failed');
    expect(result.assertions).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(result.steps[2]?.evidence.map((f) => f.text)).toEqual([expect.stringContaining('"Authorize"'), expect.stringContaining('Blocked')]);
  });

  it('sends CS→CP commands through the target and checks the reply; skips them without a control', async () => {
    csms = await startStrictCsms();
    const text = `name: remote stop
chargers: [{ id: RUN-3 }]
steps:
  - do: boot
  - do: plug
    ev: { soc: 20, capacityWh: 80000, maxPowerW: 7000, targetSoc: 100 }
  - do: start
  - do: send
    action: RemoteStopTransaction
    payload: { transactionId: "\${transactionId}" }
    expect: { status: Accepted }
  - do: expectFrame
    action: StopTransaction
    payload: { reason: Remote }
    within: 1m
  - do: send
    action: DataTransfer
    payload: { vendorId: nobody }
    expect: { status: Accepted }
  - do: setting
    key: heartbeatInterval
    value: 60
`;
    const result = await runScenario(parseScenario(text), { target: csms.target(), speed: 600 });
    expect(brief(result)).toEqual([
      expect.stringMatching(/^passed boot/),
      expect.stringMatching(/^passed plug/),
      expect.stringMatching(/^passed start: transaction 100 started/),
      'passed send: RemoteStopTransaction answered {"status":"Accepted"}',
      expect.stringMatching(/^passed expectFrame/),
      expect.stringMatching(/^failed send: DataTransfer answered \{"status":"(UnknownVendorId|Rejected)"\}, expected ⊇ \{"status":"Accepted"\}/),
      'passed setting: heartbeatInterval set to 60',
    ]);
    expect(result.steps[3]?.evidence.map((f) => f.from)).toEqual(['csms', 'charger']);
    expect(csms.received.find((r) => r.method === 'StopTransaction')?.params).toMatchObject({ transactionId: 100, reason: 'Remote' });

    const external = await runScenario(parseScenario(text.replace('RUN-3', 'RUN-4')), { target: { ...csms.target(), control: null }, speed: 600 });
    expect(external.steps[3]).toMatchObject({ status: 'skipped', message: expect.stringMatching(/not supported against an external CSMS/) });
    expect(external.steps[4]?.status).toBe('failed'); // no RemoteStop was sent, so no StopTransaction
    expect(external.steps[6]?.status).toBe('skipped');
  });

  it('checks a Pending boot and reports a refused connection as a failed step', async () => {
    csms = await startStrictCsms({ bootStatus: 'Pending' });
    const pending = await runScenario(parseScenario('name: p\nchargers: [{ id: RUN-5 }]\nsteps:\n  - do: boot\n    expectStatus: Pending\n  - do: boot\n'), {
      target: csms.target(),
      speed: 600,
    });
    expect(brief(pending)).toEqual([
      expect.stringMatching(/^passed boot: BootNotification Pending/),
      'failed boot: BootNotification answered Pending, expected Accepted',
    ]);
    const refused = await runScenario(parseScenario('name: r\nchargers: [{ id: RUN-6 }]\nsteps:\n  - do: connect\n  - do: boot\n'), {
      target: { url: 'ws://127.0.0.1:1/ocpp', label: 'nowhere', control: null },
      speed: 600,
    });
    expect(refused.steps[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/RUN-6 could not connect to nowhere/) });
    expect(refused.steps[1]?.status).toBe('skipped');
  });

  it('stops at the scenario timeout', async () => {
    csms = await startStrictCsms();
    const r = await runScenario(
      parseScenario('name: t\ntimeout: 1m\nchargers: [{ id: RUN-7 }]\nsteps:\n  - do: boot\n  - do: wait\n    duration: 1h\n  - do: expectNoCallError\n'),
      { target: csms.target(), speed: 600 },
    );
    expect(brief(r)).toEqual([
      expect.stringMatching(/^passed boot/),
      'failed wait: scenario timeout (1m0s) reached',
      'skipped expectNoCallError: skipped: scenario timeout (1m0s) reached',
    ]);
  });
});
