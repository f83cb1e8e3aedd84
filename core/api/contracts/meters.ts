/** Meter series: per connector (never merged), downsampled to a point budget. */
import { Type, type Static } from '@sinclair/typebox';
import { ChargerId, ConnectorId, Instant, Nullable } from './common.js';
import { Defaulted, defineContract } from './contract.js';

/** One meter point: epoch ms of the sample (the charger's timestamp) and the values sampled then. */
export const MeterPoint = Type.Object({
  t: Type.Number(),
  powerW: Type.Optional(Type.Number()),
  energyWh: Type.Optional(Type.Number()),
  currentA: Type.Optional(Type.Number()),
  voltageV: Type.Optional(Type.Number()),
  soc: Type.Optional(Type.Number()),
});
export type MeterPoint = Static<typeof MeterPoint>;

export const ConnectorMeterSeries = Type.Object({
  connectorId: Type.Integer(),
  points: Type.Array(MeterPoint),
  downsampled: Type.Boolean(),
  rawCount: Type.Integer(),
});
export type ConnectorMeterSeries = Static<typeof ConnectorMeterSeries>;

export const MeterSeries = Type.Object(
  {
    chargePointId: Type.String(),
    connectorId: Nullable(Type.Integer({ description: 'null when several connectors answered' })),
    transactionId: Nullable(Type.Integer()),
    series: Type.Array(ConnectorMeterSeries, { description: 'One series per connector' }),
    points: Type.Array(MeterPoint, { description: 'The points when a single connector answered' }),
    downsampled: Type.Boolean(),
    rawCount: Type.Integer(),
  },
  { title: 'MeterSeries' },
);
export type MeterSeries = Static<typeof MeterSeries>;

export const MeterQuery = Type.Object({
  transactionId: Type.Optional(Type.Integer({ minimum: 0 })),
  chargePointId: Type.Optional(ChargerId),
  connectorId: Type.Optional(ConnectorId),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  maxPoints: Defaulted(Type.Integer({ minimum: 10, maximum: 10_000 }), 600),
});

export const meters = {
  series: defineContract({
    method: 'GET',
    path: '/api/meters',
    tag: 'Meters',
    summary: 'A transaction’s or a charger’s (connector’s) meter series; give transactionId or chargePointId',
    query: MeterQuery,
    response: MeterSeries,
    errors: { 400: 'neither transactionId nor chargePointId' },
  }),
};
