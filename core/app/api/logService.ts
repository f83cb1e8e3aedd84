/** The message log and meter series (store queries as the API's views). */
import type { ApiServices } from '../../api/services.js';
import { messageLogQuery, type LogFrame } from '../../store/messageLogQuery.js';
import { meterSeriesQuery } from '../../store/meterSeriesQuery.js';
import type { FrameView } from '../../api/types.js';
import type { BenchApiDeps } from './deps.js';

function logFrameView(f: LogFrame): FrameView {
  const { atMs: _atMs, ...view } = f;
  return view;
}

export function createLogServices(deps: BenchApiDeps): Pick<ApiServices, 'messages' | 'meters'> {
  const { db } = deps.backend.store;
  const log = messageLogQuery(db);
  const meters = meterSeriesQuery(db);
  return {
    messages: {
      query(q) {
        const t0 = performance.now();
        const page = log.page(q);
        return {
          items: page.entries.map((e) => ({ ...e, call: e.call ? logFrameView(e.call) : null, reply: e.reply ? logFrameView(e.reply) : null })),
          hasMore: page.hasMore,
          nextBefore: page.nextBefore,
          tookMs: Math.round((performance.now() - t0) * 10) / 10,
        };
      },
      get(id) {
        const f = log.frame(id);
        return f ? logFrameView(f) : null;
      },
      exportNdjson: (q) => log.exportCursor(q),
    },
    meters: {
      series(q) {
        const s = meters.series(q);
        const only = s.series.length === 1 ? s.series[0] : undefined;
        return {
          chargePointId: s.chargePointId ?? q.chargePointId ?? '',
          connectorId: q.connectorId ?? only?.connectorId ?? null,
          transactionId: q.transactionId ?? null,
          series: s.series,
          points: only?.points ?? [],
          downsampled: s.series.some((c) => c.downsampled),
          rawCount: s.series.reduce((n, c) => n + c.rawCount, 0),
        };
      },
    },
  };
}
