/** The edge's version and mutual-TLS flags, and a chargers file pinning versions. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EDGE_FLAGS, UsageError, edgeSettings, parseFlags } from './serviceFlags.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const settingsOf = (argv: string[]) => edgeSettings(parseFlags(argv, EDGE_FLAGS));

describe('edge flags for OCPP versions and security profile 3', () => {
  it('--ocpp-versions orders the versions, --default-ocpp-version names the one for chargers offering none', async () => {
    const { edge } = await settingsOf(['--ocpp-versions', 'ocpp2.0.1, ocpp1.6', '--default-ocpp-version', 'ocpp2.0.1']);
    expect(edge).toMatchObject({ protocols: ['ocpp2.0.1', 'ocpp1.6'], noSubprotocolVersion: 'ocpp2.0.1' });
    await expect(settingsOf(['--ocpp-versions', 'ocpp2.1'])).rejects.toThrow(/--ocpp-versions: Unknown OCPP version "ocpp2.1"/);
    await expect(settingsOf(['--ocpp-versions', 'ocpp1.6,ocpp1.6'])).rejects.toThrow(UsageError);
    await expect(settingsOf(['--default-ocpp-version', '1.6'])).rejects.toThrow(/must be one of ocpp1.6, ocpp2.0.1/);
  });

  it('--tls-client-ca turns on mutual TLS, and needs --tls-cert/--tls-key', async () => {
    const { edge } = await settingsOf(['--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--tls-client-ca', 'ca.pem']);
    expect(edge.tls).toEqual({ certFile: 'c.pem', keyFile: 'k.pem', clientCaFile: 'ca.pem' });
    await expect(settingsOf(['--tls-client-ca', 'ca.pem'])).rejects.toThrow(/--tls-client-ca needs --tls-cert and --tls-key/);
  });

  it("a chargers file pins a charger's version; an unknown version is refused", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-flags-'));
    dirs.push(dir);
    const file = join(dir, 'chargers.yaml');
    await writeFile(file, 'chargers:\n  GRIZZLE: { pingIntervalSec: 0 }\n  NEW-ONE: { protocol: ocpp2.0.1 }\n');
    const { edge } = await settingsOf(['--chargers', file]);
    expect(await edge.directory!.lookup('NEW-ONE')).toEqual({ protocol: 'ocpp2.0.1' });
    expect(await edge.directory!.lookup('GRIZZLE')).toEqual({ pingIntervalSec: 0 });
    await writeFile(file, 'chargers:\n  X: { protocol: ocpp3 }\n');
    await expect(settingsOf(['--chargers', file])).rejects.toThrow(/chargers.X.protocol must be one of ocpp1.6, ocpp2.0.1/);
  });
});
