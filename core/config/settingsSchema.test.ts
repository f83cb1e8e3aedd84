import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRequestPart } from '../api/validation.js';
import { contracts } from '../api/contracts/index.js';
import { canonicalSettingsPatch } from '../api/contracts/settings.js';
import { SETTING_DEFS, findSetting, parseSettingEnv, valueAt, type SettingDef } from './settingsSchema.js';
import { settingProblem } from './settingsValidation.js';
import { defaultSettings, normalizeSettings, openSettings } from './settings.js';
import { settingsDocTable, withSettingsDocTable } from './settingsDocs.js';

const def = (name: string) => findSetting(name) as SettingDef;

describe('the one settings schema', () => {
  it('every stored setting is a path of the settings document, its default the document default', () => {
    const d = defaultSettings();
    for (const s of SETTING_DEFS as readonly SettingDef[]) {
      if (s.owner === 'settings.json') expect(valueAt(d, s.name), s.name).toEqual(s.default);
      expect(settingProblem(s, s.default), s.name).toBeNull();
    }
    expect(new Set(SETTING_DEFS.map((s) => s.name)).size).toBe(SETTING_DEFS.length);
  });
  it('errors name the setting and its limits', () => {
    expect(settingProblem(def('autoRemoteStart.delayMs'), -1)).toBe(
      '"autoRemoteStart.delayMs" must be a whole number of milliseconds from 0 to 600000, got -1',
    );
    expect(settingProblem(def('autoRemoteStart.delayMs'), 1.5)).toMatch(/whole number/);
    expect(settingProblem(def('boot.policy'), 'Maybe')).toBe('"boot.policy" must be "Accepted", "Pending" or "Rejected", got "Maybe"');
    expect(settingProblem(def('autoRemoteStart.idTag'), 'has space')).toMatch(/1 to 20 printable ASCII/);
    expect(settingProblem(def('conformance'), 'yes')).toBe('"conformance" must be true or false, got "yes"');
    expect(() => normalizeSettings({ calls: { timeoutMs: 0 } }, 'settings.json')).toThrow(
      'settings.json: "calls.timeoutMs" must be a whole number of milliseconds from 1 to 2147483647, got 0',
    );
    expect(() => normalizeSettings({ boot: 'Accepted' }, 'settings.json')).toThrow('settings.json: "boot" must be an object');
    expect(() => normalizeSettings({ boot: { perCharger: { 'CP-1': 'Never' } } }, 'f')).toThrow(
      /"boot.perCharger.CP-1" must be "Accepted", "Pending" or "Rejected"/,
    );
    expect(() => normalizeSettings({ middleware: { Heartbeat: { order: 'x' } } }, 'f')).toThrow(/"middleware.Heartbeat.order" must be an array/);
  });
  it('older names are aliases: API fields and settings.json paths', () => {
    expect(def('strictness').name).toBe('validation');
    expect(def('autoRemoteStart.defaultIdTag').name).toBe('autoRemoteStart.idTag');
    expect(findSetting('colour')).toBeUndefined();
    expect(canonicalSettingsPatch({ bootPolicy: 'Pending', strictness: 'warn', 'boot.policy': 'Rejected' })).toEqual({
      'boot.policy': 'Rejected',
      validation: 'warn',
    });
    expect(normalizeSettings({ autoRemoteStart: { defaultIdTag: 'OLD' } }, 'f').autoRemoteStart.idTag).toBe('OLD');
    expect(normalizeSettings({ autoRemoteStart: { defaultIdTag: 'OLD', idTag: 'NEW' } }, 'f').autoRemoteStart.idTag).toBe('NEW');
  });
  it('env overrides are parsed by the schema, with the variable and the limits in the error', async () => {
    expect(parseSettingEnv(def('heartbeatInterval'), ' 60 ')).toBe(60);
    expect(() => parseSettingEnv(def('heartbeatInterval'), '0')).toThrow('OCPP_HEARTBEAT_INTERVAL=0 is out of range: use 1..2147483647 seconds');
    expect(parseSettingEnv(def('conformance'), 'on')).toBe(true);
    const s = await openSettings({
      memory: true,
      env: { OCPP_HEARTBEAT_INTERVAL: '90', CHARGEBENCH_CONFORMANCE: 'true' },
    });
    expect([s.get().heartbeatInterval, s.get().conformance]).toEqual([90, true]);
    expect(s.envOverrides).toEqual(['heartbeatInterval (OCPP_HEARTBEAT_INTERVAL)', 'conformance (CHARGEBENCH_CONFORMANCE)']);
  });
  it('the API patch takes only the keys given (no defaults filled in) and refuses unknown or bad ones', () => {
    const body = { settings: { heartbeatInterval: 60 } };
    checkRequestPart(contracts.settings.update, 'body', body);
    expect(body).toEqual({ settings: { heartbeatInterval: 60 } });
    expect(() => checkRequestPart(contracts.settings.update, 'body', { settings: { 'boot.policy': 'Never' } })).toThrow(
      '"boot.policy" must be "Accepted", "Pending" or "Rejected", got Never',
    );
    expect(() => checkRequestPart(contracts.settings.update, 'body', { settings: { 'boot.nope': 1 } })).toThrow(
      /Unknown setting "boot.nope"; settable: heartbeatInterval, boot.policy/,
    );
  });
  it('docs/settings.md carries the current generated table (npm run gen:settings-docs)', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'settings.md'), 'utf8');
    expect(doc).toContain(settingsDocTable());
    expect(withSettingsDocTable(doc)).toBe(doc);
    for (const s of SETTING_DEFS) expect(doc).toContain(`\`${s.name}\``);
  });
});
