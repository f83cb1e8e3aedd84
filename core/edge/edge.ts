/**
 * The websocket edge chargers connect to: ws://HOST:PORT/ocpp/{id} (also /{id} and /ws/{id}), or wss:// with
 * the user's certificate (security profile 2), optionally requiring client certificates (profile 3, mutual TLS).
 * It decides who may connect (path, client certificate, unknown ids, HTTP Basic auth) and in which OCPP version
 * (subprotocol.ts: ocpp1.6 / ocpp2.0.1 by Sec-WebSocket-Protocol, preference order, per-charger pinning), forwards
 * every frame and connection event through the EdgeTransport with the connection's version, and executes the
 * backend's commands (replies, queued CALLs, disconnects) on the right socket. `GET /health` answers.
 */
import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import { threadId } from 'node:worker_threads';
import { systemClock } from '../util/clock.js';
import { isoTime } from '../util/isoTime.js';
import { createLogger } from '../util/log.js';
import type { EdgeCommand, EdgeEvent, TransportStatus } from '../transport/types.js';
import { parseChargePointPath } from './chargePointId.js';
import { checkPreference, negotiate, type Negotiation, type NegotiationPolicy } from './subprotocol.js';
import { checkClientCertificate } from './clientCertificate.js';
import type { ProtocolVersion } from '../ocpp/protocol.js';
import { parseBasicAuth, verifyPassword } from './passwords.js';
import { ChargerConnection, errorMessage, type EventBody } from './connection.js';
import { EDGE_DEFAULTS, type EdgeOptions } from './options.js';
import type { ChargerEntry } from './chargerDirectory.js';

export interface Edge {
  readonly edgeId: string;
  /** ws://host:port or wss://host:port (append /ocpp/{id}). */
  readonly url: string;
  readonly port: number;
  /** The thread its websockets are served on (node:worker_threads threadId: the edge thread's, or the process's own). */
  readonly threadId: number;
  /** Charge point ids with a live connection on this edge. */
  connectedChargers(): string[];
  health(): EdgeHealth;
  /** Whether ids the directory does not know may connect (changeable at runtime, e.g. from the bench UI). */
  acceptsUnknownChargers(): boolean;
  setAcceptUnknownChargers(accept: boolean): void;
  /** Closes a charger's live connection; false when it is not connected here. */
  disconnect(chargePointId: string, code?: number, reason?: string): boolean;
  /** Closes every charger connection (code 1001), stops listening and stops the transport. */
  close(): Promise<void>;
}

export interface EdgeHealth {
  ok: boolean;
  edgeId: string;
  connections: number;
  transport: TransportStatus;
}

