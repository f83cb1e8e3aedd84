/** How a simulated 1.6 charger is made and stopped. */
import type { EventBus } from './events.js';
import type { ChargerObserver as StateObserver } from './parts/state.js';
import type { Profile } from './profile.js';
import type { Scheduler } from './scheduler.js';
import type { SimStats } from './stats.js';

/** How a stopped charger leaves: ending its sessions first, by a power cut, or just closing its connection. */
export type StopMode = 'end' | 'powerCut' | 'close';
export interface StopOptions {
  mode?: StopMode;
  /** mode 'end': the longest wait (charger time) for the StopTransactions to be answered (default 10 s). */
  maxWaitMs?: number;
}

export interface ChargerOptions {
  id: string;
  /** Central system URL, e.g. ws://127.0.0.1:9000/ocpp; the charger id is appended as the last path segment. */
  url: string;
  profile: Profile;
  scheduler: Scheduler;
  bus?: EventBus;
  stats?: SimStats;
  /** Configuration keys overriding the profile (e.g. short intervals for tests). */
  configuration?: Record<string, string | number | boolean>;
  /** Send BootNotification as soon as the socket opens after power-on (default true). */
  autoBoot?: boolean;
  /** Reconnect with backoff when the connection drops (default true). */
  reconnect?: boolean;
  /** Basic-auth password (OCPP security profile 1). */
  password?: string;
  /** Random source (0..1) for jitter and EVs; inject for reproducible runs. */
  random?: () => number;
  /** Fleet hook: told about connection and status changes without going through the event bus. */
  observer?: StateObserver;
}
