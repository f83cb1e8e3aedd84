/**
 * The bench's settings as the Settings screen shows and changes them, by the dotted names of the one settings
 * schema (core/config/settingsSchema.ts: type, limits, default, label and help of each). PATCH also takes the
 * older flat names (bootPolicy, strictness, …) as aliases.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { SETTING_DEFS, SETTING_NAMES, findSetting as findSettingDef, settingProperties, type SettingDef } from '../../config/settingsSchema.js';
import { Nullable } from './common.js';
import { defineContract } from './contract.js';

export { SETTING_DEFS, findSetting, type SettingDef, type SettingName, type SettingValues } from '../../config/settingsSchema.js';

const SETTABLE = settingProperties();
const ALIASES: Record<string, TSchema> = Object.fromEntries(
  (SETTING_DEFS as readonly SettingDef[]).flatMap((d) => d.aliases.filter((a) => !a.includes('.')).map((a) => [a, d.schema])),
);

export const SettingsView = Type.Object(
  {
    ...SETTABLE,
    amqpUrl: Nullable(Type.String()),
    transport: Type.String(),
    dataDir: Type.String(),
  },
  { title: 'Settings' },
);
export type SettingsView = Static<typeof SettingsView>;

export const SettingsPatch = Type.Partial(Type.Object(SETTABLE), {
  additionalProperties: false,
  errorMessage: `Unknown setting "{additionalProperty}"; settable: ${SETTING_NAMES.join(', ')}`,
});
export type SettingsPatch = Static<typeof SettingsPatch>;

/** What PATCH accepts: the dotted names, or the older flat names (aliases) for the same settings. */
const SettingsPatchBody = Type.Partial(Type.Object({ ...SETTABLE, ...ALIASES }), {
  additionalProperties: false,
  errorMessage: `Unknown setting "{additionalProperty}"; settable: ${SETTING_NAMES.join(', ')}`,
});

export const settings = {
  get: defineContract({ method: 'GET', path: '/api/settings', tag: 'Settings', summary: 'The current settings', response: SettingsView }),
  update: defineContract({
    method: 'PATCH',
    path: '/api/settings',
    tag: 'Settings',
    summary: 'Changes some settings (only the keys given, by dotted name); saved to settings.json',
    body: Type.Object({ settings: SettingsPatchBody }, { additionalProperties: false }),
    response: SettingsView,
    errors: { 400: 'an unknown setting or a bad value' },
  }),
};

/** A PATCH body's settings by dotted name: older flat names (aliases) mapped to theirs; a dotted name given too wins. */
export function canonicalSettingsPatch(body: Record<string, unknown>): SettingsPatch {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const d = findSettingDef(key);
    if (d && (key === d.name || !(d.name in body))) out[d.name] = value;
  }
  return out as SettingsPatch;
}
