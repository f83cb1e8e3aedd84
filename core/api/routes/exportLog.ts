import type { Route } from '../router.js';
import { logFilter } from './messages.js';

/**
 * NDJSON export of the message log (one frame per line, oldest first), streamed with backpressure in chunks of a
 * few milliseconds' work each, yielding to the event loop between chunks: millions of rows never sit in memory
 * and never hold up OCPP handling. The token may be passed as `?token=` so the UI can offer a plain link.
 * A failure ends this download only (the socket is destroyed, so the client sees it incomplete).
 */
export const exportRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/export/messages.ndjson',
    queryToken: true,
    handler: async ({ services, query, res }) => {
      const filter = logFilter(query);
      const cursor = services.messages.exportNdjson(filter);
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
      return undefined;
    },
  },
];
