import type { Route } from '../router.js';
import { logFilter } from './messages.js';

/**
 * NDJSON export of the message log (one frame per line, oldest first), streamed with backpressure so
 * millions of rows never sit in memory. The token may be passed as `?token=` so the UI can offer a plain link.
 */
export const exportRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/export/messages.ndjson',
    queryToken: true,
    handler: async ({ services, query, res }) => {
      const filter = logFilter(query);
      const lines = services.messages.exportNdjson(filter)[Symbol.iterator]();
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      res.writeHead(200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="chargebench-messages-${stamp}.ndjson"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      await new Promise<void>((resolve, reject) => {
        res.on('close', () => resolve());
        res.on('error', reject);
        const pump = (): void => {
          for (;;) {
            const next = lines.next();
            if (next.done) {
              res.end(() => resolve());
              return;
            }
            if (!res.write(next.value + '\n')) {
              res.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });
      return undefined;
    },
  },
];
