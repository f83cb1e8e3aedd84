/**
 * Checks one setting's value against its schema (core/config/settingsSchema.ts) with ajv, the engine the API's
 * contracts use, so settings.json, scenarios and the API accept exactly the same values.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { settingProblemText, type SettingDef } from './settingsSchema.js';

const ajv = new Ajv({ strict: false, allErrors: false });
const compiled = new WeakMap<SettingDef, ValidateFunction>();

/** The problem with a value in words (naming the setting and its limits), or null when it is valid. */
export function settingProblem(d: SettingDef, value: unknown): string | null {
  let check = compiled.get(d);
  if (!check) {
    check = ajv.compile(d.schema);
    compiled.set(d, check);
  }
  return check(value) ? null : settingProblemText(d, value);
}
