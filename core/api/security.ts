/**
 * Bench API security: the API is bound to 127.0.0.1 and every API request and the live websocket must carry
 * the per-launch token. Host and Origin are checked so a web page on another origin (or a DNS-rebinding
 * attack) cannot drive the bench. There is no CORS wildcard: cross-origin requests are refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface SecurityPolicy {
  token: string;
  /** The port the API listens on (known after listen). */
  port: () => number;
  /** Extra allowed origins, e.g. the Vite dev server `http://127.0.0.1:5173`. */
  extraOrigins: readonly string[];
}

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/** Returns a refusal reason, or null when Host/Origin are acceptable. */
export function checkHostAndOrigin(req: IncomingMessage, policy: SecurityPolicy): string | null {
  const port = policy.port();
  const host = req.headers.host;
  if (!host || !allowedHosts(port).includes(host.toLowerCase())) return `Host "${host ?? ''}" is not allowed: use http://127.0.0.1:${port}`;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const ok = allowedHosts(port).some((h) => origin === `http://${h}`) || policy.extraOrigins.includes(origin);
    if (!ok) return `Origin "${origin}" is not allowed`;
  }
  return null;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The token from `Authorization: Bearer`, `X-ChargeBench-Token`, or (only where allowed) the `token` query parameter. */
export function presentedToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = req.headers['x-chargebench-token'];
  if (typeof header === 'string') return header;
  if (allowQuery) return url.searchParams.get('token');
  return null;
}

export function tokenMatches(presented: string | null, policy: SecurityPolicy): boolean {
  return presented !== null && safeEqual(presented, policy.token);
}
