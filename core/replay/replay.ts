/**
 * Replays the charger side of a recorded session against a live CSMS (ChargeBench's backend or any OCPP 1.6J or
 * 2.0.1 central system; each charger offers the version its frames were recorded in, see entriesProtocol): the recorded charger CALLs go out with the same ids, actions and payloads in the same order
 * (timing preserved, compressed by `speed`, or dropped), the CSMS's CALLs are answered with the recorded replies
 * where they match, and every exchange is compared with the recording (a different reply, a missing CALL, an
 * unexpected one) for a side-by-side divergence report.
 *
 * 1.6 transaction ids are allocated by the CSMS, so the ids the live CSMS hands out are mapped onto the recorded
 * ones in later frames (MeterValues, StopTransaction) unless `mapTransactionIds` is off; 2.0.1 stations pick
 * their own (TransactionEvent), so those go out as recorded.
 */
import { ChargerReplayer } from './chargerReplayer.js';
import type { Trace, TraceEntry } from './trace.js';
import type { ReplayOptions, ReplayReport, RowVerdict } from './replayTypes.js';

export type { ReplayOptions, ReplayReport, ReplayRow, RowVerdict } from './replayTypes.js';

/** Splits a trace by charger (entries without an id go to `fallbackId`). */
export function entriesByCharger(trace: Trace, fallbackId: string): Map<string, TraceEntry[]> {
  const out = new Map<string, TraceEntry[]>();
  for (const e of trace.entries) {
    const id = e.charger ?? fallbackId;
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push(e);
  }
  return out;
}

export async function replayTrace(trace: Trace, options: ReplayOptions): Promise<ReplayReport> {
  const started = Date.now();
  const opts = {
    speed: 1,
    replyTimeoutMs: 30_000,
    csmsCallSlackMs: 5_000,
    mapTransactionIds: true,
    ...options,
  };
  const groups = entriesByCharger(trace, options.chargerId ?? 'REPLAY-1');
  const players = [...groups].map(([id, entries]) => new ChargerReplayer(id, entries, opts));
  const errors: string[] = [];
  await Promise.all(
    players.map(async (p) => {
      try {
        await p.run();
      } catch (err) {
        errors.push(`${p.id}: ${(err as Error).message}`);
      } finally {
        p.close();
      }
    }),
  );
  const rows = players.flatMap((p) => p.rows);
  const counts: Record<RowVerdict, number> = { same: 0, volatile: 0, different: 0, missing: 0, unexpected: 0 };
  for (const r of rows) counts[r.verdict]++;
  return {
    url: options.url,
    chargers: players.map((p) => p.id),
    rows,
    counts,
    diverged: counts.different + counts.missing + counts.unexpected > 0 || errors.length > 0,
    transactionIds: players.flatMap((p) => p.transactionIds.map((t) => ({ charger: p.id, ...t }))),
    durationMs: Date.now() - started,
    errors,
  };
}
