/**
 * Reservations expire: a Reserved reservation whose expiryDate passes without a StartTransaction using it becomes
 * Expired (the charger frees the connector on its own, OCPP 1.6 §5.13). One timer per Reserved reservation on the
 * injected clock, armed at start for those already Reserved and whenever one becomes Reserved.
 */
import type { TimerHandle } from '../util/clock.js';
import type { ReservationRow } from '../store/index.js';
import type { BackendCore } from './core.js';

/** Node timers hold at most 2^31-1 ms (~24.8 days): longer waits re-arm. */
const MAX_TIMER_MS = 2_147_483_647;

export class ReservationExpiry {
  private readonly timers = new Map<number, TimerHandle>();
  private off: (() => void) | null = null;

  constructor(
    private readonly core: BackendCore,
    private readonly serialize: <T>(chargePointId: string, fn: () => Promise<T>) => Promise<T>,
  ) {}

  start(): void {
    this.off = this.core.events.on('reservation', (r) => this.track(r));
    for (const r of this.core.store.reservations.reserved()) this.track(r);
  }

  stop(): void {
    this.off?.();
    this.off = null;
    for (const t of this.timers.values()) this.core.clock.clearTimeout(t);
    this.timers.clear();
  }

  private track(r: ReservationRow): void {
    const old = this.timers.get(r.id);
    if (old) this.core.clock.clearTimeout(old);
    this.timers.delete(r.id);
    if (r.state !== 'Reserved') return;
    const wait = Math.max(0, Math.min(MAX_TIMER_MS, r.expiryMs - this.core.clock.now()));
    this.timers.set(
      r.id,
      this.core.clock.setTimeout(() => {
        this.timers.delete(r.id);
        void this.expire(r.id, r.chargePointId).catch((err: unknown) => this.core.log.error({ err, reservationId: r.id }, 'reservation expiry failed'));
      }, wait),
    );
  }

  private async expire(id: number, chargePointId: string): Promise<void> {
    if (this.core.isStopped()) return;
    const row = await this.serialize(chargePointId, () =>
      this.core.uow.run(() => {
        const r = this.core.store.reservations.get(id);
        if (!r || r.state !== 'Reserved') return undefined;
        const now = this.core.clock.now();
        if (r.expiryMs > now) return r; // a long wait re-arms
        return this.core.store.reservations.setState(id, {
          state: 'Expired',
          note: `expired at ${r.expiryDate} without being used`,
          at: new Date(now).toISOString(),
        });
      }),
    );
    if (row) this.core.events.emit('reservation', row);
  }
}
