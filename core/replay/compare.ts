/**
 * Compares a live frame with the recorded one. Some fields differ in every run by design (server clock,
 * transaction ids a CSMS allocates, expiry dates): those are "volatile" — a difference there is reported
 * but is not a divergence.
 */
import type { Frame } from '../ocpp/index.js';

/** Volatile payload fields per action and message kind ("req" for a CALL, "conf" for its CALLRESULT). */
export const VOLATILE_FIELDS: Record<string, string[]> = {
  'BootNotification.conf': ['currentTime', 'interval'],
  'Heartbeat.conf': ['currentTime'],
  'StartTransaction.conf': ['transactionId', 'idTagInfo.expiryDate'],
  'Authorize.conf': ['idTagInfo.expiryDate', 'idTokenInfo.cacheExpiryDateTime'],
  'TransactionEvent.conf': ['idTokenInfo.cacheExpiryDateTime'],
  'StopTransaction.conf': ['idTagInfo.expiryDate'],
  'RemoteStopTransaction.req': ['transactionId'],
  'RequestStartTransaction.req': ['remoteStartId'],
  'ReserveNow.req': ['expiryDate'],
};

export type Verdict = 'same' | 'volatile' | 'different';

export interface FrameComparison {
  verdict: Verdict;
  /** Paths that differ ("status", "idTagInfo.status"...). */
  differences: string[];
}

function strip(payload: unknown, paths: readonly string[]): unknown {
  if (paths.length === 0) return payload;
  const copy = JSON.parse(JSON.stringify(payload ?? {})) as Record<string, unknown>;
  for (const p of paths) {
    const parts = p.split('.');
    let obj: Record<string, unknown> | undefined = copy;
    for (let i = 0; i < parts.length - 1 && obj; i++) obj = obj[parts[i] as string] as Record<string, unknown> | undefined;
    if (obj && typeof obj === 'object') delete obj[parts[parts.length - 1] as string];
  }
  return copy;
}

/** Lists the paths where two JSON values differ. */
export function diffPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (a === b) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    const out: string[] = [];
    for (const k of keys) out.push(...diffPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
    return out;
  }
  return [prefix || '(payload)'];
}

function payloadOf(f: Frame): unknown {
  return f[0] === 2 ? f[3] : f[0] === 3 ? f[2] : { errorCode: f[2], description: f[3], details: f[4] };
}

/** Compares two frames of the same exchange. `action` and kind select the volatile fields. */
export function compareFrames(recorded: Frame, live: Frame, action: string | undefined, kind: 'req' | 'conf'): FrameComparison {
  if (recorded[0] !== live[0]) return { verdict: 'different', differences: [`message type ${recorded[0]} → ${live[0]}`] };
  if (recorded[0] === 2 && live[0] === 2 && recorded[2] !== live[2]) return { verdict: 'different', differences: [`action ${recorded[2]} → ${live[2]}`] };
  const all = diffPaths(payloadOf(recorded), payloadOf(live));
  if (all.length === 0) return { verdict: 'same', differences: [] };
  const volatile = action ? (VOLATILE_FIELDS[`${action}.${kind}`] ?? []) : [];
  const remaining = diffPaths(strip(payloadOf(recorded), volatile), strip(payloadOf(live), volatile));
  return remaining.length === 0 ? { verdict: 'volatile', differences: all } : { verdict: 'different', differences: remaining };
}

/** The recorded payload without its volatile fields (what a scenario can assert on). */
export function stableSubset(payload: Record<string, unknown>, action: string, kind: 'req' | 'conf'): Record<string, unknown> {
  return strip(payload, VOLATILE_FIELDS[`${action}.${kind}`] ?? []) as Record<string, unknown>;
}
