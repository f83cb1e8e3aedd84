/**
 * DeliveryAcks against a recording channel: every delivery is settled exactly once, by its own ack or nack or by a
 * multiple ack that may cover it, never while it is still being handled, and by the end of the turn it finished in.
 * (The broker-side behaviour is checked with RabbitMQ in amqp.integration.test.ts and brokerBlip.integration.test.ts.)
 */
import type { Channel, ConsumeMessage } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { DeliveryAcks } from './deliveryAcks.js';

type Op = { op: 'ack'; tag: number; multiple: boolean } | { op: 'nack'; tag: number; requeue: boolean };

function recordingChannel(): { channel: Channel; ops: Op[]; closed: { value: boolean } } {
  const ops: Op[] = [];
  const closed = { value: false };
  const channel = {
    ack(m: ConsumeMessage, allUpTo?: boolean) {
      if (closed.value) throw new Error('Channel closed');
      ops.push({ op: 'ack', tag: m.fields.deliveryTag, multiple: allUpTo === true });
    },
    nack(m: ConsumeMessage, allUpTo?: boolean, requeue?: boolean) {
      if (closed.value) throw new Error('Channel closed');
      ops.push({ op: 'nack', tag: m.fields.deliveryTag, requeue: requeue !== false });
    },
  } as unknown as Channel;
  return { channel, ops, closed };
}

const message = (tag: number): ConsumeMessage => ({ fields: { deliveryTag: tag }, properties: {}, content: Buffer.alloc(0) }) as unknown as ConsumeMessage;
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** The broker's view: which tags the ops settled (a multiple ack: every unsettled tag up to it), read as they come. */
class Broker {
  readonly settled = new Map<number, string>();
  private read = 0;
  constructor(
    private readonly ops: Op[],
    private readonly delivered: number[],
  ) {}
  catchUp(): Map<number, string> {
    for (; this.read < this.ops.length; this.read++) {
      const o = this.ops[this.read] as Op;
      if (o.op === 'ack' && o.multiple) {
        for (const t of this.delivered) if (t <= o.tag && !this.settled.has(t)) this.settled.set(t, 'ack');
      } else {
        expect(this.settled.has(o.tag), `tag ${o.tag} settled twice`).toBe(false);
        this.settled.set(o.tag, o.op);
      }
    }
    return this.settled;
  }
}
const settledBy = (ops: Op[], delivered: number[]): Map<number, string> => new Broker(ops, delivered).catchUp();

describe('DeliveryAcks', () => {
  it('settles what finished in delivery order with one multiple ack at the end of the turn', async () => {
    const { channel, ops } = recordingChannel();
    const acks = new DeliveryAcks(channel);
    const ds = [1, 2, 3, 4, 5].map((t) => acks.delivered(message(t)));
    for (const d of [ds[2], ds[0], ds[1], ds[4], ds[3]]) acks.ack(d!);
    expect(ops).toEqual([]); // nothing before the turn ends
    await turn();
    expect(ops).toEqual([{ op: 'ack', tag: 5, multiple: true }]);
    expect(acks.unsettled).toBe(0);
  });

  it('never covers a delivery still being handled: those behind it are acked alone, in the same turn', async () => {
    const { channel, ops } = recordingChannel();
    const acks = new DeliveryAcks(channel);
    const ds = [1, 2, 3, 4, 5].map((t) => acks.delivered(message(t)));
    acks.ack(ds[0]!);
    acks.ack(ds[1]!);
    acks.ack(ds[3]!);
    acks.ack(ds[4]!);
    await turn();
    expect(ops).toEqual([
      { op: 'ack', tag: 2, multiple: true },
      { op: 'ack', tag: 4, multiple: false },
      { op: 'ack', tag: 5, multiple: false },
    ]);
    expect(acks.unsettled).toBe(1);
    acks.ack(ds[2]!);
    await turn();
    expect(ops.at(-1)).toEqual({ op: 'ack', tag: 3, multiple: true });
    const settled = settledBy(ops, [1, 2, 3, 4, 5]);
    expect([...settled.keys()].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('nacks at once, and a later multiple ack leaves the nacked delivery alone', async () => {
    const { channel, ops } = recordingChannel();
    const acks = new DeliveryAcks(channel);
    const ds = [1, 2, 3].map((t) => acks.delivered(message(t)));
    acks.nack(ds[1]!, false);
    expect(ops).toEqual([{ op: 'nack', tag: 2, requeue: false }]);
    acks.ack(ds[0]!);
    acks.ack(ds[2]!);
    acks.ack(ds[1]!); // already settled: ignored
    await turn();
    expect(ops.slice(1)).toEqual([{ op: 'ack', tag: 3, multiple: true }]);
    const settled = settledBy(ops, [1, 2, 3]);
    expect(settled.get(2)).toBe('nack');
    expect(settled.get(1)).toBe('ack');
    expect(settled.get(3)).toBe('ack');
  });

  it('a random mix of finish order, nacks and slow deliveries: each settled exactly once, none before it finished', async () => {
    const { channel, ops } = recordingChannel();
    const acks = new DeliveryAcks(channel);
    let x = 42;
    const rnd = (): number => ((x = (x * 1103515245 + 12345) % 2147483648), x / 2147483648);
    const tags = Array.from({ length: 2000 }, (_, i) => i + 1);
    const open = tags.map((t) => ({ tag: t, d: acks.delivered(message(t)) }));
    const finished = new Set<number>();
    const broker = new Broker(ops, tags);
    const outcome = new Map<number, string>();
    while (open.length) {
      const k = Math.min(open.length, 1 + Math.floor(rnd() * 40));
      for (let i = 0; i < k; i++) {
        const j = Math.floor(rnd() * Math.min(open.length, 60));
        const [{ tag, d }] = open.splice(j, 1) as [{ tag: number; d: ReturnType<typeof acks.delivered> }];
        finished.add(tag);
        if (rnd() < 0.05) {
          acks.nack(d, rnd() < 0.5);
          outcome.set(tag, 'nack');
        } else {
          acks.ack(d);
          outcome.set(tag, 'ack');
        }
      }
      // before the turn ends, what the broker has seen settles only finished deliveries
      for (const t of broker.catchUp().keys()) if (!finished.has(t)) expect.fail(`tag ${t} settled before it finished`);
      await turn();
      const settled = broker.catchUp();
      for (const t of finished) if (!settled.has(t)) expect.fail(`tag ${t} finished but not settled by the end of its turn`);
    }
    expect(broker.catchUp()).toEqual(outcome);
    expect(acks.unsettled).toBe(0);
    // far fewer frames than deliveries
    expect(ops.length).toBeLessThan(tags.length);
  });

  it('a channel that closed before the turn ended: the acks are dropped quietly (the broker redelivers)', async () => {
    const { channel, ops, closed } = recordingChannel();
    const acks = new DeliveryAcks(channel);
    acks.ack(acks.delivered(message(1)));
    closed.value = true;
    await turn();
    expect(ops).toEqual([]);
  });
});
