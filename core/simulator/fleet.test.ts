import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Fleet } from './fleet.js';
import { ManualClock } from './clocks.js';
import { TestCentralSystem } from './testing/testCentralSystem.js';
import { waitFor } from './testing/helpers.js';
import type { SimEvent } from './events.js';

let cs: TestCentralSystem;
let fleet: Fleet;
beforeEach(async () => {
  cs = await TestCentralSystem.start();
});
afterEach(async () => {
  await fleet.stopAll();
  await cs.close();
});

describe('fleet API', () => {
  it('spawns at a ramp with progress, lists, acts on one charger, streams events, stops all', async () => {
    const clock = new ManualClock();
    fleet = new Fleet({ clock });
    const progress: number[] = [];
    const spawned = fleet.spawn({ url: cs.url, count: 6, idPrefix: 'F-', rampPerSecond: 2, configuration: { ClockAlignedDataInterval: 0 } }, (p) =>
      progress.push(p.spawned),
    );
    expect(fleet.size).toBe(6);
    // 2 per second: the first now, then one every 500 ms of fleet time
    await waitFor(() => fleet.summary().connected === 1, 'first');
    for (let i = 0; i < 5; i++) clock.advance(500);
    const chargers = await spawned;
    expect(chargers.map((c) => c.id)).toEqual(['F-0001', 'F-0002', 'F-0003', 'F-0004', 'F-0005', 'F-0006']);
    await waitFor(() => fleet.summary().connected === 6 && chargers.every((c) => c.registration === 'Accepted' && c.idle), 'all connected');
    expect(Math.max(...progress)).toBe(6);

    const events: SimEvent[] = [];
    const unsubscribe = fleet.subscribe((e) => events.push(e), { chargerId: 'F-0002', kinds: ['status', 'frame', 'transaction'] });
    await fleet.act('F-0002', { type: 'plug', connectorId: 1 });
    await fleet.act('F-0002', { type: 'start', connectorId: 1, idTag: 'FLEET' });
    await waitFor(() => fleet.get('F-0002')?.connector(1).tx?.id, 'tx');
    expect(fleet.summary().charging).toBe(1);
    const row = fleet.list().find((c) => c.id === 'F-0002');
    expect(row?.connectors[1]).toMatchObject({ status: 'Charging', idTag: 'FLEET', plugged: true });
    expect(events.some((e) => e.kind === 'frame' && e.dir === 'out' && e.text.includes('"StartTransaction"'))).toBe(true);
    expect(events.some((e) => e.kind === 'transaction' && e.phase === 'started')).toBe(true);
    expect(events.every((e) => e.chargerId === 'F-0002' && typeof e.at === 'number')).toBe(true);
    unsubscribe();
    const n = events.length;
    await fleet.act('F-0002', { type: 'fault', fault: { kind: 'faulted', connectorId: 1, errorCode: 'HighTemperature' } });
    expect(events.length).toBe(n);
    expect(fleet.summary().charging).toBe(0);
    await expect(fleet.act('NOPE', { type: 'plug' })).rejects.toThrow(/no charger "NOPE"/);
    const frame = (await fleet.act('F-0003', { type: 'call', action: 'DataTransfer', payload: { vendorId: 'X' } })) as { status: string };
    expect(frame.status).toBe('Rejected');
    await fleet.stopAll();
    expect(fleet.size).toBe(0);
    await waitFor(() => cs.wss.clients.size === 0, 'sockets closed');
  });

  it('refuses bad spawn options with a clear message', async () => {
    fleet = new Fleet();
    await expect(fleet.spawn({ url: 'http://x', count: 1 })).rejects.toThrow(/ws:\/\/ or wss:\/\//);
    await expect(fleet.spawn({ url: cs.url, count: 0 })).rejects.toThrow(/positive integer/);
    await expect(fleet.spawn({ url: cs.url, count: 1, profile: 'nope' })).rejects.toThrow(/Unknown charger profile/);
  });

  it('sends clock-aligned meter values on the interval boundaries', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 8, 14, 0));
    fleet = new Fleet({ clock });
    const [cp] = await fleet.spawn({
      url: cs.url,
      count: 1,
      rampPerSecond: 0,
      configuration: { ClockAlignedDataInterval: 900, MeterValuesAlignedData: 'Energy.Active.Import.Register,Energy.Active.Import.Interval' },
    });
    await waitFor(() => cp!.registration === 'Accepted' && cp!.idle, 'registered');
    clock.advance(60_000); // 08:15:00
    await waitFor(() => cs.calls(cp!.id, 'MeterValues').length === 2, 'one per connector');
    const mv = cs.calls(cp!.id, 'MeterValues')[0]!.payload.meterValue as { timestamp: string; sampledValue: { context: string; measurand: string }[] }[];
    expect(mv[0]?.timestamp).toBe('2026-01-01T08:15:00.000Z');
    expect(mv[0]?.sampledValue.map((s) => [s.context, s.measurand])).toEqual([
      ['Sample.Clock', 'Energy.Active.Import.Register'],
      ['Sample.Clock', 'Energy.Active.Import.Interval'],
    ]);
  });
  it('auto sessions: a driver waiting for a remote start starts with its tag and never also locally; one who waits in vain presents a card', async () => {
    const clock = new ManualClock();
    fleet = new Fleet({ clock });
    const [cp] = await fleet.spawn({
      url: cs.url,
      count: 1,
      rampPerSecond: 0,
      autoSessions: { idleS: [1, 1], chargeS: [600, 600], remoteStartShare: 1 },
      configuration: { ClockAlignedDataInterval: 0 },
    });
    await waitFor(() => cp!.registration === 'Accepted' && cp!.idle, 'registered');
    clock.advance(1000);
    await waitFor(() => cp!.connector(1).status === 'Preparing' && cp!.connector(2).status === 'Preparing' && cp!.idle, 'both plugged in');
    expect(cs.calls(cp!.id, 'Authorize')).toHaveLength(0);
    expect((await cs.call(cp!.id, 'RemoteStartTransaction', { connectorId: 1, idTag: 'REMOTE' }))[2]).toEqual({ status: 'Accepted' });
    await waitFor(() => cp!.connector(1).tx?.id && cp!.idle, 'remote start');
    clock.advance(cp!.profile.driver.remoteStartWaitS * 1000);
    await waitFor(() => cp!.connector(2).tx?.id && cp!.idle, 'card after waiting');
    const starts = cs.calls(cp!.id, 'StartTransaction').map((c) => [c.payload.connectorId, c.payload.idTag]);
    expect(starts).toEqual([
      [1, 'REMOTE'],
      [2, expect.stringMatching(/^SIM-/)],
    ]);
    // the only card presented is the one of the driver who waited in vain
    expect(cs.calls(cp!.id, 'Authorize').filter((c) => String(c.payload.idTag).startsWith('SIM-'))).toHaveLength(1);
  });

  it('auto sessions: a card driver authorizes and starts at once; a RemoteStart then is refused', async () => {
    const clock = new ManualClock();
    fleet = new Fleet({ clock });
    const [cp] = await fleet.spawn({
      url: cs.url,
      count: 1,
      rampPerSecond: 0,
      autoSessions: { idleS: [1, 1], chargeS: [600, 600], remoteStartShare: 0 },
      configuration: { ClockAlignedDataInterval: 0 },
    });
    await waitFor(() => cp!.registration === 'Accepted' && cp!.idle, 'registered');
    clock.advance(1000);
    await waitFor(() => cp!.connector(1).tx?.id && cp!.connector(2).tx?.id && cp!.idle, 'both started with a card');
    expect(cs.calls(cp!.id, 'Authorize')).toHaveLength(2);
    expect((await cs.call(cp!.id, 'RemoteStartTransaction', { connectorId: 1, idTag: 'REMOTE' }))[2]).toEqual({ status: 'Rejected' });
    expect(cs.calls(cp!.id, 'StartTransaction')).toHaveLength(2);
  });
});
