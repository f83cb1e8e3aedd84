import { contracts } from '../contracts/index.js';
import type { LogFilter } from '../contracts/messages.js';
import { notFound } from '../errors.js';
import { route } from '../router.js';
import type { LogQuery } from '../types.js';

const c = contracts.messages;

/** An instant parameter (checked by the contract: ISO 8601 or epoch ms) as epoch ms. */
export function instantMs(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : Date.parse(v);
}

/** The wire filter as the store's query. */
export function logFilter(q: LogFilter): Omit<LogQuery, 'limit' | 'before' | 'after'> {
  return {
    chargePointId: q.chargePointId,
    action: q.action,
    direction: q.direction,
    messageType: q.messageType,
    from: instantMs(q.from),
    to: instantMs(q.to),
    text: q.q,
  };
}

export const messageRoutes = [
  route(c.list, ({ services, query }) => services.messages.query({ ...logFilter(query), before: query.before, after: query.after, limit: query.limit })),
  route(c.get, ({ services, params }) => {
    // negative ids are server CALLs still queued at the edge (placeholders until they reach the wire)
    const f = services.messages.get(params.id);
    if (!f) throw notFound(`No frame ${params.id}`);
    return f;
  }),
  /**
   * NDJSON export, streamed with backpressure in chunks of a few milliseconds' work each, yielding to the event
   * loop between chunks: millions of rows never sit in memory and never hold up OCPP handling. A failure ends this
   * download only (the socket is destroyed, so the client sees it incomplete).
   */
  route(c.export, async ({ services, query, res }) => {
    const cursor = services.messages.exportNdjson(logFilter(query));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="chargebench-messages-${stamp}.ndjson"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    let gone = false;
    res.on('close', () => (gone = true));
    const drained = (): Promise<void> =>
      new Promise((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    try {
      for (let chunk = cursor.next(); chunk !== null && !gone; chunk = cursor.next()) {
        if (chunk && !res.write(chunk)) await drained();
        // Always through the event loop: with a fast reader 'drain' comes on process.nextTick, which alone
        // would run the whole export without letting a single OCPP frame in.
        await new Promise((r) => setImmediate(r));
      }
      if (!gone) await new Promise<void>((resolve) => res.end(() => resolve()));
    } catch (err) {
      res.destroy(err as Error);
    }
  }),
];
