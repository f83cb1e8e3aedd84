import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPayload } from '../ocpp/index.js';
import { TestCentralSystem } from './testing/testCentralSystem.js';
import { advance, makeCharger, waitFor } from './testing/helpers.js';

let cs: TestCentralSystem;
beforeEach(async () => {
  cs = await TestCentralSystem.start();
});
afterEach(async () => {
  await cs.close();
});

function allCallsValid(): void {
  for (const c of cs.calls()) {
    expect(checkPayload(c.action, 'req', c.payload), `${c.action} ${c.text}`).toBeNull();
  }
}

describe('charger session', () => {
  it('boots, heartbeats, charges with meter values and stops with transactionData', async () => {
    const t = makeCharger(cs.url, 'reference', { configuration: { MeterValueSampleInterval: 60, ClockAlignedDataInterval: 0 } });
    const { cp } = t;
    await cp.powerOn();
    await waitFor(() => cp.registration === 'Accepted', 'boot accepted');
    await waitFor(() => cs.calls('CP-1', 'StatusNotification').length === 3, 'status of connectors 0..2');
    expect(cs.connections[0]?.protocol).toBe('ocpp1.6');
    await advance(t, 300_000);
    await waitFor(() => cs.calls('CP-1', 'Heartbeat').length === 1, 'heartbeat');

    cp.plug(1, { soc: 50, capacityWh: 60_000, maxPowerW: 11_000, targetSoc: 100 });
    const info = await cp.start(1, 'TAG-1');
    expect(info.status).toBe('Accepted');
    await waitFor(() => cp.connector(1).tx?.id, 'transaction id');
    expect(cp.connector(1).status).toBe('Charging');
    for (let i = 0; i < 10; i++) {
      await advance(t, 60_000);
      await waitFor(() => cs.calls('CP-1', 'MeterValues').length === i + 1, `meter value ${i + 1}`);
    }
    const mvs = cs.calls('CP-1', 'MeterValues');
    const energies = mvs.map((m) =>
      Number(
        (m.payload.meterValue as { sampledValue: { measurand?: string; value: string }[] }[])[0]?.sampledValue.find(
          (s) => s.measurand === 'Energy.Active.Import.Register',
        )?.value,
      ),
    );
    for (let i = 1; i < energies.length; i++) expect(energies[i]).toBeGreaterThan(energies[i - 1] as number);
    // 11 kW for 60 s = 183 Wh per sample
    expect((energies[1] as number) - (energies[0] as number)).toBeGreaterThanOrEqual(182);
    expect((energies[1] as number) - (energies[0] as number)).toBeLessThanOrEqual(184);
    expect(mvs[0]?.payload.transactionId).toBe(1);

    cp.stopTransaction(1, 'Local');
    await waitFor(() => cs.calls('CP-1', 'StopTransaction').length === 1, 'stop');
    const stop = cs.calls('CP-1', 'StopTransaction')[0]?.payload as { meterStop: number; transactionData: unknown[]; reason: string };
    expect(stop.reason).toBe('Local');
    expect(stop.transactionData).toHaveLength(2);
    expect(stop.meterStop).toBeGreaterThanOrEqual(energies[9] as number);
    expect(cp.connector(1).status).toBe('Finishing');
    cp.unplug(1);
    await waitFor(
      () => cs.calls('CP-1', 'StatusNotification').some((c) => c.payload.status === 'Available' && c.payload.connectorId === 1 && c.at > 0),
      'available',
    );
    expect(cp.connector(1).status).toBe('Available');
    allCallsValid();
    await cp.stop();
  });
});
