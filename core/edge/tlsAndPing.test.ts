import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInProcessTransport } from '../transport/inProcess.js';
import { startScriptedBackend } from '../transport/testing/scriptedBackend.js';
import { startEdge, type Edge } from './edge.js';
import { staticChargerDirectory } from './chargerDirectory.js';
import { connectCharger } from './testing/wsClient.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('\n*** SKIPPING wss (security profile 2) test: openssl is not installed to make a self-signed certificate ***\n');
    return false;
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(!hasOpenssl())('wss (security profile 2)', () => {
  it("serves wss:// with the user's certificate files", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-tls-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const t = createInProcessTransport();
    await startScriptedBackend(t.backend);
    const edge: Edge = await startEdge({ transport: t.createEdgeTransport('tls-edge'), port: 0, tls: { certFile, keyFile } });
    cleanups.push(() => edge.close());
    expect(edge.url).toMatch(/^wss:\/\//);
    const c = await connectCharger(`${edge.url}/ocpp/SECURE`, ['ocpp1.6'], { ca: [readFileSync(certFile)] });
    c.send([2, 't1', 'Heartbeat', {}]);
    expect((await c.next()).slice(0, 2)).toEqual([3, 't1']);
    await c.close();
    // a client that does not trust the certificate cannot connect
    await expect(connectCharger(`${edge.url}/ocpp/SECURE`)).rejects.toThrow();
  });
});

describe('websocket ping policy', () => {
  it('terminates a charger that stops answering pings; per-charger 0 turns pings off (Grizzl-E)', async () => {
    const t = createInProcessTransport();
    const backend = await startScriptedBackend(t.backend);
    const edge = await startEdge({
      transport: t.createEdgeTransport('ping-edge'),
      port: 0,
      pingIntervalSec: 0.1,
      directory: staticChargerDirectory({ GRIZZLE: { pingIntervalSec: 0 } }),
    });
    cleanups.push(() => edge.close());
    const deaf = await connectCharger(`${edge.url}/ocpp/DEAF`, ['ocpp1.6'], { autoPong: false });
    const grizzle = await connectCharger(`${edge.url}/ocpp/GRIZZLE`, [], { autoPong: false });
    const healthy = await connectCharger(`${edge.url}/ocpp/HEALTHY`);
    expect((await deaf.closed).code).toBe(1006);
    await new Promise((r) => setTimeout(r, 300));
    expect(grizzle.ws.readyState).toBe(grizzle.ws.OPEN);
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    expect(backend.events.some((e) => e.kind === 'disconnect' && e.chargePointId === 'DEAF')).toBe(true);
    await grizzle.close();
    await healthy.close();
  });
});
