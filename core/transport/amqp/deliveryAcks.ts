/**
 * Acks for one consume channel whose deliveries finish out of order (the backend handles each charger's events in
 * turn, many chargers at once), with as few ack frames as the order allows. An ack is sent at the end of the
 * event-loop turn in which its delivery finished, never later:
 *  - the finished deliveries at the front (delivery order, up to the first still being handled) are settled by one
 *    `ack(last, allUpTo)`: under load a group commit finishes hundreds of events together, in delivery order;
 *  - a finished delivery behind one still being handled is acked alone, so a slow event never holds back the acks
 *    (and the prefetch window) of the others.
 * A nack goes out at once: "allUpTo" only covers deliveries still unsettled, so a later multiple ack leaves it alone.
 * If the channel closes before the end of the turn the broker redelivers what was not acked; the backend
 * recognises those events as handled (eventId), as for any redelivery.
 */
import type { Channel, ConsumeMessage } from 'amqplib';

const PENDING = 0;
const FINISHED = 1;
const SETTLED = 2;

export interface Delivery {
  readonly msg: ConsumeMessage;
  state: number;
}

export class DeliveryAcks {
  /** Deliveries not yet passed by the settled front, in delivery order (from `head`). */
  private queue: Delivery[] = [];
  private head = 0;
  private scheduled = false;

  constructor(private readonly channel: Channel) {}

  /** Called for every message as it is delivered, in delivery order. */
  delivered(msg: ConsumeMessage): Delivery {
    const d: Delivery = { msg, state: PENDING };
    this.queue.push(d);
    return d;
  }

  /** Handled: acked at the end of this turn. */
  ack(d: Delivery): void {
    if (d.state !== PENDING) return;
    d.state = FINISHED;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Given back (requeue) or dead-lettered, at once. */
  nack(d: Delivery, requeue: boolean): void {
    if (d.state !== PENDING) return;
    d.state = SETTLED;
    safely(() => this.channel.nack(d.msg, false, requeue));
    this.trimFront();
  }

  /** Unsettled deliveries (tests, diagnostics). */
  get unsettled(): number {
    let n = 0;
    for (let i = this.head; i < this.queue.length; i++) if ((this.queue[i] as Delivery).state !== SETTLED) n++;
    return n;
  }

  /** Sends the acks of what finished this turn (also called by stop, before the channel closes). */
  flush(): void {
    this.scheduled = false;
    let lastOfFront: Delivery | null = null;
    while (this.head < this.queue.length) {
      const d = this.queue[this.head] as Delivery;
      if (d.state === PENDING) break;
      if (d.state === FINISHED) {
        lastOfFront = d;
        d.state = SETTLED;
      }
      this.head++;
    }
    if (lastOfFront) {
      const last = lastOfFront;
      safely(() => this.channel.ack(last.msg, true));
    }
    for (let i = this.head; i < this.queue.length; i++) {
      const d = this.queue[i] as Delivery;
      if (d.state === FINISHED) {
        d.state = SETTLED;
        safely(() => this.channel.ack(d.msg));
      }
    }
    this.compact();
  }

  private trimFront(): void {
    while (this.head < this.queue.length && (this.queue[this.head] as Delivery).state === SETTLED) this.head++;
    this.compact();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // the channel closed meanwhile: unacked messages are redelivered by the broker
  }
}
