/**
 * Fleet-wide counters and a log-bucketed latency histogram (fixed memory, percentiles within ~5 %).
 */
const BUCKETS = 200;
const BASE = 1.05;

export class LatencyHistogram {
  private buckets = new Uint32Array(BUCKETS);
  count = 0;
  max = 0;

  record(ms: number): void {
    const v = Math.max(0, ms);
    const b = v < 1 ? 0 : Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(v) / Math.log(BASE)));
    this.buckets[b] = (this.buckets[b] ?? 0) + 1;
    this.count++;
    if (v > this.max) this.max = v;
  }

  /** Approximate percentile (0..100) in ms. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.buckets[b] ?? 0;
      if (seen >= rank) return b === 0 ? 0.5 : Math.min(this.max, Math.pow(BASE, b));
    }
    return this.max;
  }
}

export class SimStats {
  framesOut = 0;
  framesIn = 0;
  callsOut = 0;
  callsIn = 0;
  /** CALLERRORs received for our CALLs, timeouts, dropped messages, invalid replies. */
  errors = 0;
  timeouts = 0;
  callErrorsReceived = 0;
  /** Replies from the central system that failed schema validation. */
  invalidReplies = 0;
  latency = new LatencyHistogram();
  /** The last few errors with the charger id, for summaries. */
  recentErrors: string[] = [];

  error(chargerId: string, message: string): void {
    this.errors++;
    this.recentErrors.push(`${chargerId}: ${message}`);
    if (this.recentErrors.length > 20) this.recentErrors.shift();
  }
}
