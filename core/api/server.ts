/**
 * The bench API server: REST under /api, the live websocket at /api/live, and the built renderer at /.
 * Bound to 127.0.0.1 only. Every /api request and the websocket need the per-launch token; Host and Origin
 * are checked; there are no CORS headers at all (cross-origin callers are refused, not "allowed *").
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { readJsonBody, sendJson } from './http.js';
import { HttpError, errorResponse } from './errors.js';
import { checkRequestPart, responseProblem } from './validation.js';
import { LiveStream, type LiveStreamOptions } from './liveStream.js';
import { Router, type RouteContext } from './router.js';
import { allRoutes } from './routes/index.js';
import { checkHostAndOrigin, newToken, presentedToken, tokenMatches, type SecurityPolicy } from './security.js';
import type { ApiServices } from './services.js';
import { serveStatic } from './staticFiles.js';
import { createLogger } from '../util/log.js';

const log = createLogger('api');

export interface ApiServerOptions {
  services: ApiServices;
  /** 0 = ephemeral. */
  port?: number;
  /** Defaults to a fresh random token. */
  token?: string;
  /** Directory of the built renderer (index.html); null = API only. */
  staticDir?: string | null;
  /** Extra origins allowed to call the API (e.g. the Vite dev server). */
  extraOrigins?: string[];
  live?: LiveStreamOptions;
  /** Check every response against its route's contract; a mismatch answers 500 naming the field (tests). */
  checkResponses?: boolean;
}

export interface ApiServer {
  readonly port: number;
  readonly token: string;
  /** http://127.0.0.1:PORT */
  readonly baseUrl: string;
  /** The address to open in a browser: base URL with the token in the fragment (never sent to a server). */
  readonly uiUrl: string;
  readonly live: LiveStream;
  close(): Promise<void>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const token = opts.token ?? newToken();
  let port = 0;
  const policy: SecurityPolicy = { token, port: () => port, extraOrigins: opts.extraOrigins ?? [] };
  const router = new Router().add(allRoutes);
  const live = new LiveStream(opts.services, opts.live);

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      log.error({ err: (err as Error).message }, 'unhandled API error');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error in the bench API; see the log' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = checkHostAndOrigin(req, policy);
    if (refusal) {
      sendJson(res, 403, { error: refusal });
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      sendJson(res, 400, { error: `Request target ${JSON.stringify((req.url ?? '').slice(0, 100))} is not a valid path` });
      return;
    }
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/api') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(res, 405, { error: `${req.method} is not allowed here` });
        return;
      }
      serveStatic(opts.staticDir ?? null, req, res, url.pathname);
      return;
    }
    try {
      const found = router.match(req.method ?? 'GET', url.pathname);
      if (!found) throw new HttpError(404, `No API route ${req.method} ${url.pathname}`);
      if ('allowed' in found) {
        res.setHeader('allow', found.allowed.join(', '));
        throw new HttpError(405, `${req.method} is not allowed on ${url.pathname} (use ${found.allowed.join(' or ')})`);
      }
      const { contract } = found.route;
      if (!contract.public && !tokenMatches(presentedToken(req, url, contract.queryToken === true), policy)) {
        throw new HttpError(401, 'Missing or wrong bench token: open the UI address printed at start (it carries the token)');
      }
      const params: Record<string, unknown> = { ...found.params };
      checkRequestPart(contract, 'path', params);
      const query: Record<string, unknown> = {};
      if (contract.query) {
        for (const [k, v] of url.searchParams) if (v !== '' && !(k === 'token' && contract.queryToken)) query[k] = v;
        checkRequestPart(contract, 'query', query);
      }
      let body: unknown;
      if (contract.body) {
        body = (await readJsonBody(req)) ?? {};
        checkRequestPart(contract, 'body', body);
      }
      const ctx = { req, res, url, params, query, body, services: opts.services } as RouteContext;
      const result = await found.route.handle(ctx);
      if (contract.response) {
        const problem = opts.checkResponses ? responseProblem(contract, result) : null;
        if (problem) {
          log.error({ route: `${contract.method} ${contract.path}`, problem }, 'response does not match its contract');
          sendJson(res, 500, { error: `The response of ${contract.method} ${contract.path} does not match its contract: ${problem}` });
          return;
        }
        sendJson(res, 200, result);
      } else if (!res.writableEnded && !res.headersSent) res.writeHead(204).end();
    } catch (err) {
      const answer = errorResponse(err);
      if (answer) {
        if (!res.headersSent) sendJson(res, answer.status, answer.body);
        else res.destroy();
        return;
      }
      throw err;
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {});
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nNot a valid path\n`);
      return;
    }
    const refusal =
      checkHostAndOrigin(req, policy) ??
      (url.pathname !== '/api/live' ? `No websocket at ${url.pathname}` : null) ??
      (tokenMatches(presentedToken(req, url, true), policy) ? null : 'Missing or wrong bench token');
    if (refusal) {
      const status = refusal.includes('token') ? '401 Unauthorized' : refusal.startsWith('No websocket') ? '404 Not Found' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${refusal}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => live.attach(ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  log.info({ port }, 'bench API listening');

  return {
    port,
    token,
    baseUrl,
    uiUrl: `${baseUrl}/#token=${token}`,
    live,
    async close() {
      live.close();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
