/**
 * Which of a charger's CALLs still wait for their reply on this connection, so a reply reaches the charger at most
 * once: after a broker blip the backend may send a committed reply again (a re-sent command, or the stored reply
 * for a redelivered frame), and a charger must not see a second CALLRESULT for a CALL it already has the answer to.
 * Also tells whether replies are still owed (if commands were lost, those chargers are dropped so they retry).
 */
const MAX_TRACKED = 1000;
const ANSWERED_MEMORY = 256;

export class ReplyLedger {
  /** CALL id → how many CALLs with that id wait (a charger may reuse an id). */
  private readonly awaiting = new Map<string, number>();
  private readonly answered = new Set<string>();

  /** A CALL from the charger was forwarded. */
  callForwarded(id: string): void {
    this.awaiting.set(id, (this.awaiting.get(id) ?? 0) + 1);
    this.answered.delete(id);
    if (this.awaiting.size > MAX_TRACKED) {
      const oldest = this.awaiting.keys().next().value;
      if (oldest !== undefined) this.awaiting.delete(oldest);
    }
  }

  /**
   * A reply to the charger is about to be written: false when it answers a CALL that already got its reply on this
   * connection (a duplicate to drop). A reply for an id never seen (e.g. "-1" for an unreadable frame) goes out.
   */
  replyMayGo(id: string): boolean {
    const waiting = this.awaiting.get(id);
    if (waiting !== undefined) {
      if (waiting > 1) this.awaiting.set(id, waiting - 1);
      else this.awaiting.delete(id);
      this.answered.add(id);
      if (this.answered.size > ANSWERED_MEMORY) {
        const oldest = this.answered.values().next().value;
        if (oldest !== undefined) this.answered.delete(oldest);
      }
      return true;
    }
    return !this.answered.has(id);
  }

  /** CALLs forwarded and not answered yet. */
  get owed(): number {
    return this.awaiting.size;
  }
}
