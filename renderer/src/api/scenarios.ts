/** Bench API calls of the Scenarios screen (same token and base as api/client.ts). */
import type { LibraryEntry, RunJob } from '../../../core/scenario/library.js';
import { session } from './session.js';

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  if (!session.token) throw new Error('No bench token: open the UI address printed by `chargebench serve` (it carries the token).');
  let res: Response;
  try {
    res = await fetch(`${session.apiBase}${path}`, {
      method,
      headers: { authorization: `Bearer ${session.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    throw new Error(`The bench is not reachable (${(err as Error).message}). Is ChargeBench still running?`, { cause: err });
  }
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) throw new Error((data as { error?: string } | undefined)?.error ?? `HTTP ${res.status}`);
  return data as T;
}

export const scenarioApi = {
  library: () => request<LibraryEntry[]>('GET', '/api/scenarios'),
  run: (file: string, speed?: number) => request<{ job: RunJob }>('POST', '/api/scenarios/runs', { file, ...(speed ? { speed } : {}) }),
  job: (id: string) => request<{ job: RunJob }>('GET', `/api/scenarios/runs/${encodeURIComponent(id)}`),
};
