/** What the bench API needs from the simulator fleet (implemented over core/simulator's fleet in simBridge.ts). */
import type { ProfileView, SimActionRequest, SimChargerView, SimStopMode, SpawnJobView, SpawnRequest } from '../api/types.js';

export interface SimPort {
  profiles(): ProfileView[];
  /** Starts a ramped spawn; progress is reported through onJob. */
  spawn(req: SpawnRequest): SpawnJobView;
  jobs(): SpawnJobView[];
  /** The ids spawn(req) would give its chargers now. */
  plannedIds(req: Pick<SpawnRequest, 'count' | 'idPrefix'>): string[];
  ids(): string[];
  has(id: string): boolean;
  view(id: string): SimChargerView | null;
  /** Stops simulated chargers; `mode` says how their sessions end (default: StopTransaction first, then close). */
  stop(ids: string[] | 'all', mode?: SimStopMode): Promise<number>;
  act(id: string, req: SimActionRequest): Promise<unknown>;
  /** Charger changed (state/power) or was removed; spawn job progress. */
  onChange(listener: (e: { kind: 'charger'; id: string; removed?: boolean } | { kind: 'job'; job: SpawnJobView }) => void): () => void;
  /** Bench shutdown: every charger stops, ending its sessions first (bounded wait). */
  stopAll(): Promise<void>;
}
