/**
 * Full sessions from simulated chargers against ChargeBench's own backend (startServe: edge + backend + store in one
 * process, in-process transport): every transaction and meter value the chargers produced is stored, consistent
 * with what the chargers measured. (Integration test only: the simulator code itself never imports the backend.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../app/services.js';
import { Fleet } from './fleet.js';
import { waitFor } from './testing/helpers.js';

let serve: ServeHandle | null = null;
let fleet: Fleet | null = null;
afterEach(async () => {
  await fleet?.stopAll();
  await serve?.stop();
  fleet = null;
  serve = null;
});

describe('simulated chargers against ChargeBench backend', () => {
  it('persists consistent transactions and meter values for local and remote sessions', async () => {
    serve = await startServe({ memory: true, ocppPort: 0, env: {} });
    fleet = new Fleet();
    const f = fleet;
    const s = serve;
    const chargers = await f.spawn({
      url: s.ocppUrl,
      count: 4,
      profile: 'reference',
      rampPerSecond: 0,
      configuration: { MeterValueSampleInterval: 1, ClockAlignedDataInterval: 0, StopTxnSampledData: 'Energy.Active.Import.Register,Power.Active.Import' },
    });
    await waitFor(() => chargers.every((cp) => cp.registration === 'Accepted' && cp.idle), 'all registered');

    // Local sessions on connector 1 of every charger; a remote start from the backend on connector 2 of the first.
    for (const cp of chargers) {
      await f.act(cp.id, { type: 'plug', connectorId: 1, ev: { soc: 40, maxPowerW: 11_000 } });
      await f.act(cp.id, { type: 'start', connectorId: 1, idTag: `TAG-${cp.id}` });
    }
    const first = chargers[0]!;
    await f.act(first.id, { type: 'plug', connectorId: 2 });
    expect(await s.backend.sendCall(first.id, 'RemoteStartTransaction', { idTag: 'REMOTE-1', connectorId: 2 })).toEqual({ status: 'Accepted' });
    await waitFor(() => chargers.every((cp) => cp.connector(1).tx?.id) && first.connector(2).tx?.id, 'transactions started');
    const sessions = chargers.map((cp) => ({ cp, connectorId: 1, id: cp.connector(1).tx!.id! }));
    sessions.push({ cp: first, connectorId: 2, id: first.connector(2).tx!.id! });
    const energySamples = (id: number) =>
      s.store.meterSamples.list({ transactionId: id, measurand: 'Energy.Active.Import.Register' }).filter((x) => x.source === 'MeterValues');
    await waitFor(() => sessions.every((x) => energySamples(x.id).length >= 3), 'three samples per session', 15_000);
    expect(await s.backend.sendCall(first.id, 'RemoteStopTransaction', { transactionId: first.connector(2).tx!.id! })).toEqual({ status: 'Accepted' });
    for (const cp of chargers) {
      await f.act(cp.id, { type: 'stop', connectorId: 1, reason: 'Local' });
      await f.act(cp.id, { type: 'unplug', connectorId: 1 });
    }
    await waitFor(
      () => chargers.every((cp) => cp.idle) && sessions.every((x) => s.store.transactions.get(x.id)?.state === 'stopped'),
      'all stopped and stored',
    );

    for (const { cp, connectorId, id } of sessions) {
      const row = s.store.transactions.get(id)!;
      expect(row).toMatchObject({ chargePointId: cp.id, connectorId, state: 'stopped', stopReason: connectorId === 2 ? 'Remote' : 'Local' });
      expect(row.meterStop).toBe(Math.floor(cp.connector(connectorId).meter.energyWh));
      expect(row.energyWh).toBeGreaterThan(0);
      const samples = s.store.meterSamples.list({ transactionId: id });
      const energy = energySamples(id).map((x) => x.numericValue as number);
      expect(energy.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < energy.length; i++) expect(energy[i]!).toBeGreaterThanOrEqual(energy[i - 1]!);
      expect(energy[0]!).toBeGreaterThanOrEqual(row.meterStart);
      expect(energy.at(-1)!).toBeLessThanOrEqual(row.meterStop!);
      expect(samples.some((x) => x.source === 'StopTransaction' && x.context === 'Transaction.End')).toBe(true);
    }
    expect(f.stats.callErrorsReceived).toBe(0);
    expect(f.stats.invalidReplies).toBe(0);
  });
});
