/**
 * What the version-independent wire parts (connection.ts, outbox.ts, rpc.ts) read and call of the charger they serve:
 * identity, clock, counters and events, and the connection / registration / power facts. The 1.6 `ChargerState`
 * (state.ts) and the 2.0.1 `ChargingStation` (v201/station.ts) both are one.
 */
import type { EventBus, SimEvent } from '../events.js';
import type { Scheduler } from '../scheduler.js';
import type { SimStats } from '../stats.js';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected';

export interface WireState {
  readonly id: string;
  readonly scheduler: Scheduler;
  readonly stats: SimStats;
  readonly bus: EventBus;
  readonly random: () => number;
  readonly connection: ConnectionState;
  /** 'None' until a BootNotification was answered, then its status ('Accepted', 'Pending', 'Rejected'). */
  readonly registration: string;
  readonly powered: boolean;
  readonly isOnline: boolean;
  now(): number;
  emit(e: SimEvent): void;
  error(message: string): void;
  /** Records the connection's new state (observer and 'connection' event when it changed). */
  setConnection(state: ConnectionState, reason?: string): void;
}
