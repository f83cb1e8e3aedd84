/**
 * Figures that say whether the stored sessions are true (issue #10): orphaned transactions, RemoteStarts the
 * chargers rejected, RemoteStarts sent to a connector that had a transaction at the time, and how the
 * StopTransactions were taken. Read from the database alone, so any run (test, bench, a user's data folder) can be
 * checked the same way.
 */
import type { Database } from 'better-sqlite3';

export interface SessionTruthFigures {
  transactions: number;
  /** Still closed by orphan cleanup only (no StopTransaction of their own came). */
  orphaned: number;
  /** Closed by orphan cleanup at some point (including those whose own StopTransaction came later). */
  closedByCleanup: number;
  /** Transactions still active. */
  open: number;
  remoteStarts: {
    sent: number;
    accepted: number;
    rejected: number;
    /** No CALLRESULT (timeout, disconnect, CALLERROR). */
    unanswered: number;
    /** Sent to a connector that had an active transaction when the CALL went out. */
    toBusyConnector: number;
  };
  stops: { applied: number; afterCleanup: number; duplicate: number; differs: number };
}

/** ISO text of an epoch-ms column, the format transaction times are stored in. */
const ISO = (col: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${col} / 1000.0, 'unixepoch')`;

export function sessionTruthFigures(db: Database): SessionTruthFigures {
  const tx = db
    .prepare(
      `SELECT COUNT(*) AS n, COALESCE(SUM(state = 'orphaned'), 0) AS orphaned, COALESCE(SUM(cleanup_at IS NOT NULL), 0) AS cleaned, COALESCE(SUM(state = 'active'), 0) AS open FROM transactions`,
    )
    .get() as { n: number; orphaned: number; cleaned: number; open: number };
  const rs = db
    .prepare(
      `SELECT COUNT(*) AS sent,
         COALESCE(SUM(json_extract(r.raw, '$[2].status') = 'Accepted' AND r.message_type = 'CALLRESULT'), 0) AS accepted,
         COALESCE(SUM(json_extract(r.raw, '$[2].status') = 'Rejected' AND r.message_type = 'CALLRESULT'), 0) AS rejected,
         COALESCE(SUM(r.id IS NULL OR r.message_type <> 'CALLRESULT'), 0) AS unanswered,
         COALESCE(SUM(EXISTS (SELECT 1 FROM transactions t
           WHERE t.charge_point_id = c.charge_point_id AND t.connector_id = json_extract(c.raw, '$[3].connectorId')
             AND t.started_at < ${ISO('COALESCE(c.sent_at_ms, c.at_ms)')}
             AND (t.stopped_at IS NULL OR t.stopped_at > ${ISO('COALESCE(c.sent_at_ms, c.at_ms)')}))), 0) AS busy
       FROM frames c LEFT JOIN frames r ON r.id = c.reply_frame_id
       WHERE c.direction = 'out' AND c.message_type = 'CALL' AND c.action = 'RemoteStartTransaction'`,
    )
    .get() as { sent: number; accepted: number; rejected: number; unanswered: number; busy: number };
  const stops = { applied: 0, afterCleanup: 0, duplicate: 0, differs: 0 };
  for (const r of db.prepare(`SELECT outcome, COUNT(*) AS n FROM transaction_stops GROUP BY outcome`).all() as Array<{
    outcome: keyof typeof stops;
    n: number;
  }>) {
    if (r.outcome in stops) stops[r.outcome] = r.n;
  }
  return {
    transactions: tx.n,
    orphaned: tx.orphaned,
    closedByCleanup: tx.cleaned,
    open: tx.open,
    remoteStarts: { sent: rs.sent, accepted: rs.accepted, rejected: rs.rejected, unanswered: rs.unanswered, toBusyConnector: rs.busy },
    stops,
  };
}
