/**
 * When a connected charger counts as unresponsive (pure rules; the tracker in chargerHealth.ts feeds them):
 * - a server CALL to it timed out and it has sent nothing since (`callTimeout`), or
 * - it has been silent for longer than its heartbeat interval plus a grace (`missedHeartbeat`) — well before the
 *   liveness watchdog marks it offline after several missed intervals.
 * Any frame from the charger counts as a sign of life. A disconnected charger is Offline, never Unresponsive.
 */

export type UnresponsiveReason = 'callTimeout' | 'missedHeartbeat';

/** The grace after a heartbeat interval before silence counts: 20% of the interval, at least 10 s. */
export function heartbeatGraceMs(heartbeatIntervalS: number): number {
  return Math.max(10_000, heartbeatIntervalS * 200);
}

export interface HealthInput {
  nowMs: number;
  connected: boolean;
  /** When the charger was last heard from (any frame), or when watching began. */
  lastHeardMs: number;
  /** The interval it was told in its BootNotification answer (s). */
  heartbeatIntervalS: number;
  /** Server CALLs that timed out since it was last heard from. */
  timeoutsSinceHeard: number;
}

export interface Health {
  reason: UnresponsiveReason;
  detail: string;
}

/** null while healthy. */
export function healthOf(h: HealthInput): Health | null {
  if (!h.connected) return null;
  if (h.timeoutsSinceHeard > 0) {
    const n = h.timeoutsSinceHeard;
    return { reason: 'callTimeout', detail: `${n} CALL${n === 1 ? '' : 's'} timed out with no frame from the charger since` };
  }
  const silentMs = h.nowMs - h.lastHeardMs;
  const limitMs = h.heartbeatIntervalS * 1000 + heartbeatGraceMs(h.heartbeatIntervalS);
  if (silentMs > limitMs) {
    return {
      reason: 'missedHeartbeat',
      detail: `silent for ${Math.round(silentMs / 1000)} s (heartbeat interval ${h.heartbeatIntervalS} s + ${Math.round(heartbeatGraceMs(h.heartbeatIntervalS) / 1000)} s grace)`,
    };
  }
  return null;
}
