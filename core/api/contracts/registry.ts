/**
 * The charger registry: add, edit and remove charge points, decide a Pending charger's registration, and the
 * connections the edge refused (with why). A charger in the registry is "known": when unknown chargers are
 * refused, only registered ones (and those in a --chargers file) may connect.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ChargerId, ChargerParams, Enum, Nullable } from './common.js';
import { Defaulted, defineContract } from './contract.js';
import { CommandResult } from './commands.js';

export const BOOT_DECISIONS = ['Accepted', 'Pending', 'Rejected'] as const;
export type BootDecision = (typeof BOOT_DECISIONS)[number];

export const RegistryEntry = Type.Object(
  {
    id: Type.String(),
    registered: Type.Boolean({ description: 'Added by the operator; false: first seen on its own (unknown chargers accepted)' }),
    registeredAt: Nullable(Type.String()),
    firstSeenAt: Type.String(),
    notes: Nullable(Type.String()),
    expectedVendor: Nullable(Type.String()),
    expectedModel: Nullable(Type.String()),
    hasPassword: Type.Boolean({ description: 'A Basic-auth password is set (security profile 1); only its scrypt hash is stored' }),
    bootPolicy: Nullable(Enum(BOOT_DECISIONS, { description: "This charger's BootNotification answer; null: the bench's boot policy" })),
    identityMismatch: Nullable(Type.String({ description: 'The last boot named another vendor/model than expected, in words' })),
  },
  { title: 'RegistryEntry' },
);
export type RegistryEntry = Static<typeof RegistryEntry>;

const Password = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'Basic-auth password (OCPP 1.6 security profile 1: the AuthorizationKey, at most 40 characters)',
});
const Notes = Type.String({ maxLength: 2000 });
const Expected = Type.String({ maxLength: 50, description: 'As BootNotification sends it (at most 20 characters in OCPP 1.6)' });

export const RegisterBody = Type.Object(
  {
    id: ChargerId,
    password: Type.Optional(Password),
    notes: Type.Optional(Notes),
    expectedVendor: Type.Optional(Expected),
    expectedModel: Type.Optional(Expected),
    bootPolicy: Type.Optional(Enum(BOOT_DECISIONS)),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const UpdateRegistryBody = Type.Object(
  {
    password: Type.Optional(Nullable(Password)),
    notes: Type.Optional(Nullable(Notes)),
    expectedVendor: Type.Optional(Nullable(Expected)),
    expectedModel: Type.Optional(Nullable(Expected)),
    bootPolicy: Type.Optional(Nullable(Enum(BOOT_DECISIONS))),
  },
  { additionalProperties: false, description: 'Only the fields given change; null clears one' },
);
export type UpdateRegistryBody = Static<typeof UpdateRegistryBody>;

export const HISTORY_CHOICES = ['keep', 'delete'] as const;
export type HistoryChoice = (typeof HISTORY_CHOICES)[number];
const History = Enum(HISTORY_CHOICES, { description: 'keep: transactions, meter values and frames stay (the charger leaves the lists); delete: they go too' });

export const RemovalResult = Type.Object(
  {
    removed: Type.Array(Type.String()),
    history: History,
    skipped: Type.Array(Type.Object({ id: Type.String(), reason: Type.String() }), { description: 'Chargers not removed (connected, unknown), with why' }),
    deleted: Type.Object({ transactions: Type.Integer(), frames: Type.Integer(), meterSamples: Type.Integer() }),
  },
  { title: 'RemovalResult' },
);
export type RemovalResult = Static<typeof RemovalResult>;

export const Refusal = Type.Object(
  {
    chargePointId: Nullable(Type.String({ description: 'null when the path named no valid id' })),
    path: Type.String(),
    remoteAddress: Type.String(),
    status: Type.Integer({ description: 'The HTTP status of the refused handshake' }),
    reason: Type.String(),
    at: Type.String({ description: 'The latest refusal' }),
    firstAt: Type.String(),
    count: Type.Integer(),
    /** An unknown id while unknown chargers are refused: registering it lets it in. */
    canRegister: Type.Boolean(),
  },
  { title: 'RefusedConnection' },
);
export type Refusal = Static<typeof Refusal>;

export const registry = {
  add: defineContract({
    method: 'POST',
    path: '/api/chargers',
    tag: 'Registry',
    summary: 'Registers a charge point (id, Basic-auth password, notes, expected vendor/model, boot answer)',
    body: RegisterBody,
    response: RegistryEntry,
    errors: { 400: 'a bad field', 409: 'the charger is already registered (PATCH it)' },
  }),
  update: defineContract({
    method: 'PATCH',
    path: '/api/chargers/:id',
    tag: 'Registry',
    summary: "Edits a charger's registry entry",
    params: ChargerParams,
    body: UpdateRegistryBody,
    response: RegistryEntry,
    errors: { 400: 'a bad field', 404: 'no such charger' },
  }),
  remove: defineContract({
    method: 'DELETE',
    path: '/api/chargers/:id',
    tag: 'Registry',
    summary: 'Removes an offline charger, with or without its history',
    params: ChargerParams,
    query: Type.Object({ history: Defaulted(History, 'keep') }),
    response: RemovalResult,
    errors: { 404: 'no such charger', 409: 'the charger is connected: disconnect it first' },
  }),
  removeMany: defineContract({
    method: 'POST',
    path: '/api/chargers/remove',
    tag: 'Registry',
    summary: 'Removes several offline chargers (by id, or every offline one), with or without their history',
    body: Type.Object(
      {
        ids: Type.Optional(Type.Array(ChargerId, { maxItems: 100_000 })),
        allOffline: Type.Optional(Type.Boolean({ description: 'Every charger that is offline now (simulated ones excluded)' })),
        history: Defaulted(History, 'keep'),
      },
      { additionalProperties: false },
    ),
    response: RemovalResult,
    errors: { 400: 'neither ids nor allOffline' },
  }),
  decide: defineContract({
    method: 'POST',
    path: '/api/chargers/:id/registration',
    tag: 'Registry',
    summary: 'Accepts or rejects a (Pending) charger: its BootNotification answer from now on; asks it to boot again at once when connected',
    params: ChargerParams,
    body: Type.Object(
      {
        decision: Enum(['Accepted', 'Rejected'] as const),
        trigger: Defaulted(Type.Boolean({ description: 'Send TriggerMessage(BootNotification) so the charger boots again now' }), true),
      },
      { additionalProperties: false },
    ),
    response: Type.Object({ registry: RegistryEntry, trigger: Nullable(CommandResult), note: Type.String({ description: 'What happens now, in words' }) }),
    errors: { 404: 'no such charger' },
  }),
  refusals: defineContract({
    method: 'GET',
    path: '/api/registry/refusals',
    tag: 'Registry',
    summary: 'Connections the edge refused recently (unknown id, wrong password, bad path…), newest first',
    response: Type.Array(Refusal),
  }),
};
