/**
 * Record & replay of an OCPP 2.0.1 session with ChargeBench's own backend: a 2.0.1 station's session (boot,
 * remote start on plug-in, TransactionEvent Started/Updated/Ended) is stored, exported as NDJSON (each frame with
 * its protocol), imported, replayed against a fresh backend offering ocpp2.0.1 (no divergence, the transaction
 * stored as a 2.0.1 one with the station's id), and turned into a scenario that passes there too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { messageLogQuery } from '../store/messageLogQuery.js';
import { startInProcessTarget, type InProcessTarget } from '../scenario/inProcessTarget.js';
import { parseScenario } from '../scenario/parse.js';
import { runScenario } from '../scenario/runner.js';
import { parseTrace } from './importTrace.js';
import { replayTrace } from './replay.js';
import { scenarioToYaml, traceToScenario } from './toScenario.js';
import { entriesProtocol } from './trace.js';

let targets: InProcessTarget[] = [];
afterEach(async () => {
  for (const t of targets) await t.stop();
  targets = [];
});

async function target(): Promise<InProcessTarget> {
  const t = await startInProcessTarget();
  targets.push(t);
  await t.control?.setSetting('autoRemoteStart.delayMs', 0);
  return t;
}

describe('replay of a 2.0.1 trace against ChargeBench backend', () => {
  it('imports the export with protocols, replays it without divergence and converts it to a passing scenario', async () => {
    const recorder = await target();
    const session = parseScenario(`name: record a 2.0.1 session
chargers: [{ id: REC-201, protocol: ocpp2.0.1, connectors: 1, configuration: { SampledDataCtrlr.TxUpdatedInterval: 120, AlignedDataCtrlr.Interval: 0 } }]
steps:
  - do: boot
  - do: plug
    ev: { soc: 20, capacityWh: 80000, maxPowerW: 7000, targetSoc: 100 }
  - do: expectFrame
    action: TransactionEvent
    payload: { eventType: Started, triggerReason: RemoteStart }
    reply: { idTokenInfo: { status: Accepted } }
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
    expect(trace.problems).toEqual([]);
    expect(new Set(trace.entries.map((e) => e.protocol))).toEqual(new Set(['ocpp2.0.1']));
    expect(entriesProtocol(trace.entries)).toBe('ocpp2.0.1');
    expect(trace.entries.filter((e) => e.frame[0] === 2 && e.from === 'csms').map((e) => e.frame[0] === 2 && e.frame[2])).toContain('RequestStartTransaction');

    const fresh = await target();
    const report = await replayTrace(trace, { url: fresh.url, speed: Infinity, csmsCallSlackMs: 3000 });
    expect(report.rows.filter((r) => r.verdict !== 'same' && r.verdict !== 'volatile')).toEqual([]);
    expect(report.diverged).toBe(false);
    expect(report.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['BootNotification', 'TransactionEvent', 'RequestStartTransaction']));
    const stored = fresh.serve.store.transactions.list({ limit: 10, offset: 0 }).rows;
    const recordedTxId = trace.entries.find((e) => e.frame[0] === 2 && e.frame[2] === 'TransactionEvent')?.frame;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      chargePointId: 'REC-201',
      protocol: 'ocpp2.0.1',
      state: 'stopped',
      chargerTransactionId: (recordedTxId?.[3] as { transactionInfo: { transactionId: string } }).transactionInfo.transactionId,
    });

    // The same trace as a scenario file: a silent 2.0.1 station sending the recorded CALLs.
    const scenario = traceToScenario(trace, { name: 'replayed 2.0.1' });
    expect(scenario.chargers).toEqual([{ id: 'REC-201', protocol: 'ocpp2.0.1', autoBoot: false }]);
    const again = await target();
    const result = await runScenario(parseScenario(scenarioToYaml(scenario)), { target: again, speed: 600 });
    expect(result.steps.filter((st) => st.status !== 'passed').map((st) => `${st.title}: ${st.message}`)).toEqual([]);
  }, 30_000);
});
