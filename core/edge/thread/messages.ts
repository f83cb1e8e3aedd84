/** What the main thread and the edge thread say to each other besides the transport (which has its own port). */
import type { MessagePort } from 'node:worker_threads';
import type { AmqpEdgeTransportOptions } from '../../transport/amqp/index.js';
import type { TransportStatus } from '../../transport/types.js';
import type { ChargerEntry } from '../chargerDirectory.js';
import type { EdgeHealth } from '../edge.js';
import type { EdgeOptions, EdgeRefusal } from '../options.js';

/** The edge's options that are plain data (the transport, clock, directory and onRefused are wired by the thread). */
export type EdgeThreadSettings = Omit<EdgeOptions, 'transport' | 'clock' | 'directory' | 'onRefused'>;

/** workerData of the edge thread. */
export interface EdgeThreadInit {
  edgeId: string;
  settings: EdgeThreadSettings;
  /** Whether the main thread answers directory lookups. */
  hasDirectory: boolean;
  /** The relay's port to the main thread's transport, or RabbitMQ settings for a transport of the thread's own. */
  transport: { kind: 'port'; port: MessagePort; status: TransportStatus } | { kind: 'amqp'; settings: Omit<AmqpEdgeTransportOptions, 'edgeId'> };
  /** The module that runs the edge (the bootstrap imports it). */
  entry: string;
}

/** Edge thread → main thread. */
export type FromEdgeThread =
  | { t: 'ready'; url: string; port: number; health: EdgeHealth }
  | { t: 'failed'; message: string }
  | { t: 'conn'; chargePointId: string; connectionId: string; open: boolean }
  | { t: 'health'; health: EdgeHealth }
  | { t: 'refused'; refusal: EdgeRefusal }
  | { t: 'lookup'; reqId: number; id: string }
  | { t: 'closed' };

/** Main thread → edge thread. */
export type ToEdgeThread =
  | { t: 'lookupReply'; reqId: number; entry: ChargerEntry | undefined; error?: string }
  | { t: 'acceptUnknown'; value: boolean }
  | { t: 'disconnect'; chargePointId: string; code: number; reason: string }
  | { t: 'close' };
