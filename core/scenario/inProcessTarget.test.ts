import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenarioFiles } from './runFiles.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-scen-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scenarios against ChargeBench in-process', () => {
  it('toggles a middleware, changes a setting and sends commands through the real backend', async () => {
    const file = join(dir, 'autostart.yaml');
    await writeFile(
      file,
      `name: AutoRemoteStart on and off
chargers: [{ id: IP-1 }]
backend:
  settings: { autoRemoteStart.delayMs: 0 }
steps:
  - do: boot
  - do: plug
    ev: { soc: 20, capacityWh: 80000, maxPowerW: 7000, targetSoc: 100 }
  - do: expectFrame
    from: csms
    action: RemoteStartTransaction
    reply: { status: Accepted }
    within: 30s
  - do: waitFor
    status: { status: Charging }
    timeout: 1m
  - do: send
    action: RemoteStopTransaction
    payload: { transactionId: "\${transactionId}" }
    expect: { status: Accepted }
  - do: expectTransaction
    stopReason: Remote
    within: 1m
  - do: unplug
  - do: middleware
    name: AutoRemoteStart
    enabled: false
  - do: setting
    key: heartbeatInterval
    value: 120
  - do: plug
  - do: expectFrame
    from: csms
    action: RemoteStartTransaction
    within: 2m
    absent: true
  - do: send
    action: GetConfiguration
    payload: { key: [HeartbeatInterval] }
  - do: expectNoCallError
`,
    );
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'name: bad\nchargers: [{ id: X }]\nsteps:\n  - do: meter\n    kw: 7\n');
    const [r, b] = await runScenarioFiles([file, bad], { speed: 300 });
    expect(r?.steps.map((s) => `${s.status} ${s.title}: ${s.message}`).filter((s) => !s.startsWith('passed'))).toEqual([]);
    expect(r?.status).toBe('passed');
    expect(r?.target).toBe('in-process');
    expect(b?.status).toBe('error');
    expect(b?.error).toMatch(/bad\.yaml:4:5: steps\[0\]: missing required property "duration"/);
  });
});
