/**
 * Charging profiles: what was sent to each charger/connector and how the charger answered (and which are still
 * installed: accepted, not replaced, not cleared, not ended with their transaction), plus a library of saved
 * profiles to send.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ChargerParams, ConnectorId, Enum, Nullable } from './common.js';
import { defineContract } from './contract.js';
import { CommandResult } from './commands.js';

/** 1.6 and 2.0.1 purposes (2.0.1 renames ChargePointMaxProfile ChargingStationMaxProfile and adds external constraints). */
const PURPOSES = ['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile', 'ChargingStationMaxProfile', 'ChargingStationExternalConstraints'] as const;

const Profile = Type.Record(Type.String(), Type.Unknown(), {
  description:
    "In the charger's version: 1.6 a csChargingProfiles object (chargingProfileId, stackLevel, purpose, kind, chargingSchedule…), 2.0.1 a chargingProfile (id, stackLevel, purpose, kind, chargingSchedule[]…), as in SetChargingProfile.req (OCA schemas)",
});

export const ChargingProfileRecord = Type.Object(
  {
    id: Type.Integer({ description: "The record's id (not the chargingProfileId)" }),
    chargePointId: Type.String(),
    connectorId: Type.Integer(),
    chargingProfileId: Type.Integer(),
    stackLevel: Type.Integer(),
    purpose: Type.String(),
    kind: Type.String(),
    transactionId: Nullable(Type.Integer()),
    profile: Type.Unknown({ description: 'The csChargingProfiles sent' }),
    libraryName: Nullable(Type.String({ description: 'The saved profile it was sent from' })),
    sentAt: Type.String(),
    status: Type.String({ description: "Accepted, Rejected, NotSupported (the charger's answer), or CALLERROR code / timeout / failed" }),
    answeredAt: Nullable(Type.String()),
    installed: Type.Boolean({ description: 'Accepted and not since replaced, cleared or ended with its transaction' }),
    endedBy: Nullable(Type.String({ description: 'Why it is no longer installed, in words' })),
  },
  { title: 'ChargingProfileRecord' },
);
export type ChargingProfileRecord = Static<typeof ChargingProfileRecord>;

export const LibraryProfile = Type.Object(
  { name: Type.String(), description: Type.String(), profile: Type.Unknown(), createdAt: Type.String(), updatedAt: Type.String() },
  { title: 'SavedChargingProfile' },
);
export type LibraryProfile = Static<typeof LibraryProfile>;

const LibraryName = Type.String({
  pattern: '^[A-Za-z0-9 ._-]{1,60}$',
  description: '1-60 letters, digits, spaces, . _ -',
  errorMessage: 'A saved profile name is 1-60 letters, digits, spaces, . _ or -, got "{value}"',
});

export const chargingProfiles = {
  list: defineContract({
    method: 'GET',
    path: '/api/chargers/:id/charging-profiles',
    tag: 'Charging profiles',
    summary: 'The charging profiles sent to this charger, newest first, with its answers and which are installed',
    params: ChargerParams,
    response: Type.Array(ChargingProfileRecord),
    errors: { 404: 'no such charger' },
  }),
  send: defineContract({
    method: 'POST',
    path: '/api/chargers/:id/charging-profiles',
    tag: 'Charging profiles',
    summary: 'Sends SetChargingProfile with a profile given here or saved in the library',
    params: ChargerParams,
    body: Type.Object(
      {
        connectorId: ConnectorId,
        profile: Type.Optional(Profile),
        library: Type.Optional(LibraryName),
        transactionId: Type.Optional(Type.Integer({ description: 'Sets the TxProfile’s transactionId (overrides the saved one)' })),
        timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })),
      },
      { additionalProperties: false },
    ),
    response: Type.Object({ record: Nullable(ChargingProfileRecord), result: CommandResult }),
    errors: { 400: 'neither or both of profile and library, or the profile fails its schema', 404: 'no such charger or saved profile' },
  }),
  clear: defineContract({
    method: 'POST',
    path: '/api/chargers/:id/charging-profiles/clear',
    tag: 'Charging profiles',
    summary: 'Sends ClearChargingProfile (by chargingProfileId, or by connector/purpose/stack level; nothing given clears all)',
    params: ChargerParams,
    body: Type.Object(
      {
        id: Type.Optional(Type.Integer()),
        connectorId: Type.Optional(ConnectorId),
        chargingProfilePurpose: Type.Optional(Enum(PURPOSES)),
        stackLevel: Type.Optional(Type.Integer({ minimum: 0 })),
      },
      { additionalProperties: false },
    ),
    response: Type.Object({ result: CommandResult, cleared: Type.Integer({ description: 'Installed records marked cleared' }) }),
    errors: { 404: 'no such charger' },
  }),
  library: defineContract({
    method: 'GET',
    path: '/api/charging-profiles/library',
    tag: 'Charging profiles',
    summary: 'The saved charging profiles',
    response: Type.Array(LibraryProfile),
  }),
  save: defineContract({
    method: 'PUT',
    path: '/api/charging-profiles/library/:name',
    tag: 'Charging profiles',
    summary: 'Saves (or replaces) a charging profile in the library; checked against the OCA schema',
    params: Type.Object({ name: LibraryName }),
    body: Type.Object({ description: Type.Optional(Type.String({ maxLength: 500 })), profile: Profile }, { additionalProperties: false }),
    response: LibraryProfile,
    errors: { 400: 'the profile fails the csChargingProfiles schema' },
  }),
  remove: defineContract({
    method: 'DELETE',
    path: '/api/charging-profiles/library/:name',
    tag: 'Charging profiles',
    summary: 'Deletes a saved charging profile',
    params: Type.Object({ name: LibraryName }),
    response: Type.Object({ ok: Type.Literal(true) }),
    errors: { 404: 'no such saved profile' },
  }),
};
