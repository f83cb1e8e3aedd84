/**
 * A charger's configuration as the central system knows it: the keys from its last GetConfiguration (read-only
 * flag and value), and per key the charger's answer to the last ChangeConfiguration sent for it.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ChargerId, ChargerParams, Nullable } from './common.js';
import { defineContract } from './contract.js';
import { CommandResult } from './commands.js';

export const ConfigKeyView = Type.Object(
  {
    key: Type.String(),
    readonly: Type.Boolean(),
    value: Nullable(Type.String({ description: 'null when the charger reported the key without a value' })),
    lastChange: Nullable(
      Type.Object({
        value: Type.String({ description: 'The value sent' }),
        status: Type.String({ description: 'Accepted, RebootRequired, Rejected, NotSupported, or the CALLERROR code / timeout' }),
        at: Type.String(),
      }),
    ),
  },
  { title: 'ConfigurationKey' },
);
export type ConfigKeyView = Static<typeof ConfigKeyView>;

export const ConfigurationView = Type.Object(
  {
    chargePointId: Type.String(),
    readAt: Nullable(Type.String({ description: 'When a GetConfiguration answer was last stored; null: never read' })),
    keys: Type.Array(ConfigKeyView),
    unknownKeys: Type.Array(Type.String(), { description: 'Keys the last GetConfiguration asked for that the charger does not know' }),
  },
  { title: 'Configuration' },
);
export type ConfigurationView = Static<typeof ConfigurationView>;

const Key = Type.String({ minLength: 1, maxLength: 50, description: 'OCPP 1.6 CiString50' });

export const configuration = {
  get: defineContract({
    method: 'GET',
    path: '/api/chargers/:id/configuration',
    tag: 'Configuration',
    summary: "The charger's configuration keys as last read, with the answer to the last change of each",
    params: ChargerParams,
    response: ConfigurationView,
    errors: { 404: 'no such charger' },
  }),
  read: defineContract({
    method: 'POST',
    path: '/api/chargers/:id/configuration/read',
    tag: 'Configuration',
    summary: 'Sends GetConfiguration (all keys, or those named) and returns the table',
    params: ChargerParams,
    body: Type.Object({ keys: Type.Optional(Type.Array(Key, { maxItems: 100 })) }, { additionalProperties: false }),
    response: Type.Object({ configuration: ConfigurationView, result: CommandResult }),
    errors: { 404: 'no such charger' },
  }),
  change: defineContract({
    method: 'PUT',
    path: '/api/chargers/:id/configuration/:key',
    tag: 'Configuration',
    summary: "Sends ChangeConfiguration for one key; returns the charger's answer and the key's row",
    params: Type.Object({ id: ChargerId, key: Key }),
    body: Type.Object({ value: Type.String({ maxLength: 500, description: 'OCPP 1.6 CiString500' }) }, { additionalProperties: false }),
    response: Type.Object({ key: ConfigKeyView, result: CommandResult }),
    errors: { 404: 'no such charger', 409: 'the key is read-only per the charger’s last GetConfiguration' },
  }),
};
