import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listProfiles, parseProfile, PROFILE_SCHEMA } from '../profile.js';
import { QUIRK_NAMES, QUIRKS, quirkHook } from './catalog.js';
import { quirkTable, withQuirkTable } from './docs.js';

const README = new URL('../README.md', import.meta.url);
const base = { name: 'x', description: 'x', vendor: 'V', model: 'M', firmwareVersion: '1', connectors: 1, maxPowerW: 7400, phases: 1, voltage: 230 };

describe('quirk catalog', () => {
  it('the README quirk table is the one the catalog generates (npm run gen:sim-docs)', () => {
    const doc = readFileSync(README, 'utf8');
    expect(doc).toContain(quirkTable(listProfiles()));
    expect(withQuirkTable(doc, listProfiles())).toBe(doc);
  });

  it('feeds the profile schema: every quirk is accepted with its value kind, anything else is refused by name', () => {
    expect(Object.keys(PROFILE_SCHEMA.properties.quirks.properties).sort()).toEqual([...QUIRK_NAMES].sort());
    for (const q of QUIRKS)
      expect(parseProfile({ ...base, quirks: { [q.name]: q.value === 'ms' ? 500 : true } }).quirks).toEqual({ [q.name]: q.value === 'ms' ? 500 : true });
    expect(() => parseProfile({ ...base, quirks: { madeUp: true } })).toThrow(/"madeUp"/);
    expect(() => parseProfile({ ...base, quirks: { remoteStartMinDelayMs: true } })).toThrow(/remoteStartMinDelayMs/);
    expect(() => parseProfile({ ...base, quirks: { noSubprotocol: 1 } })).toThrow(/noSubprotocol/);
  });

  it('a hook runs only the quirks a profile sets, each one changing what its hook hands on', () => {
    expect(quirkHook({}, 'timestamp', '2026-01-01T08:00:00.000Z', null)).toBe('2026-01-01T08:00:00.000Z');
    expect(quirkHook({ timestampsWithoutTimezone: true }, 'timestamp', '2026-01-01T08:00:00.000Z', null)).toBe('2026-01-01T08:00:00');
    expect(quirkHook({ timestampsWithoutTimezone: false }, 'timestamp', '2026-01-01T08:00:00.000Z', null)).toBe('2026-01-01T08:00:00.000Z');
    expect(quirkHook({ transactionIdAsString: true }, 'transactionId', 42, null)).toBe('42');
    expect(quirkHook({ connector1Only: true }, 'statusNotification', true, { connectorId: 0 })).toBe(false);
    expect(quirkHook({ connector1Only: true }, 'statusNotification', true, { connectorId: 1 })).toBe(true);
    expect(quirkHook({ remoteStartMinDelayMs: 5000 }, 'remoteStartTiming', false, { msSinceStatusChange: 4999 })).toBe(true);
    expect(quirkHook({ remoteStartMinDelayMs: 5000 }, 'remoteStartTiming', false, { msSinceStatusChange: 5000 })).toBe(false);
    expect(quirkHook({ stopTransactionRetryForever: true }, 'transactionRetry', false, { action: 'MeterValues' })).toBe(false);
    expect(quirkHook({ stopTransactionRetryForever: true }, 'transactionRetry', false, { action: 'StopTransaction' })).toBe(true);
    expect(quirkHook({ duplicateIdsAfterReboot: true }, 'messageIds', null, null)).toBe(0);
    const hs = quirkHook({ noSubprotocol: true, malformedPongs: true }, 'connect', { subprotocols: ['ocpp1.6'], pong: null }, null);
    expect(hs.subprotocols).toEqual([]);
    expect(hs.pong?.(Buffer.from([1, 2, 3, 4]))).toEqual(Buffer.from([1, 2]));
  });

  it('names every quirk once, with a description', () => {
    expect(new Set(QUIRK_NAMES).size).toBe(QUIRKS.length);
    for (const q of QUIRKS) expect(q.description.length).toBeGreaterThan(10);
  });
});
