/**
 * Record & replay and scenario figures: trace import throughput (text and NDJSON), replay throughput against
 * ChargeBench in-process (frames/s, no delays), and a 2-hour simulated session run through a scenario at ×600.
 */
export {};
process.env.CHARGEBENCH_LOG_LEVEL ??= 'error';
const { parseTextTrace } = await import('../core/replay/parseTextTrace.js');
const { parseNdjsonTrace } = await import('../core/replay/parseNdjson.js');
const { replayTrace } = await import('../core/replay/replay.js');
const { startInProcessTarget } = await import('../core/scenario/inProcessTarget.js');
const { parseScenario } = await import('../core/scenario/parse.js');
const { runScenario } = await import('../core/scenario/runner.js');

const LINES = 100_000;
const t0 = Date.parse('2026-01-01T00:00:00Z');
const text: string[] = [];
const nd: string[] = [];
for (let i = 0; i < LINES / 2; i++) {
  const at = new Date(t0 + i * 1000).toISOString();
  const call = `[2,"${i}","Heartbeat",{}]`;
  const reply = `[3,"${i}",{"currentTime":"${at}"}]`;
  text.push(`${at} CP-1 >> ${call}`, `${at} CP-1 << ${reply}`);
  nd.push(
    JSON.stringify({ at, chargePointId: 'CP-1', direction: 'in', frame: JSON.parse(call) }),
    JSON.stringify({ at, chargePointId: 'CP-1', direction: 'out', frame: JSON.parse(reply) }),
  );
}
let s = performance.now();
const tt = parseTextTrace(text.join('\n'));
const textMs = performance.now() - s;
s = performance.now();
const nt = parseNdjsonTrace(nd.join('\n'));
const ndMs = performance.now() - s;
console.log(
  `trace import: text ${LINES} lines in ${textMs.toFixed(0)} ms (${Math.round(LINES / (textMs / 1000))} lines/s, ${tt.problems.length} problems); NDJSON ${LINES} lines in ${ndMs.toFixed(0)} ms (${Math.round(LINES / (ndMs / 1000))} lines/s, ${nt.problems.length} problems)`,
);

const target = await startInProcessTarget();
try {
  const boot = parseTextTrace(
    [
      '2026-01-01T00:00:00Z >> [2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]',
      '2026-01-01T00:00:00Z << [3,"b",{"status":"Accepted","currentTime":"2026-01-01T00:00:00Z","interval":3600}]',
      ...text.slice(0, 4000),
    ].join('\n'),
  );
  s = performance.now();
  const report = await replayTrace(boot, { url: target.url, speed: Infinity, csmsCallSlackMs: 100 });
  const ms = performance.now() - s;
  console.log(
    `replay: ${report.rows.length} frames compared against ChargeBench in-process in ${ms.toFixed(0)} ms (${Math.round(report.rows.length / (ms / 1000))} frames/s), diverged=${report.diverged} (${JSON.stringify(report.counts)}; unexpected: ${[...new Set(report.rows.filter((r) => r.verdict === 'unexpected').map((r) => r.action))].join(', ') || 'none'})`,
  );

  const scenario = parseScenario(`name: two hours
chargers: [{ id: BENCH-1, configuration: { MeterValueSampleInterval: 60 } }]
backend: { middleware: [{ name: AutoRemoteStart, enabled: false }] }
steps:
  - do: boot
  - do: plug
    ev: { soc: 10, capacityWh: 100000, maxPowerW: 11000, targetSoc: 100 }
  - do: start
  - do: meter
    duration: 2h
    kw: 11
  - do: stop
  - do: expectTransaction
    energyWh: { min: 21500, max: 22500 }
    within: 1m
`);
  const r = await runScenario(scenario, { target, speed: 600 });
  console.log(`scenario: 2 h simulated session at ×600 in ${(r.durationMs / 1000).toFixed(1)} s real, ${r.frames} frames, ${r.status}`);
} finally {
  await target.stop();
}
