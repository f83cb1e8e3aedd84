/**
 * Typed client for the bench API: every call goes through a route contract (core/api/contracts, Node-free), so
 * paths, parameter names and types are the server's own: `call(contracts.chargers.get, { params: { id } })`.
 * `api` keeps short names for what the screens call most.
 */
import { contracts, pathOf, queryString, type ArgsOf, type Contract, type ResultOf } from '../../../core/api/contracts/index.js';
import type { LogFilter, SimActionRequest, SimStopMode, SpawnRequest } from '../../../core/api/types.js';

export type { LogFilter };
import { session } from './session.js';

export { contracts };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Args<C extends Contract> = Record<string, never> extends ArgsOf<C> ? [args?: ArgsOf<C>] : [args: ArgsOf<C>];

/** The URL of a call (path parameters filled in, query appended). */
export function urlOf<C extends Contract>(c: C, ...[args]: Args<C>): string {
  const a = (args ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown> };
  return `${session.apiBase}${pathOf(c.path, a.params)}${queryString(a.query)}`;
}

/** One authenticated call to the bench API; every screen's API use goes through it. */
export async function call<C extends Contract>(c: C, ...rest: Args<C>): Promise<ResultOf<C>> {
  if (!session.token) throw new ApiError(401, 'No bench token: open the UI address printed by `chargebench serve` (it carries the token).');
  const body = (rest[0] as { body?: unknown } | undefined)?.body;
  let res: Response;
  try {
    res = await fetch(urlOf(c, ...rest), {
      method: c.method,
      headers: { authorization: `Bearer ${session.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    throw new ApiError(0, `The bench is not reachable (${(err as Error).message}). Is ChargeBench still running?`);
  }
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const e = data as { error?: string; details?: unknown } | undefined;
    throw new ApiError(res.status, e?.error ?? `HTTP ${res.status}`, e?.details);
  }
  return data as ResultOf<C>;
}

const { chargers, registry, simulator, commands, messages, meters, transactions, middleware, idTags, settings, overview } = contracts;

export const api = {
  overview: () => call(overview.get),
  transport: () => call(overview.transport),
  chargers: (query: ArgsOf<typeof chargers.list>['query'] = {}) => call(chargers.list, { query }),
  charger: (id: string) => call(chargers.get, { params: { id } }),
  disconnect: (id: string) => call(chargers.disconnect, { params: { id } }),
  register: (body: ArgsOf<typeof registry.add>['body']) => call(registry.add, { body }),
  updateRegistry: (id: string, body: ArgsOf<typeof registry.update>['body']) => call(registry.update, { params: { id }, body }),
  profiles: () => call(simulator.profiles),
  spawnJobs: () => call(simulator.jobs),
  spawn: (req: Partial<SpawnRequest> & Pick<SpawnRequest, 'count' | 'profile'>) => call(simulator.spawn, { body: req }),
  stopSim: (ids: string[] | 'all', mode: SimStopMode = 'endSessions') => call(simulator.stop, { body: ids === 'all' ? { all: true, mode } : { ids, mode } }),
  simAction: (id: string, body: Omit<SimActionRequest, 'action' | 'fault'> & { action: string; fault?: string }) =>
    call(simulator.act, { params: { id }, body: body as SimActionRequest }),
  command: (id: string, action: ArgsOf<typeof commands.send>['params']['action'], payload: Record<string, unknown>, timeoutMs?: number) =>
    call(commands.send, { params: { id, action }, body: { payload, ...(timeoutMs ? { timeoutMs } : {}) } }),
  messages: (query: LogFilter & { before?: number; after?: number; limit?: number }) => call(messages.list, { query }),
  frame: (id: number) => call(messages.get, { params: { id } }),
  /** The export as a plain link: the route takes the token as `?token=` (contracts.messages.export.queryToken). */
  exportUrl(query: LogFilter): string {
    const u = new URL(urlOf(messages.export, { query }));
    u.searchParams.set('token', session.token ?? '');
    return u.toString();
  },
  meters: (query: ArgsOf<typeof meters.series>['query'] = {}) => call(meters.series, { query }),
  transactions: (query: ArgsOf<typeof transactions.list>['query'] = {}) => call(transactions.list, { query }),
  middleware: () => call(middleware.list),
  setMiddleware: (action: string, items: Array<{ name: string; enabled: boolean }>) => call(middleware.set, { params: { action }, body: { items } }),
  resetMiddleware: (action?: string) => call(middleware.reset, { body: action ? { action } : {} }),
  idTags: () => call(idTags.list),
  putIdTag: (t: { idTag: string; status: string; expiryDate: string | null; parentIdTag: string | null }) =>
    call(idTags.put, {
      params: { idTag: t.idTag },
      body: { status: t.status as never, ...(t.expiryDate ? { expiryDate: t.expiryDate } : {}), ...(t.parentIdTag ? { parentIdTag: t.parentIdTag } : {}) },
    }),
  deleteIdTag: (idTag: string) => call(idTags.remove, { params: { idTag } }),
  settings: () => call(settings.get),
  updateSettings: (patch: ArgsOf<typeof settings.update>['body']['settings']) => call(settings.update, { body: { settings: patch } }),
};