export async function startEdge(options: EdgeOptions): Promise<Edge> {
  const o = { ...EDGE_DEFAULTS, ...stripUndefined(options) };
  const clock = options.clock ?? systemClock;
  const transport = options.transport;
  const edgeId = transport.edgeId;
  const log = createLogger('edge', { edgeId });
  const connections = new Map<string, ChargerConnection>();
  const all = new Set<ChargerConnection>();
  let seq = 0;
  let closing = false;
  let acceptUnknown: boolean = o.acceptUnknownChargers;
  const preference = checkPreference(o.protocols);
  const policy: NegotiationPolicy = {
    preference,
    requireSubprotocol: o.requireSubprotocol,
    noSubprotocolVersion: o.noSubprotocolVersion ?? (preference.includes('ocpp1.6') ? 'ocpp1.6' : preference[0]!),
  };
  if (!preference.includes(policy.noSubprotocolVersion)) {
    throw new Error(`The version for chargers offering no subprotocol (${policy.noSubprotocolVersion}) is not one this edge speaks (${preference.join(', ')})`);
  }
  const mutualTls = Boolean(o.tls?.clientCaFile);
  /** The negotiation of each handshake in progress, for handleProtocols. */
  const negotiated = new WeakMap<IncomingMessage, Negotiation>();

  const emit = (conn: { chargePointId: string; connectionId: string }, body: EventBody): Promise<void> => {
    const event = {
      ...body,
      chargePointId: conn.chargePointId,
      connectionId: conn.connectionId,
      edgeId,
      eventId: `${edgeId}:${++seq}`,
      at: isoTime(clock.now()),
    } as EdgeEvent;
    return transport.publish(event);
  };

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: o.maxFrameBytes,
    // The choice was made in handleUpgrade; false sends no Sec-WebSocket-Protocol (none offered, or none acceptable).
    handleProtocols: (_offered, req) => {
      const n = negotiated.get(req);
      return n?.ok && n.subprotocol ? n.subprotocol : false;
    },
  });

  const server: Server = o.tls
    ? createHttpsServer({
        cert: readFileSync(o.tls.certFile),
        key: readFileSync(o.tls.keyFile),
        ...(o.tls.caFile || o.tls.clientCaFile
          ? { ca: [o.tls.caFile, o.tls.clientCaFile].filter((f): f is string => Boolean(f)).map((f) => readFileSync(f)) }
          : {}),
        // Profile 3: ask for a client certificate; its verdict is checked per handshake so a refusal names the reason.
        ...(mutualTls ? { requestCert: true, rejectUnauthorized: false } : {}),
      })
    : createHttpServer();

  function health(): EdgeHealth {
    const t = transport.status();
    return { ok: t.connected && !closing, edgeId, connections: connections.size, transport: t };
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(h));
      return;
    }
    res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' });
    res.end(
      `This is an OCPP websocket endpoint (${policy.preference.join(', ')}): connect with a websocket client to /ocpp/{chargePointId} (GET /health for status)\n`,
    );
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    handleUpgrade(req, socket, head).catch((err: unknown) => {
      log.error({ err }, 'websocket handshake failed');
      refuse(socket, 500, `Handshake failed: ${errorMessage(err)}`);
    });
  });

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const remoteAddress = req.socket.remoteAddress ?? 'unknown';
    let refusedId: string | null = null;
    const reject = (status: number, message: string, headers: Record<string, string> = {}, unknownId = false): void => {
      log.warn({ url: req.url, remoteAddress, status }, `connection refused: ${message}`);
      refuse(socket, status, message, headers);
      try {
        options.onRefused?.({
          chargePointId: refusedId,
          path: (req.url ?? '').slice(0, 200),
          remoteAddress,
          status,
          reason: message,
          at: new Date(clock.now()).toISOString(),
          unknownId,
        });
      } catch (err) {
        log.warn({ err }, 'refusal listener failed');
      }
    };
    if (closing) return reject(503, 'Edge is shutting down; reconnect later');
    const parsed = parseChargePointPath(req.url);
    if (!parsed.ok) return reject(parsed.status, parsed.message);
    const id = parsed.chargePointId;
    refusedId = id;
    if (mutualTls) {
      const cert = checkClientCertificate(req.socket as TLSSocket, id);
      if (!cert.ok) return reject(cert.status, `security profile 3: ${cert.message}`);
    }

    const entry: ChargerEntry | undefined = options.directory ? await options.directory.lookup(id) : undefined;
    if (!entry && !acceptUnknown) {
      return reject(404, `Unknown charge point "${id}": register it first or enable accepting unknown chargers`, {}, true);
    }
    if (entry?.passwordHash || o.requireBasicAuth) {
      const challenge = { 'WWW-Authenticate': 'Basic realm="ChargeBench OCPP", charset="UTF-8"' };
      const creds = parseBasicAuth(headerText(req.headers.authorization));
      if (!creds) return reject(401, `Charge point "${id}" must authenticate with HTTP Basic auth (security profile 1)`, challenge);
      if (creds.user !== id) return reject(401, `Basic auth user "${creds.user}" does not match the charge point id "${id}"`, challenge);
      if (!entry?.passwordHash) return reject(401, `No password is set for charge point "${id}"; set one before it can connect`, challenge);
      if (!(await verifyPassword(creds.password, entry.passwordHash))) return reject(401, `Wrong password for charge point "${id}"`, challenge);
    }
    const proto = negotiate(headerText(req.headers['sec-websocket-protocol']), policy, entry?.protocol);
    if (!proto.ok && proto.refusal === 'none') return reject(400, proto.message);
    if (closing) return reject(503, 'Edge is shutting down; reconnect later');
    negotiated.set(req, proto);
    if (!proto.ok) {
      // RFC 6455 §4.2.2 / OCPP-J: complete the handshake selecting no subprotocol, then close at once.
      log.warn(
        { url: req.url, remoteAddress, chargePointId: id, offered: headerText(req.headers['sec-websocket-protocol']) },
        `connection refused: ${proto.message}`,
      );
      wss.handleUpgrade(req, socket, head, (ws) => ws.close(1002, proto.message.slice(0, 120)));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, id, remoteAddress, proto.subprotocol, proto.protocol, proto.by, entry));
  }

  function accept(
    ws: WebSocket,
    chargePointId: string,
    remoteAddress: string,
    subprotocol: string | null,
    protocol: ProtocolVersion,
    by: string,
    entry: ChargerEntry | undefined,
  ): void {
    const connectionId = randomUUID();
    const conn = new ChargerConnection(chargePointId, connectionId, ws, remoteAddress, subprotocol, protocol, {
      clock,
      log,
      maxPendingFrames: o.maxPendingFrames,
      maxQueuedCalls: o.maxQueuedCalls,
      pingIntervalSec: entry?.pingIntervalSec ?? o.pingIntervalSec,
      emit,
      onClosed: (c, code, reason) => {
        all.delete(c);
        const current = connections.get(c.chargePointId) === c;
        if (current) connections.delete(c.chargePointId);
        log.info(
          { event: 'disconnect', chargePointId: c.chargePointId, connectionId: c.connectionId, code, reason, replaced: !current },
          'charger disconnected',
        );
        emit(c, { kind: 'disconnect', code, reason }).catch((err: unknown) =>
          log.error({ err, chargePointId: c.chargePointId }, 'disconnect event could not be handed to the transport'),
        );
      },
    });
    const previous = connections.get(chargePointId);
    connections.set(chargePointId, conn);
    all.add(conn);
    log.info(
      { event: 'connect', chargePointId, connectionId, remoteAddress, subprotocol, protocol, protocolBy: by, replacing: previous?.connectionId ?? null },
      'charger connected',
    );
    emit(conn, { kind: 'connect', remoteAddress, subprotocol, protocol }).catch((err: unknown) => {
      log.error({ err, chargePointId }, 'connect event could not be handed to the transport; closing the connection');
      conn.close(1013, 'Central system unavailable; reconnect later');
    });
    previous?.replace();
  }

  function onCommand(command: EdgeCommand): void {
    const conn = connections.get(command.chargePointId);
    switch (command.kind) {
      case 'send':
        if (!conn || (command.connectionId && command.connectionId !== conn.connectionId) || !conn.writeReply(command.text)) {
          log.warn({ chargePointId: command.chargePointId, connectionId: command.connectionId }, 'reply not delivered: the connection it answers is gone');
        }
        return;
      case 'call':
        if (!conn) {
          emit(
            { chargePointId: command.chargePointId, connectionId: '' },
            {
              kind: 'callFailed',
              messageId: command.messageId,
              reason: 'disconnected',
              description: `Charge point ${command.chargePointId} is not connected to edge ${edgeId}`,
            },
          ).catch((err: unknown) => log.error({ err }, 'callFailed event could not be handed to the transport'));
          return;
        }
        if (conn.queue.has(command.messageId)) {
          log.warn({ chargePointId: command.chargePointId, messageId: command.messageId }, 'duplicate CALL command ignored (already queued)');
          return;
        }
        conn.enqueueCall(command);
        return;
      case 'disconnect':
        conn?.close(command.code, command.reason);
        return;
    }
  }

  // Commands for this edge may have been lost (its command queue vanished while it was away from the broker):
  // chargers still owed a reply are dropped, so they reconnect and send their CALLs again.
  transport.onCommandsLost?.(() => {
    for (const c of all) {
      if (c.replies.owed > 0) c.close(1013, 'The central system may have lost replies to your CALLs; reconnect and retry');
    }
  });
  await transport.start(onCommand);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${o.tls ? 'wss' : 'ws'}://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;

  return {
    edgeId,
    url,
    port,
    threadId,
    connectedChargers: () => [...connections.keys()],
    health,
    acceptsUnknownChargers: () => acceptUnknown,
    setAcceptUnknownChargers(accept) {
      acceptUnknown = accept;
    },
    disconnect(chargePointId, code = 1000, reason = 'Disconnected by the central system') {
      const conn = connections.get(chargePointId);
      if (!conn) return false;
      conn.close(code, reason);
      return true;
    },
    async close() {
      if (closing) return;
      closing = true;
      const closed = [...all].map(
        (c) =>
          new Promise<void>((resolve) => {
            // A socket already closing (the charger hung up) still reports its disconnect before the transport stops.
            if (c.ws.readyState === c.ws.CLOSED) return resolve();
            c.ws.once('close', () => resolve());
            c.close(1001, 'Edge shutting down');
            clock.setTimeout(() => {
              c.ws.terminate();
              resolve();
            }, 2000);
          }),
      );
      await Promise.all(closed);
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      // Let the disconnect events reach the transport before it stops.
      await new Promise((r) => setImmediate(r));
      await transport.stop();
    },
  };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function refuse(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`,
  );
}

function stripUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
