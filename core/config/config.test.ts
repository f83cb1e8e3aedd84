import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, defaultDataDir, openSettings, parseMiddlewareConfig, readEnv, resolveDataDir } from './index.js';

describe('data dir', () => {
  it('uses the platform per-user folder by default', () => {
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/chargebench');
    expect(defaultDataDir({ XDG_DATA_HOME: '/x/data' }, 'linux', '/home/u')).toBe('/x/data/chargebench');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u')).toBe('/home/u/.local/share/chargebench');
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/chargebench');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('chargebench');
  });
  it('--data-dir beats CHARGEBENCH_DATA_DIR beats the default', () => {
    expect(resolveDataDir({ dataDir: '/a', env: { CHARGEBENCH_DATA_DIR: '/b' } })).toBe('/a');
    expect(resolveDataDir({ env: { CHARGEBENCH_DATA_DIR: '/b' } })).toBe('/b');
    expect(resolveDataDir({ env: {}, platform: 'linux', home: '/h' })).toBe('/h/.local/share/chargebench');
    expect(() => resolveDataDir({ dataDir: ' ' })).toThrow(ConfigError);
  });
});

describe('environment', () => {
  it('reads AMQP_URL, OCPP_HEARTBEAT_INTERVAL and OCPP_MIDDLEWARE', () => {
    const env = readEnv({ AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672', OCPP_HEARTBEAT_INTERVAL: '300', OCPP_MIDDLEWARE: '{"Heartbeat":["Heartbeat"]}' });
    expect(env).toMatchObject({ amqpUrl: 'amqp://guest:guest@127.0.0.1:5672', settings: { heartbeatInterval: 300 }, middleware: { Heartbeat: ['Heartbeat'] } });
  });
  it('gives clear errors for bad values instead of crashing', () => {
    expect(() => readEnv({ OCPP_HEARTBEAT_INTERVAL: 'soon' })).toThrow(/OCPP_HEARTBEAT_INTERVAL="soon" is not a whole number/);
    expect(() => readEnv({ OCPP_HEARTBEAT_INTERVAL: '0' })).toThrow(/out of range/);
    expect(() => readEnv({ AMQP_URL: 'http://x' })).toThrow(/must start with amqp/);
    expect(readEnv({ CHARGEBENCH_CONFORMANCE: '1' }).settings.conformance).toBe(true);
    expect(readEnv({ CHARGEBENCH_CONFORMANCE: 'false' }).settings.conformance).toBe(false);
    expect(() => readEnv({ CHARGEBENCH_CONFORMANCE: 'maybe' })).toThrow(/CHARGEBENCH_CONFORMANCE="maybe" must be 1 or 0/);
    expect(() => parseMiddlewareConfig('{nope')).toThrow(/OCPP_MIDDLEWARE is not valid JSON/);
    expect(() => parseMiddlewareConfig('[]')).toThrow(/must be a JSON object/);
    expect(() => parseMiddlewareConfig('{"Heartbeat":"Heartbeat"}')).toThrow(/must be an array of middleware names/);
    expect(() => parseMiddlewareConfig('{"Heartbeat":["A","A"]}')).toThrow(/listed twice/);
  });
});

describe('settings', () => {
  it('starts from defaults, persists updates atomically and reloads them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-settings-'));
    try {
      const s = await openSettings({ dataDir: dir, env: {} });
      expect(s.get().heartbeatInterval).toBe(3600);
      expect(s.get().auth.acceptUnknown).toBe(true);
      expect(s.get().autoRemoteStart).toEqual({ delayMs: 1000, idTag: 'CHARGEBENCH' });
      expect(s.get().conformance).toBe(false);
      let seen = 0;
      s.onChange(() => seen++);
      await s.update((d) => {
        d.boot.policy = 'Pending';
        d.middleware.Heartbeat = { order: ['Heartbeat'], disabled: ['Heartbeat'] };
      });
      expect(seen).toBe(1);
      expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).boot.policy).toBe('Pending');
      const again = await openSettings({ dataDir: dir, env: {} });
      expect(again.get().boot.policy).toBe('Pending');
      expect(again.get().middleware.Heartbeat?.disabled).toEqual(['Heartbeat']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('rejects invalid updates without changing anything', async () => {
    const s = await openSettings({ memory: true, env: {} });
    await expect(s.update((d) => ((d as { validation: string }).validation = 'loose'))).rejects.toThrow(/"validation" must be "strict", "warn" or "off"/);
    expect(s.get().validation).toBe('strict');
  });
  it('env overrides the file: OCPP_HEARTBEAT_INTERVAL and OCPP_MIDDLEWARE', async () => {
    const s = await openSettings({ memory: true, env: { OCPP_HEARTBEAT_INTERVAL: '60', OCPP_MIDDLEWARE: '{"StartTransaction":["StartTransaction"]}' } });
    expect(s.get().heartbeatInterval).toBe(60);
    expect(s.get().middleware.StartTransaction).toEqual({ order: ['StartTransaction'], disabled: [] });
    expect(s.envOverrides).toHaveLength(2);
  });
  it('CHARGEBENCH_CONFORMANCE overrides the file; a settings file from before the free-vend tag keeps its tag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-settings-'));
    try {
      writeFileSync(join(dir, 'settings.json'), JSON.stringify({ autoRemoteStart: { delayMs: 500, defaultIdTag: 'OLD-TAG' } }));
      const s = await openSettings({ dataDir: dir, env: { CHARGEBENCH_CONFORMANCE: '1' } });
      expect(s.get()).toMatchObject({ conformance: true, autoRemoteStart: { delayMs: 500, idTag: 'OLD-TAG' } });
      expect(s.envOverrides).toEqual(['conformance (CHARGEBENCH_CONFORMANCE)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a corrupt settings file gives an actionable ConfigError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-settings-'));
    try {
      writeFileSync(join(dir, 'settings.json'), '{ broken');
      await expect(openSettings({ dataDir: dir, env: {} })).rejects.toThrow(/not valid JSON.*delete it/);
      writeFileSync(join(dir, 'settings.json'), '{"heartbeatInterval": -5}');
      await expect(openSettings({ dataDir: dir, env: {} })).rejects.toThrow(/"heartbeatInterval" must be a whole number/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
