import { describe, expect, it } from 'vitest';
import { simCommand, type SimSummary } from './sim.js';
import { TestCentralSystem } from '../simulator/testing/testCentralSystem.js';
import { TestCsms201 } from '../simulator/v201/testing/testCsms201.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l), handleSignals: false } };
}

describe('chargebench sim', () => {
  it('lists profiles', async () => {
    const x = io();
    expect(await simCommand(['--list-profiles', '--json'], x.io)).toBe(0);
    const list = JSON.parse(x.out.join('\n')) as { name: string }[];
    expect(list.map((p) => p.name)).toContain('grizzl-e');
  });

  it('refuses bad arguments with exit code 2 and a message', async () => {
    for (const [argv, msg] of [
      [['--count', '3'], /--url is required/],
      [['--url', 'http://x'], /ws:\/\/ or wss:\/\//],
      [['--url', 'ws://x', '--count', '0'], /--count must be a positive integer/],
      [['--url', 'ws://x', '--ramp', 'fast'], /--ramp must look like 100 or 100\/s/],
      [['--url', 'ws://x', '--profile', 'nope'], /Unknown charger profile "nope"/],
      [['--url', 'ws://x', '--config', 'oops'], /KEY=VALUE/],
      [['--url', 'ws://x', '--remote-starts', '1.5'], /--remote-starts must be a share from 0 to 1/],
      [['--url', 'ws://x', '--on-stop', 'toString'], /--on-stop must be end-sessions, power-cut, disconnect/],
      [['--bogus'], /Unknown option '--bogus'/],
      [['--url', 'ws://x', '--ocpp', '2.1'], /--ocpp must be 1.6 or 2.0.1, or both as 1.6,2.0.1 \(got "2.1"\)/],
      [['--url', 'ws://x', '--ocpp', '1.6,3'], /--ocpp must be 1.6 or 2.0.1/],
      [['--url', 'ws://x', '--ocpp', '1.6,2.0.1', '--profile', 'dual-dc'], /Unknown charger profile "dual-dc"/],
      [['--url', 'ws://x', '--ocpp', '2.0.1', '--profile', 'nope'], /Unknown charger profile "nope"/],
    ] as const) {
      const x = io();
      expect(await simCommand([...argv], x.io)).toBe(2);
      expect(x.err.join('\n')).toMatch(msg);
    }
  });

  it('runs chargers, prints a start line, progress, per-second lines and a JSON summary; stops on abort', async () => {
    const cs = await TestCentralSystem.start();
    cs.heartbeatInterval = 1; // BootNotification.conf interval sets HeartbeatInterval
    const x = io();
    const ac = new AbortController();
    const run = simCommand(['--url', cs.url, '--count', '5', '--ramp', '50/s', '--id-prefix', 'T-', '--config', 'HeartbeatInterval=1', '--json'], {
      ...x.io,
      signal: ac.signal,
    });
    const deadline = Date.now() + 10_000;
    while (cs.calls(undefined, 'Heartbeat').length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1100));
    ac.abort();
    expect(await run).toBe(0);
    await cs.close();
    expect(x.err[0]).toMatch(/^chargebench sim: 5 × reference → ws:\/\/127\.0\.0\.1:\d+\/ocpp \(ids T-…, ramp 50\/s, config HeartbeatInterval=1\)$/);
    expect(x.err).toContain('[5/5] connected');
    expect(x.err.some((l) => /connected 5\/5 {2}connectors charging 0 {2}msgs\/s \d+ {2}errors 0/.test(l))).toBe(true);
    const summary = JSON.parse(x.out.join('\n')) as SimSummary;
    expect(summary).toMatchObject({ count: 5, everConnected: 5, errors: 0 });
    expect(summary.messages).toBe(summary.messagesIn + summary.messagesOut);
    expect(summary.messagesOut).toBeGreaterThanOrEqual(5 * 5); // boot + 3 statuses + heartbeat each
    expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p50);
    expect(new Set(cs.connections.map((c) => c.chargerId))).toEqual(new Set(['T-0001', 'T-0002', 'T-0003', 'T-0004', 'T-0005']));
  });

  it('exits 1 when no charger can connect', async () => {
    const x = io();
    expect(await simCommand(['--url', 'ws://127.0.0.1:1/ocpp', '--count', '2', '--duration', '0.3'], x.io)).toBe(1);
    expect(x.out.join('\n')).toMatch(/chargers connected 0\/2; errors [1-9]/);
  });

  it('--ocpp 2.0.1 runs 2.0.1 stations (subprotocol ocpp2.0.1, device-model --config) and lists their profiles', async () => {
    const csms = await TestCsms201.start();
    // interval 0: the station keeps its own heartbeat interval (from --config)
    csms.on('BootNotification', () => ({ status: 'Accepted', currentTime: new Date().toISOString(), interval: 0 }));
    const x = io();
    expect(
      await simCommand(
        ['--url', csms.url, '--ocpp', '2.0.1', '--count', '3', '--ramp', '0', '--config', 'OCPPCommCtrlr.HeartbeatInterval=1', '--duration', '1.5', '--json'],
        x.io,
      ),
    ).toBe(0);
    const url = csms.url;
    await csms.close();
    expect(x.err[0]).toMatch(/^chargebench sim: 3 × reference \(OCPP 2\.0\.1\) → ws:/);
    expect(JSON.parse(x.out.join('\n'))).toMatchObject({ protocol: 'ocpp2.0.1', count: 3, everConnected: 3, errors: 0 });
    expect(csms.protocols).toEqual(['ocpp2.0.1', 'ocpp2.0.1', 'ocpp2.0.1']);
    expect(csms.calls('BootNotification')).toHaveLength(3);
    expect(csms.calls('Heartbeat').length).toBeGreaterThanOrEqual(3);
    const bad = io();
    expect(await simCommand(['--url', url, '--ocpp', '2.0.1', '--config', 'HeartbeatInterval=often', '--duration', '0.2'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/HeartbeatInterval = "often": not an integer/);
    const list = io();
    expect(await simCommand(['--list-profiles', '--ocpp', '2.0.1'], list.io)).toBe(0);
    expect(list.out.join('\n')).toMatch(/dual-dc .* EVSEs 2 connector/);
  });

  it('--ocpp 1.6,2.0.1: one run, both versions in turn, against an edge that speaks both', async () => {
    const { startServe } = await import('../app/services.js');
    const serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    const x = io();
    try {
      expect(
        await simCommand(
          ['--url', serve.ocppUrl, '--ocpp', '1.6,2.0.1', '--count', '4', '--ramp', '0', '--id-prefix', 'MX-', '--duration', '1', '--json'],
          x.io,
        ),
      ).toBe(0);
      expect(x.err[0]).toMatch(/\(mixed: ocpp1\.6, ocpp2\.0\.1 in turn\)/);
      expect(JSON.parse(x.out.join('\n'))).toMatchObject({ protocol: ['ocpp1.6', 'ocpp2.0.1'], everConnected: 4 });
      expect(['MX-0001', 'MX-0002', 'MX-0003', 'MX-0004'].map((id) => serve.store.chargePoints.get(id)?.protocol)).toEqual([
        'ocpp1.6',
        'ocpp2.0.1',
        'ocpp1.6',
        'ocpp2.0.1',
      ]);
    } finally {
      await serve.stop();
    }
  });
});
