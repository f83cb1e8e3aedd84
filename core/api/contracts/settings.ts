/** The bench's settings as the Settings screen shows and changes them (stored in the data folder's settings.json). */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, IdTag, Nullable } from './common.js';
import { defineContract } from './contract.js';

const SETTABLE = {
  heartbeatInterval: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Heartbeat interval (s) sent in BootNotification replies', errorMessage: '"heartbeatInterval" must be a whole number of seconds from 1 to 2147483647 (about 68 years), got {value}' }),
  bootPolicy: Enum(['Accepted', 'Pending', 'Rejected'] as const, { description: 'BootNotification answer for chargers without their own (registry)' }),
  strictness: Enum(['strict', 'warn', 'off'] as const, { description: 'Payload validation: strict refuses invalid frames, warn lets them through, off skips' }),
  unknownChargers: Enum(['accept', 'refuse'] as const, { description: 'Whether charge point ids not in the registry may connect' }),
  acceptUnknownTags: Type.Boolean(),
  autoRemoteStartDelayMs: Type.Integer({ minimum: 0, maximum: 600_000 }),
  autoRemoteStartIdTag: IdTag,
  conformance: Type.Boolean({ description: 'OCA conformance mode: unknown id tags Invalid, no unrequested CALLs' }),
  callTimeoutMs: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
};
const SETTABLE_NAMES = Object.keys(SETTABLE).join(', ');

export const SettingsView = Type.Object(
  {
    ...SETTABLE,
    amqpUrl: Nullable(Type.String()),
    transport: Type.String(),
    dataDir: Type.String(),
  },
  { title: 'Settings' },
);
/** Indexable by name too (the Settings screen walks its fields). */
export type SettingsView = Static<typeof SettingsView> & Record<string, unknown>;

export const SettingsPatch = Type.Partial(Type.Object(SETTABLE), {
  additionalProperties: false,
  errorMessage: `Unknown setting "{additionalProperty}"; settable: ${SETTABLE_NAMES}`,
});
export type SettingsPatch = Static<typeof SettingsPatch>;

export const settings = {
  get: defineContract({ method: 'GET', path: '/api/settings', tag: 'Settings', summary: 'The current settings', response: SettingsView }),
  update: defineContract({
    method: 'PATCH',
    path: '/api/settings',
    tag: 'Settings',
    summary: 'Changes some settings (only the keys given); saved to settings.json',
    body: Type.Object({ settings: SettingsPatch }, { additionalProperties: false }),
    response: SettingsView,
    errors: { 400: 'an unknown setting or a bad value' },
  }),
};
