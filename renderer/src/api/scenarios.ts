/** Bench API calls of the Scenarios screen (through the route contracts, as api/client.ts). */
import type { LibraryEntry, RunJob } from '../../../core/api/contracts/scenarios.js';
import { call, contracts } from './client.js';

// The contract's schema describes these shapes; core/scenario's own types (checked against it where the route
// returns them) say more, so the screen reads them.
export const scenarioApi = {
  library: () => call(contracts.scenarios.library) as Promise<LibraryEntry[]>,
  run: (file: string, speed?: number) => call(contracts.scenarios.run, { body: { file, ...(speed ? { speed } : {}) } }) as Promise<{ job: RunJob }>,
  check: (file: string, text: string) =>
    call(contracts.scenarios.check, { body: { file, text } }) as Promise<
      { ok: true; entry: LibraryEntry } | { ok: false; issues: Array<{ line: number; col: number; path: string; message: string }> }
    >,
  runText: (file: string, text: string) => call(contracts.scenarios.runText, { body: { file, text } }) as Promise<{ job: RunJob }>,
  job: (id: string) => call(contracts.scenarios.job, { params: { id } }) as Promise<{ job: RunJob }>,
};
