/**
 * Security profile 3 (mutual TLS) for both OCPP versions over real loopback wss://: the client certificate must be
 * signed by the configured CA and its CN or a subjectAltName must be the charge point id in the URL. Certificates
 * are made in the test with the openssl binary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInProcessTransport } from '../transport/inProcess.js';
import type { ConnectEvent, EdgeEvent } from '../transport/types.js';
import { startEdge, type Edge } from './edge.js';
import { connectCharger, handshakeStatus, waitFor } from './testing/wsClient.js';
import { hasOpenssl } from './testing/openssl.js';

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

describe.skipIf(!hasOpenssl('mutual TLS (security profile 3) tests'))('mutual TLS (security profile 3), and profile 2 for OCPP 2.0.1', () => {
  let dir = '';
  let edge: Edge;
  const events: EdgeEvent[] = [];
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

  /** A client key and certificate signed by `ca`, with this subject CN and optional subjectAltName. */
  function clientCert(name: string, cn: string, san: string | null, ca = 'ca'): { key: Buffer; cert: Buffer } {
    openssl('req', ...EC, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/O=ChargeBench test/CN=${cn}`);
    const ext = file(`${name}.ext`);
    writeFileSync(ext, `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n${san ? `subjectAltName=${san}\n` : ''}`);
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file(`${ca}.pem`),
      '-CAkey',
      file(`${ca}.key`),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      ext,
      '-out',
      file(`${name}.pem`),
    );
    return { key: readFileSync(file(`${name}.key`)), cert: readFileSync(file(`${name}.pem`)) };
  }

  let serverCa: Buffer[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-mtls-'));
    openssl(
      'req',
      '-x509',
      ...EC,
      '-keyout',
      file('server.key'),
      '-out',
      file('server.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    );
    openssl('req', '-x509', ...EC, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '1', '-subj', '/CN=ChargeBench test charger CA');
    openssl('req', '-x509', ...EC, '-keyout', file('rogue.key'), '-out', file('rogue.pem'), '-days', '1', '-subj', '/CN=Some other CA');
    serverCa = [readFileSync(file('server.pem'))];
    const t = createInProcessTransport();
    void t.backend.start(async (event) => {
      events.push(event);
      if (event.kind === 'frame') {
        const f = JSON.parse(event.text) as unknown[];
        if (f[0] === 2)
          await t.backend.send({ kind: 'send', chargePointId: event.chargePointId, connectionId: event.connectionId, text: JSON.stringify([3, f[1], {}]) });
      }
    });
    edge = await startEdge({
      transport: t.createEdgeTransport('mtls-edge'),
      host: '127.0.0.1',
      port: 0,
      tls: { certFile: file('server.pem'), keyFile: file('server.key'), clientCaFile: file('ca.pem') },
    });
  });
  afterAll(async () => {
    await edge?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const connectOf = (id: string) => events.find((e): e is ConnectEvent => e.kind === 'connect' && e.chargePointId === id);

  it('accepts a charger whose certificate CN is its id, in either OCPP version', async () => {
    const { key, cert } = clientCert('cn', 'MTLS-CN', null);
    for (const [id, protocols] of [
      ['MTLS-CN', ['ocpp1.6']],
      ['MTLS-CN', ['ocpp2.0.1']],
    ] as const) {
      const c = await connectCharger(`${edge.url}/ocpp/${id}`, [...protocols], { key, cert, ca: serverCa });
      expect(c.ws.protocol).toBe(protocols[0]);
      c.send([2, 'h1', 'Heartbeat', {}]);
      expect((await c.next()).slice(0, 2)).toEqual([3, 'h1']);
      await c.close();
    }
    await waitFor(() => Boolean(connectOf('MTLS-CN')));
    expect(events.filter((e): e is ConnectEvent => e.kind === 'connect' && e.chargePointId === 'MTLS-CN').map((e) => e.protocol)).toEqual([
      'ocpp1.6',
      'ocpp2.0.1',
    ]);
  });

  it('accepts a charger named by a subjectAltName (DNS or URI) when the CN is something else', async () => {
    const dns = clientCert('san-dns', 'serial 0042', 'DNS:MTLS-SAN');
    const uri = clientCert('san-uri', 'serial 0043', 'URI:MTLS-URI, DNS:elsewhere.example');
    const a = await connectCharger(`${edge.url}/ocpp/MTLS-SAN`, ['ocpp2.0.1'], { ...dns, ca: serverCa });
    const b = await connectCharger(`${edge.url}/ocpp/MTLS-URI`, ['ocpp1.6'], { ...uri, ca: serverCa });
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a certificate that names another charger (403), one from another CA (401), and none (401)', async () => {
    const other = clientCert('other', 'MTLS-OTHER', 'DNS:MTLS-OTHER-2');
    const wrongId = await handshakeStatus(`${edge.url}/ocpp/MTLS-VICTIM`, ['ocpp2.0.1'], { ...other, ca: serverCa });
    expect(wrongId.status).toBe(403);
    expect(wrongId.body).toMatch(/does not identify charge point "MTLS-VICTIM"/);
    const rogue = clientCert('rogue-client', 'MTLS-ROGUE', null, 'rogue');
    const untrusted = await handshakeStatus(`${edge.url}/ocpp/MTLS-ROGUE`, ['ocpp1.6'], { ...rogue, ca: serverCa });
    expect(untrusted.status).toBe(401);
    expect(untrusted.body).toMatch(/is not trusted/);
    const none = await handshakeStatus(`${edge.url}/ocpp/MTLS-NONE`, ['ocpp1.6'], { ca: serverCa });
    expect(none.status).toBe(401);
    expect(none.body).toMatch(/no client certificate/);
    expect(events.filter((e) => ['MTLS-VICTIM', 'MTLS-ROGUE', 'MTLS-NONE'].includes(e.chargePointId))).toEqual([]);
  });

  it('profile 2 (wss://, no client certificate) serves 2.0.1 chargers as it serves 1.6 ones', async () => {
    const t = createInProcessTransport();
    void t.backend.start(async () => {});
    const tlsOnly = await startEdge({
      transport: t.createEdgeTransport('tls-only'),
      host: '127.0.0.1',
      port: 0,
      tls: { certFile: file('server.pem'), keyFile: file('server.key') },
    });
    try {
      for (const protocols of [['ocpp2.0.1'], ['ocpp1.6']]) {
        const c = await connectCharger(`${tlsOnly.url}/ocpp/TLS-ONLY`, protocols, { ca: serverCa });
        expect(c.ws.protocol).toBe(protocols[0]);
        await c.close();
      }
    } finally {
      await tlsOnly.close();
    }
  });
});
