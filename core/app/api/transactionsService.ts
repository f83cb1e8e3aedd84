/** Transactions: the filtered list, one with its stops, closing a stale one (through the backend's unit of work). */
import type { ApiServices } from '../../api/services.js';
import type { TransactionView } from '../../api/types.js';
import { conflict, notFound } from '../../api/errors.js';
import { instantMs } from '../../api/routes/messages.js';
import type { BenchApiDeps } from './deps.js';
import type { Views } from './views.js';

const iso = (v: string | undefined): string | undefined => {
  const ms = instantMs(v);
  return ms === undefined ? undefined : new Date(ms).toISOString();
};

export function createTransactionsService(deps: BenchApiDeps, views: Views): ApiServices['transactions'] {
  const { backend } = deps;
  const { store } = backend;
  return {
    list(q) {
      const page = store.transactions.list({
        chargePointId: q.chargePointId,
        connectorId: q.connectorId,
        idTag: q.idTag,
        state: q.state ?? (q.open === true ? 'active' : undefined),
        from: iso(q.from),
        to: iso(q.to),
        limit: q.limit,
        offset: q.offset,
      });
      const rows = q.open === false && q.state === undefined ? page.rows.filter((t) => t.state !== 'active') : page.rows;
      return { items: views.txViews(rows), total: page.total, offset: q.offset, limit: q.limit };
    },
    get(id) {
      const t = store.transactions.get(id);
      return t ? { ...(views.txViews([t])[0] as TransactionView), stops: store.transactions.stops(id) } : null;
    },
    async closeStale(id, note) {
      const before = store.transactions.get(id);
      if (!before) throw notFound(`No transaction ${id}`);
      const row = await backend.applyChange(before.chargePointId, (emit) => {
        const t = store.transactions.get(id);
        if (!t || t.state !== 'active') return { t, closed: false };
        const meterStop = store.transactions.lastEnergyWh(id) ?? t.meterStart;
        store.transactions.closeAsStale({ id, meterStop: Math.max(meterStop, t.meterStart), note, at: new Date(deps.now?.() ?? Date.now()).toISOString() });
        const after = store.transactions.get(id)!;
        emit({ name: 'transaction', payload: { change: 'stopped', transaction: after } });
        return { t: after, closed: true };
      });
      if (!row.closed) throw conflict(`Transaction ${id} is ${row.t?.state ?? 'gone'}, not open: only an open (active) transaction can be closed as stale`);
      return views.txViews([row.t!])[0] as TransactionView;
    },
  };
}
