/**
 * Reservations the central system keeps: the backend allocates the reservation id, sends ReserveNow and follows
 * the reservation: Reserved (the charger accepted), Rejected (Occupied/Faulted/Unavailable/Rejected), Failed
 * (no answer), Cancelled (CancelReservation accepted), Expired (its expiry passed unused), Used (a
 * StartTransaction carried its id).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ChargerId, ChargerParams, ConnectorId, DateTime, Enum, IdTag, Nullable, PageOf } from './common.js';
import { Defaulted, defineContract } from './contract.js';
import { CommandResult } from './commands.js';

export const RESERVATION_STATES = ['Requested', 'Reserved', 'Rejected', 'Failed', 'Cancelled', 'Expired', 'Used'] as const;
export type ReservationState = (typeof RESERVATION_STATES)[number];

export const ReservationView = Type.Object(
  {
    id: Type.Integer({ description: 'The reservationId sent in ReserveNow (allocated by the central system)' }),
    chargePointId: Type.String(),
    connectorId: Type.Integer(),
    idTag: Type.String(),
    parentIdTag: Nullable(Type.String()),
    expiryDate: Type.String(),
    state: Enum(RESERVATION_STATES),
    chargerStatus: Nullable(Type.String({ description: "The charger's ReserveNow answer (Accepted, Faulted, Occupied, Rejected, Unavailable) or the error" })),
    transactionId: Nullable(Type.Integer({ description: 'For Used: the transaction that used it' })),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    note: Nullable(Type.String({ description: 'What happened last, in words' })),
  },
  { title: 'Reservation' },
);
export type ReservationView = Static<typeof ReservationView>;

const ReservationParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const reservations = {
  list: defineContract({
    method: 'GET',
    path: '/api/reservations',
    tag: 'Reservations',
    summary: 'Reservations, newest first',
    query: Type.Object({
      chargePointId: Type.Optional(ChargerId),
      state: Type.Optional(Enum(RESERVATION_STATES)),
      offset: Defaulted(Type.Integer({ minimum: 0 }), 0),
      limit: Defaulted(Type.Integer({ minimum: 1, maximum: 1000 }), 100),
    }),
    response: PageOf(ReservationView, 'ReservationPage'),
  }),
  get: defineContract({
    method: 'GET',
    path: '/api/reservations/:id',
    tag: 'Reservations',
    summary: 'One reservation',
    params: ReservationParams,
    response: ReservationView,
    errors: { 404: 'no such reservation' },
  }),
  reserve: defineContract({
    method: 'POST',
    path: '/api/chargers/:id/reservations',
    tag: 'Reservations',
    summary: 'Reserves a connector for an id tag: allocates the reservation id, sends ReserveNow, returns the reservation and the answer',
    params: ChargerParams,
    body: Type.Object(
      {
        connectorId: ConnectorId,
        idTag: IdTag,
        expiryDate: DateTime,
        parentIdTag: Type.Optional(IdTag),
        idTokenType: Type.Optional(
          Enum(['Central', 'eMAID', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress'] as const, {
            description: "OCPP 2.0.1 chargers: the id token's type (default Central); 1.6 has id tags only",
          }),
        ),
        timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })),
      },
      { additionalProperties: false },
    ),
    response: Type.Object({ reservation: ReservationView, result: CommandResult }),
    errors: { 400: 'a bad field, or an expiry in the past', 404: 'no such charger' },
  }),
  cancel: defineContract({
    method: 'POST',
    path: '/api/reservations/:id/cancel',
    tag: 'Reservations',
    summary: 'Sends CancelReservation; the reservation is Cancelled when the charger accepts',
    params: ReservationParams,
    response: Type.Object({ reservation: ReservationView, result: CommandResult }),
    errors: { 404: 'no such reservation', 409: 'the reservation is not Reserved' },
  }),
};
