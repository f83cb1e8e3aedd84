/** What a replay takes (options) and gives (rows, report): the types shared by replay.ts and chargerReplayer.ts. */
import type { Verdict } from './compare.js';

export type RowVerdict = Verdict | 'missing' | 'unexpected';

export interface ReplayRow {
  charger: string;
  /** Line in the trace (0 for a live frame that has no recorded counterpart). */
  line: number;
  /** The action of the exchange. */
  action: string;
  /** Who sent the frame compared on this row. */
  from: 'charger' | 'csms';
  kind: 'call' | 'reply';
  verdict: RowVerdict;
  recorded: string | null;
  live: string | null;
  note: string;
}

export interface ReplayOptions {
  url: string;
  /** Time compression: 1 keeps the recorded gaps, 60 makes them 60× shorter, Infinity sends back to back. Default 1. */
  speed?: number;
  /** Upper bound for any single wait between frames (real ms), after compression. */
  maxGapMs?: number;
  /** How long to wait for the CSMS's reply to a charger CALL (real ms, default 30000). */
  replyTimeoutMs?: number;
  /** How long past its (compressed) recorded time to wait for a CALL the CSMS sent in the recording (default 5000). */
  csmsCallSlackMs?: number;
  /** The charger id for traces that name none. */
  chargerId?: string;
  mapTransactionIds?: boolean;
  /** Websocket subprotocol to offer (default: each charger's recorded version, see entriesProtocol; null offers none). */
  subprotocol?: string | null;
  /** Called as each row is decided (live progress). */
  onRow?: (row: ReplayRow) => void;
  signal?: AbortSignal;
}

export interface ReplayReport {
  url: string;
  chargers: string[];
  rows: ReplayRow[];
  counts: Record<RowVerdict, number>;
  /** True when any row is different, missing or unexpected. */
  diverged: boolean;
  transactionIds: Array<{ charger: string; recorded: number; live: number }>;
  durationMs: number;
  /** Problems that stopped a charger's replay (connection refused, closed by the CSMS...). */
  errors: string[];
}
