/** Chargers: the list (live summaries), one charger's page, disconnecting it. */
import { Type, type Static } from '@sinclair/typebox';
import { ChargerParams, Enum, Nullable, Ok, PageOf } from './common.js';
import { PROTOCOL_VERSIONS } from '../../ocpp/protocol.js';
import { Defaulted, defineContract } from './contract.js';
import { RegistryEntry } from './registry.js';
import { TransactionView } from './transactions.js';

/** 1.6 ChargePointStatus values, and 2.0.1's Occupied (its ConnectorStatus: Available / Occupied / Reserved / Unavailable / Faulted). */
export const CONNECTOR_STATUSES = [
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEVSE',
  'SuspendedEV',
  'Finishing',
  'Occupied',
  'Reserved',
  'Unavailable',
  'Faulted',
] as const;
/** Offline when not connected; Booting before any BootNotification answer; Pending/Rejected as the boot was answered; else the most telling connector status. */
/** Unresponsive: connected, but a server CALL timed out with nothing heard since, or silent beyond its heartbeat interval + grace. */
export const CHARGER_STATES = [...CONNECTOR_STATUSES, 'Offline', 'Unresponsive', 'Booting', 'Pending', 'Rejected', 'Unknown'] as const;
export type ChargerState = (typeof CHARGER_STATES)[number];

export const ConnectorView = Type.Object(
  {
    connectorId: Type.Integer(),
    status: Type.String(),
    errorCode: Type.String(),
    info: Nullable(Type.String()),
    vendorErrorCode: Nullable(Type.String()),
    updatedAt: Nullable(Type.String()),
    transactionId: Nullable(Type.Integer()),
  },
  { title: 'Connector' },
);
export type ConnectorView = Static<typeof ConnectorView>;

export const ChargerSummary = Type.Object(
  {
    id: Type.String(),
    connected: Type.Boolean(),
    state: Enum(CHARGER_STATES),
    vendor: Nullable(Type.String()),
    model: Nullable(Type.String()),
    firmware: Nullable(Type.String()),
    connectors: Type.Array(ConnectorView),
    lastSeenAt: Nullable(Type.String()),
    simulated: Type.Boolean({ description: "One of this bench's simulated chargers" }),
    profile: Nullable(Type.String()),
    powerW: Nullable(Type.Number({ description: 'Live power summed over connectors (W); null (unknown) whenever the charger is offline' })),
    offlineSince: Type.Optional(Nullable(Type.String({ description: 'When an offline charger went offline' }))),
    registered: Type.Optional(Type.Boolean({ description: 'Added to the registry by the operator (else first seen on its own)' })),
    notes: Type.Optional(Nullable(Type.String())),
    protocol: Nullable(Enum(PROTOCOL_VERSIONS, { description: 'The OCPP version of its (last) connection; null for a simulated charger not connected yet' })),
    errorCode: Type.Optional(Nullable(Type.String({ description: 'The first connector error code other than NoError (e.g. GroundFailure), else null' }))),
    unresponsive: Type.Optional(
      Nullable(
        Type.Object(
          { reason: Enum(['callTimeout', 'missedHeartbeat'] as const), detail: Type.String() },
          { description: 'Why the charger counts as unresponsive; null while healthy' },
        ),
      ),
    ),
  },
  { title: 'ChargerSummary' },
);
export type ChargerSummary = Static<typeof ChargerSummary>;

export const SimConnectorView = Type.Object({
  connectorId: Type.Integer(),
  status: Type.String(),
  plugged: Type.Boolean(),
  transactionId: Nullable(Type.Union([Type.Integer(), Type.String()], { description: '1.6: an integer; 2.0.1: a string' })),
  powerW: Nullable(Type.Number()),
  soc: Nullable(Type.Number()),
  energyWh: Nullable(Type.Number()),
});
export type SimConnectorView = Static<typeof SimConnectorView>;

export const SimChargerView = Type.Object(
  {
    id: Type.String(),
    profile: Type.String(),
    state: Type.String(),
    connectors: Type.Array(SimConnectorView),
    faults: Type.Array(Type.String()),
    protocol: Type.Optional(Enum(PROTOCOL_VERSIONS)),
  },
  { title: 'SimulatedCharger' },
);
export type SimChargerView = Static<typeof SimChargerView>;

