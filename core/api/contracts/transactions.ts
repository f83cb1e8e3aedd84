/** Transactions: the filtered list, one transaction with every StopTransaction received, closing a stale one. */
import { Type, type Static } from '@sinclair/typebox';
import { ChargerId, ConnectorId, Enum, IdTag, Instant, Nullable, PageOf } from './common.js';
import { Defaulted, defineContract } from './contract.js';
import { PROTOCOL_VERSIONS } from '../../ocpp/protocol.js';

/** active | stopped | orphaned (closed by orphan cleanup) | stale (closed by the operator as stale). */
export const TRANSACTION_STATES = ['active', 'stopped', 'orphaned', 'stale'] as const;

const Cleanup = Type.Object({
  at: Type.String({ description: 'Server time of the cleanup' }),
  reason: Type.String(),
  byTransactionId: Nullable(Type.Integer()),
  meterStop: Type.Integer(),
  stoppedAt: Type.String(),
});

const StaleClose = Type.Object({
  at: Type.String({ description: 'When the operator closed it (server time)' }),
  note: Nullable(Type.String()),
  meterStop: Type.Integer({ description: 'The reading it was closed with: the last meter value, else meterStart' }),
});

export const TransactionView = Type.Object(
  {
    id: Type.Integer(),
    chargePointId: Type.String(),
    connectorId: Type.Integer(),
    idTag: Type.String(),
    reservationId: Type.Optional(Nullable(Type.Integer())),
    meterStart: Type.Integer(),
    meterStop: Nullable(Type.Integer()),
    startedAt: Type.String(),
    stoppedAt: Nullable(Type.String()),
    stopReason: Nullable(Type.String()),
    energyWh: Nullable(Type.Number({ description: 'meterStop - meterStart, or the last reading while running' })),
    state: Enum(TRANSACTION_STATES),
    chargerOnline: Type.Boolean({ description: 'An open transaction on an offline charger is not "running"' }),
    chargerOfflineSince: Nullable(Type.String()),
    cleanup: Nullable(Cleanup),
    staleClose: Type.Optional(Nullable(StaleClose)),
    differingStops: Type.Integer(),
    note: Nullable(Type.String({ description: 'What a reader should know about this row, in words' })),
    protocol: Type.Optional(Enum(PROTOCOL_VERSIONS, { description: 'The OCPP version it was reported in' })),
    chargerTransactionId: Type.Optional(Nullable(Type.String({ description: "OCPP 2.0.1: the charger's own transactionId (1.6: null, the id is ours)" }))),
    chargingState: Type.Optional(
      Nullable(
        Type.String({ description: 'OCPP 2.0.1: the chargingState of the newest TransactionEvent (Charging, EVConnected, SuspendedEV, SuspendedEVSE, Idle)' }),
      ),
    ),
    evseConnectorId: Type.Optional(Nullable(Type.Integer({ description: 'OCPP 2.0.1: the connector within the EVSE (connectorId is the EVSE id)' }))),
  },
  { title: 'Transaction' },
);
export type TransactionView = Static<typeof TransactionView>;

const StopRow = Type.Object({
  id: Type.Integer(),
  transactionId: Type.Integer(),
  frameId: Nullable(Type.Integer()),
  receivedAt: Type.String(),
  meterStop: Type.Integer(),
  stoppedAt: Type.String(),
  reason: Nullable(Type.String()),
  idTag: Nullable(Type.String()),
  transactionData: Type.Unknown(),
  outcome: Enum(['applied', 'afterCleanup', 'afterStale', 'duplicate', 'differs'] as const),
});

export const TransactionDetailView = Type.Composite([TransactionView, Type.Object({ stops: Type.Array(StopRow) })], { title: 'TransactionDetail' });
export type TransactionDetailView = Static<typeof TransactionDetailView>;

export const TransactionListQuery = Type.Object({
  chargePointId: Type.Optional(ChargerId),
  connectorId: Type.Optional(ConnectorId),
  idTag: Type.Optional(IdTag),
  state: Type.Optional(Enum(TRANSACTION_STATES)),
  open: Type.Optional(Type.Boolean({ description: 'true: state active; false: any closed state' })),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  offset: Defaulted(Type.Integer({ minimum: 0 }), 0),
  limit: Defaulted(Type.Integer({ minimum: 1, maximum: 1000 }), 100),
});
export type TransactionListQuery = Static<typeof TransactionListQuery>;

const TransactionParams = Type.Object({ id: Type.Integer({ minimum: 1, errorMessage: 'No transaction "{value}"' }) });

export const transactions = {
  list: defineContract({
    method: 'GET',
    path: '/api/transactions',
    tag: 'Transactions',
    summary: 'Transactions, newest first, filtered by charger, connector, id tag, state and start time (from ≤ startedAt < to)',
    query: TransactionListQuery,
    response: PageOf(TransactionView, 'TransactionPage'),
  }),
  get: defineContract({
    method: 'GET',
    path: '/api/transactions/:id',
    tag: 'Transactions',
    summary: 'One transaction with every StopTransaction received for it',
    params: TransactionParams,
    response: TransactionDetailView,
    errors: { 404: 'no such transaction' },
  }),
  closeStale: defineContract({
    method: 'POST',
    path: '/api/transactions/:id/close-stale',
    tag: 'Transactions',
    summary:
      "Closes an open transaction the charger will never end (state stale, with the last reading); the charger's own StopTransaction still wins if it comes",
    params: TransactionParams,
    body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
    response: TransactionView,
    errors: { 404: 'no such transaction', 409: 'the transaction is not open' },
  }),
};
