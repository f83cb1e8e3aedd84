import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listProfiles, loadProfile, parseProfile } from './profile.js';
import { Configuration } from './configuration.js';

describe('profiles', () => {
  it('lists the shipped profiles, all valid, with their quirks', () => {
    const list = listProfiles();
    const names = list.map((p) => p.name);
    for (const n of ['reference', 'grizzl-e', 'naive-clock', 'sloppy-tx', 'stubborn-stop', 'double-start']) expect(names).toContain(n);
    expect(list.find((p) => p.name === 'double-start')?.quirks).toEqual(['doubleStartOnRemoteStart']);
    expect(loadProfile('reference').driver).toEqual({ remoteStartShare: 0.35, remoteStartWaitS: 60 });
    expect(loadProfile('grizzl-e').driver.remoteStartShare).toBe(0.7);
    expect(list.find((p) => p.name === 'reference')?.quirks).toEqual([]);
    expect(list.find((p) => p.name === 'grizzl-e')?.quirks).toEqual(['noSubprotocol', 'malformedPongs', 'remoteStartMinDelayMs=1000', 'connector1Only']);
    for (const p of list) new Configuration(loadProfile(p.name));
  });

  it('rejects invalid profiles with a message naming the problem', () => {
    expect(() => parseProfile({ name: 'x' }, 'x.yaml')).toThrow(/x.yaml: invalid charger profile: .*must have required property 'vendor'/);
    const good = { name: 'x', description: 'd', vendor: 'v', model: 'm', firmwareVersion: '1', connectors: 1, maxPowerW: 1000, phases: 1, voltage: 230 };
    expect(() => parseProfile({ ...good, quirks: { flyingCar: true } })).toThrow(/"flyingCar"/);
    expect(() => parseProfile({ ...good, phases: 2 })).toThrow(/phases/);
    expect(parseProfile(good).timing.callTimeoutS).toBe(30);
    expect(() => loadProfile('nope')).toThrow(/Unknown charger profile "nope". Available: .*reference/);
  });

  it('loads a profile file by path (YAML or JSON) and checks configuration values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-profile-'));
    const file = join(dir, 'mine.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'mine',
        description: 'd',
        vendor: 'v',
        model: 'm',
        firmwareVersion: '1',
        connectors: 1,
        maxPowerW: 1000,
        phases: 1,
        voltage: 230,
        configuration: { HeartbeatInterval: 'often' },
      }),
    );
    expect(() => new Configuration(loadProfile(file))).toThrow(/HeartbeatInterval=often: must be an integer/);
    writeFileSync(join(dir, 'other.yaml'), 'name: wrong\n');
    expect(() => loadProfile(join(dir, 'other.yaml'))).toThrow(/invalid charger profile/);
  });
});