/** One AutoRemoteStart decision for a connector (core/backend/autoRemoteStartDecision.ts). */
export const AutoRemoteStartView = Type.Object(
  {
    chargePointId: Type.String(),
    connectorId: Type.Integer(),
    at: Type.String(),
    outcome: Enum(['pending', 'notSent', 'sent', 'answered', 'failed'] as const),
    reason: Type.Optional(
      Enum([
        'transactionRunning',
        'transactionStarted',
        'authorized',
        'statusChanged',
        'rebooted',
        'disconnected',
        'notRegistered',
        'disabled',
        'conformanceMode',
        'callQueueBusy',
        'stopped',
      ] as const),
    ),
    status: Type.Optional(Enum(['Accepted', 'Rejected'] as const)),
    idTag: Type.String(),
    detail: Type.String(),
  },
  { title: 'AutoRemoteStartDecision' },
);
export type AutoRemoteStartView = Static<typeof AutoRemoteStartView>;

/** A server CALL to this charger still waiting for its reply (the backend keeps one outstanding per charger). */
export const OutstandingCall = Type.Object({ action: Type.String(), messageId: Type.String() });

export const ChargerDetail = Type.Composite(
  [
    ChargerSummary,
    Type.Object({
      serialNumber: Nullable(Type.String()),
      iccid: Nullable(Type.String()),
      imsi: Nullable(Type.String()),
      meterType: Nullable(Type.String()),
      meterSerialNumber: Nullable(Type.String()),
      bootStatus: Nullable(Type.String({ description: 'The last BootNotification answer: Accepted, Pending or Rejected' })),
      lastBootAt: Nullable(Type.String()),
      lastHeartbeatAt: Nullable(Type.String()),
      connectedAt: Nullable(Type.String()),
      openTransactions: Type.Array(TransactionView),
      autoRemoteStarts: Type.Array(AutoRemoteStartView, { description: "AutoRemoteStart's recent decisions (newest first; since the bench started)" }),
      sim: Nullable(SimChargerView),
      registry: Type.Optional(RegistryEntry),
      outstandingCalls: Type.Optional(Type.Array(OutstandingCall, { description: 'Server CALLs waiting for the charger, oldest first' })),
    }),
  ],
  { title: 'ChargerDetail' },
);
export type ChargerDetail = Static<typeof ChargerDetail>;

export const ChargerListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Contained in the id, vendor or model (case-insensitive)' })),
  state: Type.Optional(Enum(CHARGER_STATES)),
  connected: Type.Optional(Type.Boolean()),
  simulated: Type.Optional(Type.Boolean()),
  protocol: Type.Optional(Enum(PROTOCOL_VERSIONS, { description: 'Only chargers speaking this OCPP version' })),
  offset: Defaulted(Type.Integer({ minimum: 0 }), 0),
  limit: Defaulted(Type.Integer({ minimum: 1, maximum: 10_000 }), 500),
});
export type ChargerListQuery = Static<typeof ChargerListQuery>;

export const chargers = {
  list: defineContract({
    method: 'GET',
    path: '/api/chargers',
    tag: 'Chargers',
    summary: 'List chargers (stored and simulated) with their state, connectors and live power',
    query: ChargerListQuery,
    response: PageOf(ChargerSummary, 'ChargerPage'),
    errors: { 400: 'a bad filter' },
  }),
  get: defineContract({
    method: 'GET',
    path: '/api/chargers/:id',
    tag: 'Chargers',
    summary: "One charger's page: identity, connectors, open transactions, registry entry, AutoRemoteStart decisions",
    params: ChargerParams,
    response: ChargerDetail,
    errors: { 400: 'an invalid id', 404: 'no such charger' },
  }),
  disconnect: defineContract({
    method: 'POST',
    path: '/api/chargers/:id/disconnect',
    tag: 'Chargers',
    summary: "Closes the charger's websocket (it will usually reconnect)",
    params: ChargerParams,
    response: Ok,
    errors: { 404: 'no such charger', 409: 'the charger is not connected' },
  }),
};
