/** What the bench API's services are built from (wiring: the logic lives in the rooms). */
import type { Backend } from '../../backend/index.js';
import type { TransportStatus } from '../../transport/types.js';
import type { SimPort } from '../simPort.js';
import type { RefusalLog } from './refusalLog.js';
import type { LiveJob } from '../../api/types.js';

export type BenchBackend = Pick<Backend, 'store' | 'settings' | 'middleware' | 'events' | 'sendCall' | 'applyChange' | 'outstandingCalls'>;

export interface BenchApiDeps {
  backend: BenchBackend;
  sim: SimPort | null;
  transportStatus(): TransportStatus;
  /** ws://127.0.0.1:PORT/ocpp */
  ocppBaseUrl: string;
  dataDir: string;
  disconnectCharger?(id: string): Promise<void>;
  /** Edge policy for unknown charger ids, when the edge exposes it. */
  unknownChargers?: { get(): 'accept' | 'refuse'; set(v: 'accept' | 'refuse'): void };
  /** Connections the edge in this process refused. */
  refusals?: RefusalLog;
  /** Job registries beyond the simulator's and the command jobs' (scenario runs, broker jobs): their changes go on the live stream. */
  jobs?: Array<{ subscribe(listener: (e: LiveJob) => void): () => void }>;
  /** Current time (ms); the backend's clock. */
  now?: () => number;
}
