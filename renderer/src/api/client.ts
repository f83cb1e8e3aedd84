/** Typed client for the bench API. Types come from core as `import type` only (no core code in the bundle). */
import type {
  ChargerDetail, ChargerSummary, CommandResult, FrameView, IdTagView, LogPage, MeterSeries, MiddlewareChainView,
  OverviewView, Page, ProfileView, SettingsView, SimActionRequest, SimStopMode, SpawnJobView, SpawnRequest, TransactionView, TransportView,
} from '../../../core/api/types.js';
import { session } from './session.js';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

function qs(q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** One authenticated call to the bench API; every screen's API module goes through it. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  if (!session.token) throw new ApiError(401, 'No bench token: open the UI address printed by `chargebench serve` (it carries the token).');
  let res: Response;
  try {
    res = await fetch(`${session.apiBase}${path}`, {
      method,
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
  return data as T;
}

export interface LogFilter {
  chargePointId?: string;
  action?: string;
  direction?: 'in' | 'out';
  messageType?: string;
  q?: string;
  from?: string;
  to?: string;
}

export const api = {
  overview: () => request<OverviewView>('GET', '/api/overview'),
  chargers: (q: { q?: string; state?: string; offset?: number; limit?: number } = {}) => request<Page<ChargerSummary>>('GET', `/api/chargers${qs(q)}`),
  charger: (id: string) => request<ChargerDetail>('GET', `/api/chargers/${encodeURIComponent(id)}`),
  disconnect: (id: string) => request<{ ok: true }>('POST', `/api/chargers/${encodeURIComponent(id)}/disconnect`, {}),
  profiles: () => request<ProfileView[]>('GET', '/api/simulator/profiles'),
  spawnJobs: () => request<SpawnJobView[]>('GET', '/api/simulator/jobs'),
  spawn: (req: SpawnRequest) => request<SpawnJobView>('POST', '/api/simulator/spawn', req),
  stopSim: (ids: string[] | 'all', mode: SimStopMode = 'endSessions') => request<{ stopped: number; mode: SimStopMode }>('POST', '/api/simulator/stop', ids === 'all' ? { all: true, mode } : { ids, mode }),
  simAction: (id: string, req: SimActionRequest) => request<{ ok: boolean; result: unknown }>('POST', `/api/simulator/chargers/${encodeURIComponent(id)}/actions`, req),
  command: (id: string, action: string, payload: unknown, timeoutMs?: number) =>
    request<CommandResult>('POST', `/api/chargers/${encodeURIComponent(id)}/commands/${encodeURIComponent(action)}`, { payload, timeoutMs }),
  messages: (f: LogFilter & { before?: number; after?: number; limit?: number }) => request<LogPage>('GET', `/api/messages${qs({ ...f })}`),
  frame: (id: number) => request<FrameView>('GET', `/api/messages/${id}`),
  exportUrl: (f: LogFilter) => `${session.apiBase}/api/export/messages.ndjson${qs({ ...f, token: session.token })}`,
  meters: (q: { chargePointId?: string; connectorId?: number; transactionId?: number; maxPoints?: number; from?: string }) => request<MeterSeries>('GET', `/api/meters${qs(q)}`),
  transactions: (q: { chargePointId?: string; open?: boolean; offset?: number; limit?: number } = {}) => request<Page<TransactionView>>('GET', `/api/transactions${qs(q)}`),
  middleware: () => request<MiddlewareChainView[]>('GET', '/api/middleware'),
  setMiddleware: (action: string, items: Array<{ name: string; enabled: boolean }>) => request<MiddlewareChainView>('PUT', `/api/middleware/${encodeURIComponent(action)}`, { items }),
  resetMiddleware: (action?: string) => request<MiddlewareChainView[]>('POST', '/api/middleware/reset', action ? { action } : {}),
  idTags: () => request<IdTagView[]>('GET', '/api/id-tags'),
  putIdTag: (t: IdTagView) => request<IdTagView>('PUT', `/api/id-tags/${encodeURIComponent(t.idTag)}`, { status: t.status, expiryDate: t.expiryDate ?? undefined, parentIdTag: t.parentIdTag ?? undefined }),
  deleteIdTag: (idTag: string) => request<{ ok: true }>('DELETE', `/api/id-tags/${encodeURIComponent(idTag)}`),
  settings: () => request<SettingsView>('GET', '/api/settings'),
  updateSettings: (settings: Record<string, unknown>) => request<SettingsView>('PATCH', '/api/settings', { settings }),
  transport: () => request<TransportView>('GET', '/api/transport'),
};
