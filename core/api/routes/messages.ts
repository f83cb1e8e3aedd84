import { ANY_VERSION_ACTIONS } from '../../ocpp/index.js';
import { CHARGER_ID, notFound, type Params } from '../http.js';
import type { Route } from '../router.js';
import type { LogQuery } from '../types.js';

const MESSAGE_TYPES = ['CALL', 'CALLRESULT', 'CALLERROR', 'INVALID'] as const;

export function logFilter(q: Params): Omit<LogQuery, 'limit' | 'before' | 'after'> {
  return {
    chargePointId: q.string('chargePointId', { max: 64, pattern: CHARGER_ID }),
    action: q.oneOf('action', ANY_VERSION_ACTIONS), // either version's actions: the log holds 1.6 and 2.0.1 frames
    direction: q.oneOf('direction', ['in', 'out'] as const),
    messageType: q.oneOf('messageType', MESSAGE_TYPES),
    from: q.time('from'),
    to: q.time('to'),
    text: q.string('q', { max: 200 }),
  };
}

export const messageRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/messages',
    handler: ({ services, query }) =>
      services.messages.query({
        ...logFilter(query),
        before: query.int('before', { min: 0 }),
        after: query.int('after', { min: 0 }),
        limit: query.int('limit', { min: 1, max: 2000, def: 200 }) as number,
      }),
  },
  {
    method: 'GET',
    path: '/api/messages/:id',
    handler: ({ services, params, query: _q }) => {
      const id = Number(params.id);
      // negative ids are server CALLs still queued at the edge (placeholders until they reach the wire)
      if (!Number.isSafeInteger(id)) throw notFound(`No frame "${params.id}"`);
      const f = services.messages.get(id);
      if (!f) throw notFound(`No frame ${id}`);
      return f;
    },
  },
];
