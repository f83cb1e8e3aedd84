/**
 * A charger's traffic as a sequence: one row per CALL (with its reply), oldest first, between two lanes —
 * the charger and the central system. Each row knows who called, the reply's tone (accepted, refused,
 * CALLERROR), a timeout or give-up, the latency, and for server CALLs how long they waited queued at the edge
 * before they were sent. Quiet stretches become breaks on the time axis. Pure: the SequenceView draws it.
 */
import type { LogEntry } from '../../../core/api/types.js';
import { resultStatus, toneOfReply, type Tone } from './resultTone.js';

export type Lane = 'cp' | 'cs';

export interface SequenceRow {
  id: number;
  /** Wire time of the CALL (or of the lone frame), ms. */
  t: number;
  from: Lane;
  action: string;
  /** How the exchange ended. */
  outcome: 'reply' | 'callError' | 'timeout' | 'failed' | 'pending' | 'queued' | 'orphan' | 'invalid';
  tone: Tone;
  /** The reply's status word or CALLERROR code. */
  label: string | null;
  latencyMs: number | null;
  /** Server CALLs: time between queued and sent (ms), when it waited 10 ms or more. */
  queuedMs: number | null;
  /** Quiet time since the previous row (ms), shown as a break when long. */
  gapMs: number;
  entry: LogEntry;
}

/** A gap longer than this gets a break marker on the axis. */
export const BREAK_MS = 2000;

export function sequenceRows(entries: readonly LogEntry[]): SequenceRow[] {
  const rows: SequenceRow[] = [];
  for (const e of entries) {
    const first = e.call ?? e.reply;
    if (!first) continue;
    const t = Date.parse(first.at);
    const from: Lane = first.direction === 'in' ? 'cp' : 'cs';
    const call = e.call;
    let outcome: SequenceRow['outcome'];
    let label: string | null = null;
    let tone: Tone = 'neutral';
    if (first.messageType === 'INVALID' || e.reply?.messageType === 'INVALID') {
      outcome = 'invalid';
      tone = 'failed';
      label = 'invalid';
    } else if (!call) {
      outcome = 'orphan';
      tone = 'refused';
      label = 'reply without CALL';
    } else if (e.reply?.messageType === 'CALLERROR') {
      outcome = 'callError';
      tone = 'failed';
      label = e.reply.errorCode ?? 'CALLERROR';
    } else if (e.reply) {
      outcome = 'reply';
      tone = toneOfReply({ ok: true, response: e.reply.payload });
      label = resultStatus(e.reply.payload);
    } else if (call.state === 'timeout') {
      outcome = 'timeout';
      tone = 'failed';
      label = 'timeout';
    } else if (call.state === 'failed') {
      outcome = 'failed';
      tone = 'failed';
      label = call.sentAt ? 'failed' : 'not sent';
    } else {
      outcome = call.state === 'queued' ? 'queued' : 'pending';
    }
    const queuedMs = call?.queuedAt && call.sentAt ? Math.max(0, Date.parse(call.sentAt) - Date.parse(call.queuedAt)) : null;
    rows.push({
      id: e.id,
      t,
      from,
      action: e.action ?? (first.messageType === 'INVALID' ? 'invalid frame' : '(reply)'),
      outcome,
      tone,
      label,
      latencyMs: e.latencyMs,
      queuedMs: queuedMs !== null && queuedMs >= 10 ? queuedMs : null,
      gapMs: 0,
      entry: e,
    });
  }
  rows.sort((a, b) => a.t - b.t || a.id - b.id);
  for (let i = 1; i < rows.length; i++) rows[i]!.gapMs = rows[i]!.t - rows[i - 1]!.t;
  return rows;
}

/** "12 s", "3 min", "1.2 h": the length of a break. */
export function formatGap(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
