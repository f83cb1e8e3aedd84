/**
 * The connections the edge refused lately, for the GUI: one entry per charger id (or per path when it named no
 * valid id) and status, with how often and when last; bounded, newest first. A later successful connection of
 * the charger drops its entries.
 */
import type { EdgeRefusal } from '../../edge/index.js';
import type { Refusal } from '../../api/types.js';

const MAX_ENTRIES = 500;

export class RefusalLog {
  private readonly entries = new Map<string, Refusal>();

  record(r: EdgeRefusal): void {
    const key = `${r.chargePointId ?? r.path}\u0000${r.status}`;
    const old = this.entries.get(key);
    this.entries.delete(key);
    this.entries.set(key, {
      chargePointId: r.chargePointId,
      path: r.path,
      remoteAddress: r.remoteAddress,
      status: r.status,
      reason: r.reason,
      at: r.at,
      firstAt: old?.firstAt ?? r.at,
      count: (old?.count ?? 0) + 1,
      canRegister: r.unknownId,
    });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** The charger got in (registered, or the policy changed): its refusals are history. */
  forget(chargePointId: string): void {
    for (const [k, v] of this.entries) if (v.chargePointId === chargePointId) this.entries.delete(k);
  }

  /** Newest first. */
  list(): Refusal[] {
    return [...this.entries.values()].reverse();
  }

  /** The latest refusal reason for a charger, if any. */
  reasonFor(chargePointId: string): string | null {
    let reason: string | null = null;
    for (const v of this.entries.values()) if (v.chargePointId === chargePointId) reason = v.reason;
    return reason;
  }
}
