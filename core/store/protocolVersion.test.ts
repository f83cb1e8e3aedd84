/** Migration 5: the OCPP version on charge points and frames — old rows read as 1.6, new ones keep theirs. */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from './schema.js';
import { openStore } from './store.js';

describe('migration 5 (OCPP version)', () => {
  it('reads charge points and frames stored before it as ocpp1.6', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-store-v5-'));
    try {
      const old = new Database(join(dir, 'chargebench.sqlite'));
      migrate(old, 4);
      old.exec(`INSERT INTO charge_points (id, first_seen_at, subprotocol) VALUES ('OLD', '2026-01-01T00:00:00.000Z', NULL);
        INSERT INTO frames (at, at_ms, charge_point_id, direction, message_type, action, message_id, raw) VALUES ('2026-01-01T00:00:00.000Z', 0, 'OLD', 'in', 'CALL', 'Heartbeat', 'h', '[2,"h","Heartbeat",{}]')`);
      old.close();
      const s = openStore({ dataDir: dir });
      expect(s.chargePoints.get('OLD')?.protocol).toBe('ocpp1.6');
      expect(s.frames.list({ chargePointId: 'OLD' }).rows[0]?.protocol).toBe('ocpp1.6');
      s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records a 2.0.1 connection and its frames; a queued server CALL keeps its version when it moves to the wire', () => {
    const s = openStore({ memory: true });
    s.chargePoints.ensure('NEW', '2026-01-01T00:00:00.000Z');
    s.chargePoints.markConnected({
      id: 'NEW',
      edgeId: 'e',
      connectionId: 'c',
      remoteAddress: '::1',
      subprotocol: 'ocpp2.0.1',
      protocol: 'ocpp2.0.1',
      at: '2026-01-01T00:00:01.000Z',
      ms: 1000,
    });
    expect(s.chargePoints.get('NEW')).toMatchObject({ protocol: 'ocpp2.0.1', subprotocol: 'ocpp2.0.1' });
    const inRow = s.frames.insert({
      atMs: 1000,
      chargePointId: 'NEW',
      connectionId: 'c',
      direction: 'in',
      messageType: 'CALL',
      action: 'Heartbeat',
      messageId: 'h',
      protocol: 'ocpp2.0.1',
      raw: '[2,"h","Heartbeat",{}]',
    });
    expect(inRow.protocol).toBe('ocpp2.0.1');
    expect(s.frames.get(inRow.id)?.protocol).toBe('ocpp2.0.1');
    const queued = s.frames.insertQueued({
      atMs: 1100,
      chargePointId: 'NEW',
      connectionId: 'c',
      direction: 'out',
      messageType: 'CALL',
      action: 'GetVariables',
      messageId: 'g',
      protocol: 'ocpp2.0.1',
      raw: '[2,"g","GetVariables",{}]',
    });
    expect(queued.id).toBeLessThan(0);
    const placed = s.frames.toWire(queued.id, { atMs: 1200, sentAtMs: 1200, state: 'sent' });
    expect(placed).toMatchObject({ action: 'GetVariables', protocol: 'ocpp2.0.1', state: 'sent' });
    // reconnecting as 1.6 changes the charge point's version, not the frames it sent before
    s.chargePoints.markConnected({
      id: 'NEW',
      edgeId: 'e',
      connectionId: 'c2',
      remoteAddress: '::1',
      subprotocol: null,
      at: '2026-01-01T00:01:00.000Z',
      ms: 60_000,
    });
    expect(s.chargePoints.get('NEW')?.protocol).toBe('ocpp1.6');
    expect(s.frames.get(inRow.id)?.protocol).toBe('ocpp2.0.1');
    s.close();
  });
});
