/** Bench API calls of the Scenarios screen (same token and base as api/client.ts). */
import type { LibraryEntry, RunJob } from '../../../core/scenario/library.js';
import { request } from './client.js';

export const scenarioApi = {
  library: () => request<LibraryEntry[]>('GET', '/api/scenarios'),
  run: (file: string, speed?: number) => request<{ job: RunJob }>('POST', '/api/scenarios/runs', { file, ...(speed ? { speed } : {}) }),
  job: (id: string) => request<{ job: RunJob }>('GET', `/api/scenarios/runs/${encodeURIComponent(id)}`),
};
