/** The bench as a whole: overview figures, health, the transport and where chargers connect, the API's own description. */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';
import { defineContract } from './contract.js';

export const TransportView = Type.Object(
  {
    kind: Type.String({ description: 'in-process or amqp' }),
    connected: Type.Boolean(),
    url: Nullable(Type.String({ description: 'Broker URL, password masked' })),
    queueDepth: Nullable(Type.Integer()),
    heldFrames: Nullable(Type.Integer()),
    detail: Nullable(Type.String()),
    ocppUrl: Type.String({ description: 'Where a charger connects: ws://HOST:PORT/ocpp/{chargePointId}' }),
    lanOcppUrls: Type.Array(Type.String()),
    lanReachable: Type.Boolean({ description: 'False when the edge listens on loopback only (start with --host 0.0.0.0)' }),
  },
  { title: 'Transport' },
);
export type TransportView = Static<typeof TransportView>;

export const OverviewView = Type.Object(
  {
    chargers: Type.Object({ total: Type.Integer(), connected: Type.Integer(), simulated: Type.Integer() }),
    byState: Type.Record(Type.String(), Type.Integer()),
    messagesPerSec: Type.Number(),
    messagesTotal: Type.Integer(),
    transactionsRunning: Type.Integer({ description: 'Open transactions on chargers that are online' }),
    transactionsOpenOffline: Type.Integer({ description: 'Open transactions on chargers that are offline' }),
    energyDeliveredWh: Type.Number(),
    transport: TransportView,
  },
  { title: 'Overview' },
);
export type OverviewView = Static<typeof OverviewView>;

export const CountersView = Type.Object({
  messagesPerSec: Type.Number(),
  messagesTotal: Type.Integer(),
  connected: Type.Integer(),
  transactionsRunning: Type.Integer(),
  transactionsOpenOffline: Type.Optional(Type.Integer()),
});
export type CountersView = Static<typeof CountersView>;

export const FleetPoint = Type.Object(
  {
    t: Type.Integer({ description: 'End of the interval (ms since the epoch)' }),
    messagesPerSec: Type.Number(),
    powerW: Type.Number({ description: 'Live power summed over connected chargers (W)' }),
    callErrors: Type.Integer({ description: 'CALLERROR frames in the interval (either direction)' }),
    timeouts: Type.Integer({ description: 'Server CALLs that timed out in the interval' }),
    byState: Type.Record(Type.String(), Type.Integer()),
  },
  { title: 'FleetPoint' },
);
export type FleetPoint = Static<typeof FleetPoint>;
export const FleetSeriesView = Type.Object(
  { intervalMs: Type.Integer(), points: Type.Array(FleetPoint, { description: 'Oldest first; at most the last hour' }) },
  { title: 'FleetSeries' },
);
export type FleetSeriesView = Static<typeof FleetSeriesView>;

export const overview = {
  get: defineContract({
    method: 'GET',
    path: '/api/overview',
    tag: 'Bench',
    summary: 'Chargers by state, message rate, transactions, energy, transport',
    response: OverviewView,
  }),
  health: defineContract({
    method: 'GET',
    path: '/api/health',
    tag: 'Bench',
    summary: 'Answers while the bench API runs; startedAt changes when the server restarts',
    response: Type.Object({
      ok: Type.Literal(true),
      startedAt: Type.String({ description: 'When this server process started (ISO 8601); a different value than before means it restarted' }),
    }),
  }),
  fleetSeries: defineContract({
    method: 'GET',
    path: '/api/fleet/series',
    tag: 'Bench',
    summary: 'The fleet over the last hour: messages/s, total power, chargers by state, CALLERRORs and timeouts per interval',
    query: Type.Object({
      since: Type.Optional(Type.Integer({ minimum: 0, description: 'Only points after this time (ms since the epoch): a live chart asks for what is new' })),
    }),
    response: FleetSeriesView,
    errors: { 400: 'a bad since', 503: 'this bench keeps no fleet series' },
  }),
  transport: defineContract({
    method: 'GET',
    path: '/api/transport',
    tag: 'Bench',
    summary: 'Transport state and the OCPP address chargers connect to',
    response: TransportView,
  }),
  openapi: defineContract({
    method: 'GET',
    path: '/api/openapi.json',
    tag: 'Bench',
    summary: 'This API as an OpenAPI 3.1 document (no token needed)',
    public: true,
    response: Type.Record(Type.String(), Type.Unknown()),
  }),
};
