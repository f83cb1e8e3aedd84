/**
 * Record & replay end to end with ChargeBench's own backend: a session run by a scenario is stored, exported as
 * NDJSON (the bench's export format), imported, and replayed against fresh backends — one configured the same
 * (no divergence), one answering BootNotification with Pending (divergence reported).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { messageLogQuery } from '../store/messageLogQuery.js';
import { startInProcessTarget, type InProcessTarget } from '../scenario/inProcessTarget.js';
import { parseScenario } from '../scenario/parse.js';
import { runScenario } from '../scenario/runner.js';
import { parseTrace } from './importTrace.js';
import { replayTrace } from './replay.js';

let targets: InProcessTarget[] = [];
afterEach(async () => {
  for (const t of targets) await t.stop();
  targets = [];
});

async function target(settings: Record<string, unknown> = {}): Promise<InProcessTarget> {
  const t = await startInProcessTarget();
  targets.push(t);
  for (const [k, v] of Object.entries(settings)) await t.control?.setSetting(k, v);
  return t;
}

describe('replay against ChargeBench backend', () => {
  it('replays an exported session with no divergence, and reports one when the backend answers differently', async () => {
    const recorder = await target({ 'autoRemoteStart.delayMs': 0 });
    const session = parseScenario(`name: record me
chargers: [{ id: REC-1, configuration: { MeterValueSampleInterval: 120, ClockAlignedDataInterval: 0 } }]
steps:
  - do: boot
  - do: plug
    ev: { soc: 20, capacityWh: 80000, maxPowerW: 7000, targetSoc: 100 }
  - do: expectFrame
    action: StartTransaction
    reply: { idTagInfo: { status: Accepted } }
    within: 1m
  - do: meter
    duration: 10m
    kw: 7
  - do: stop
  - do: expectTransaction
    within: 1m
`);
    const recorded = await runScenario(session, { target: recorder, speed: 600 });
    expect(recorded.steps.filter((st) => st.status !== 'passed').map((st) => `${st.title}: ${st.message}`)).toEqual([]);
    const ndjson = [...messageLogQuery(recorder.serve.store.db).exportLines({})].join('\n');
    const trace = parseTrace(ndjson);
    expect(trace.format).toBe('ndjson');
    expect(trace.problems).toEqual([]);
    expect(trace.entries.filter((e) => e.frame[0] === 2 && e.from === 'csms').map((e) => e.frame[0] === 2 && e.frame[2])).toContain('RemoteStartTransaction');

    const same = await target({ 'autoRemoteStart.delayMs': 0 });
    const ok = await replayTrace(trace, { url: same.url, speed: Infinity, csmsCallSlackMs: 3000 });
    expect(ok.rows.filter((r) => r.verdict !== 'same' && r.verdict !== 'volatile')).toEqual([]);
    expect(ok.diverged).toBe(false);
    expect(ok.transactionIds).toHaveLength(1);
    expect(same.serve.store.transactions.list({ limit: 10, offset: 0 }).rows[0]).toMatchObject({ chargePointId: 'REC-1', state: 'stopped' });

    const pending = await target({ 'autoRemoteStart.delayMs': 0, 'boot.policy': 'Pending' });
    const bad = await replayTrace(trace, { url: pending.url, speed: Infinity, csmsCallSlackMs: 500, replyTimeoutMs: 5000 });
    expect(bad.diverged).toBe(true);
    const first = bad.rows.find((r) => r.verdict === 'different');
    expect(first).toMatchObject({ action: 'BootNotification', from: 'csms', kind: 'reply' });
    expect(first?.live).toContain('"Pending"');
  });
});
