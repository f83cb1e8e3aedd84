import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, IdTagInputError } from './index.js';
import { migrate } from './schema.js';

describe('store', () => {
  it('opens a file database in WAL mode with the schema applied, and reopens it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-store-'));
    try {
      const s = openStore({ dataDir: dir });
      expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
      s.chargePoints.ensure('CP1', '2026-01-01T00:00:00.000Z');
      s.close();
      const again = openStore({ dataDir: dir });
      expect(again.chargePoints.get('CP1')?.id).toBe('CP1');
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('upgrades a schema-2 database: its transactions read as before, with no cleanup note and no recorded stops', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-store-'));
    try {
      const old = new Database(join(dir, 'chargebench.sqlite'));
      migrate(old, 2);
      old.exec(`INSERT INTO charge_points (id, first_seen_at) VALUES ('CP1', '2026-01-01T00:00:00.000Z');
        INSERT INTO transactions (charge_point_id, connector_id, id_tag, id_tag_status, meter_start, meter_stop, started_at, stopped_at, stop_reason, state, created_at, updated_at)
        VALUES ('CP1', 1, 'T', 'Accepted', 10, 90, '2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z', 'Local', 'stopped', 'x', 'x')`);
      old.close();
      const s = openStore({ dataDir: dir });
      expect(s.transactions.get(1)).toMatchObject({ state: 'stopped', meterStop: 90, energyWh: 80, cleanup: null, differingStops: 0 });
      expect(s.transactions.stops(1)).toEqual([]);
      // The retry lookup's index exists after the upgrade (on a one-row table the planner, with statistics, may scan).
      const indexes = (s.db.prepare(`PRAGMA index_list(transactions)`).all() as Array<{ name: string }>).map((r) => r.name);
      expect(indexes).toContain('transactions_start');
      s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has the message log errors-only partial index from a migration, and the CALLERROR filter uses it', () => {
    const s = openStore({ memory: true });
    const plan = s.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM frames WHERE (message_type = 'CALLERROR' OR message_type IS NULL OR valid = 0) AND message_type = 'CALLERROR' ORDER BY id DESC`,
      )
      .all() as Array<{ detail: string }>;
    expect(plan.map((r) => r.detail).join(' ')).toContain('frames_problems');
    s.close();
  });

  it('lists and filters charge points with paging', () => {
    const s = openStore({ memory: true });
    for (let i = 0; i < 5; i++) s.chargePoints.ensure(`CP${i}`, '2026-01-01T00:00:00.000Z');
    s.chargePoints.markConnected({
      id: 'CP3',
      edgeId: 'e',
      connectionId: 'c',
      remoteAddress: '1.2.3.4',
      subprotocol: 'ocpp1.6',
      at: '2026-01-01T00:00:01.000Z',
      ms: 1,
    });
    s.connectors.upsertStatus({ chargePointId: 'CP3', connectorId: 0, status: 'Available', errorCode: 'NoError', statusAt: null, updatedAt: 'x' });
    expect(s.chargePoints.list({ online: true }).rows.map((r) => r.id)).toEqual(['CP3']);
    expect(s.chargePoints.list({ status: 'Available' }).rows[0]?.status).toBe('Available');
    const page = s.chargePoints.list({ limit: 2, offset: 2 });
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.id)).toEqual(['CP2', 'CP3']);
    expect(s.chargePoints.list({ search: 'p4' }).rows.map((r) => r.id)).toEqual(['CP4']);
    // LIKE wildcards in user text match literally
    expect(s.chargePoints.list({ search: '%' }).total).toBe(0);
  });

  it('stores frames and finds them by charger, action, direction, type, time and text, with keyset paging', () => {
    const s = openStore({ memory: true });
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 10; i++) {
      s.frames.insert({
        atMs: base + i * 1000,
        chargePointId: i % 2 ? 'A' : 'B',
        connectionId: 'c',
        direction: i % 3 ? 'in' : 'out',
        messageType: 'CALL',
        action: i < 5 ? 'Heartbeat' : 'MeterValues',
        messageId: `m${i}`,
        raw: `[2,"m${i}","x",{"n":${i}}]`,
      });
    }
    s.frames.insert({
      atMs: base,
      chargePointId: 'A',
      connectionId: 'c',
      direction: 'in',
      messageType: null,
      action: null,
      messageId: null,
      valid: false,
      errorCode: 'FormationViolation',
      raw: 'not json',
    });
    expect(s.frames.list({ chargePointId: 'A' }).total).toBe(6);
    expect(s.frames.list({ action: 'MeterValues' }).total).toBe(5);
    expect(s.frames.list({ direction: 'out' }).total).toBe(4);
    expect(s.frames.list({ from: new Date(base + 2000).toISOString(), to: new Date(base + 4000).toISOString() }).total).toBe(2);
    expect(s.frames.list({ text: '"n":7' }).rows.map((r) => r.messageId)).toEqual(['m7']);
    expect(s.frames.list({ errorsOnly: true }).rows[0]?.raw).toBe('not json');
    const first = s.frames.list({ limit: 3 });
    expect(first.rows.map((r) => r.id)).toEqual([11, 10, 9]);
    const next = s.frames.list({ limit: 3, beforeId: 9 });
    expect(next.rows.map((r) => r.id)).toEqual([8, 7, 6]);
    expect(s.frames.list({ afterId: 9 }).rows.map((r) => r.id)).toEqual([10, 11]);
  });

  it('links a CALL to its reply both ways with latency', () => {
    const s = openStore({ memory: true });
    const queued = s.frames.insertQueued({
      atMs: 1000,
      chargePointId: 'A',
      connectionId: 'c',
      direction: 'out',
      messageType: 'CALL',
      action: 'Reset',
      messageId: 'x',
      raw: '[2,"x","Reset",{}]',
    });
    const call = s.frames.toWire(queued.id, { atMs: 1500, sentAtMs: 1500, state: 'sent' })!;
    const reply = s.frames.insert({
      atMs: 1750,
      chargePointId: 'A',
      connectionId: 'c',
      direction: 'in',
      messageType: 'CALLRESULT',
      action: 'Reset',
      messageId: 'x',
      callFrameId: call.id,
      latencyMs: 250,
      raw: '[3,"x",{}]',
    });
    s.frames.linkReply(call.id, reply.id, 250, 'answered');
    const pair = s.frames.pair(reply.id);
    expect(pair.call?.replyFrameId).toBe(reply.id);
    expect(pair.call?.state).toBe('answered');
    expect(pair.call?.sentAt).toBe(new Date(1500).toISOString());
    expect(pair.reply?.latencyMs).toBe(250);
    expect(s.frames.findOutboundCall('A', 'x')?.id).toBe(call.id);
    expect(s.frames.findOutboundCall('B', 'x')).toBeUndefined();
  });

  it('id tag CRUD validates input', () => {
    const s = openStore({ memory: true });
    s.idTags.upsert({ idTag: 'TAG1', status: 'Accepted', expiryDate: '2030-01-01T00:00:00+01:00', parentIdTag: 'GROUP' });
    expect(s.idTags.get('TAG1')).toMatchObject({ status: 'Accepted', expiryDate: '2029-12-31T23:00:00.000Z', parentIdTag: 'GROUP' });
    s.idTags.upsert({ idTag: 'TAG1', status: 'Blocked' });
    expect(s.idTags.get('TAG1')?.status).toBe('Blocked');
    expect(s.idTags.list({ status: 'Blocked' }).total).toBe(1);
    expect(() => s.idTags.upsert({ idTag: 'X'.repeat(21), status: 'Accepted' })).toThrow(IdTagInputError);
    expect(() => s.idTags.upsert({ idTag: 'T', status: 'Nope' as never })).toThrow(/status must be one of/);
    expect(() => s.idTags.upsert({ idTag: 'T', status: 'Accepted', expiryDate: 'tomorrow' })).toThrow(/not a date-time/);
    expect(s.idTags.delete('TAG1')).toBe(true);
    expect(s.idTags.get('TAG1')).toBeUndefined();
  });

  it('meter samples get the spec defaults and are queryable by transaction or connector and time', () => {
    const s = openStore({ memory: true });
    s.chargePoints.ensure('A', 'x');
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    s.meterSamples.insert({
      chargePointId: 'A',
      connectorId: 1,
      transactionId: null,
      timestamp: new Date(t0).toISOString(),
      tsMs: t0,
      value: '12.5',
      source: 'MeterValues',
      frameId: null,
    });
    s.meterSamples.insert({
      chargePointId: 'A',
      connectorId: 1,
      transactionId: 7,
      timestamp: new Date(t0 + 60_000).toISOString(),
      tsMs: t0 + 60_000,
      value: '16',
      measurand: 'Current.Import',
      phase: 'L1',
      source: 'MeterValues',
      frameId: null,
    });
    const all = s.meterSamples.list({ chargePointId: 'A', connectorId: 1 });
    expect(all[0]).toMatchObject({
      measurand: 'Energy.Active.Import.Register',
      unit: 'Wh',
      context: 'Sample.Periodic',
      location: 'Outlet',
      format: 'Raw',
      numericValue: 12.5,
    });
    expect(all[1]).toMatchObject({ unit: 'A', phase: 'L1' });
    expect(s.meterSamples.list({ transactionId: 7 })).toHaveLength(1);
    expect(s.meterSamples.list({ chargePointId: 'A', from: new Date(t0 + 1).toISOString() })).toHaveLength(1);
  });

  it('prune deletes old frames, samples and connection events only', () => {
    const s = openStore({ memory: true });
    s.chargePoints.ensure('A', 'x');
    const old = Date.parse('2025-01-01T00:00:00Z');
    const recent = Date.parse('2026-01-01T00:00:00Z');
    for (const ms of [old, recent]) {
      s.frames.insert({
        atMs: ms,
        chargePointId: 'A',
        connectionId: null,
        direction: 'in',
        messageType: 'CALL',
        action: 'Heartbeat',
        messageId: 'x',
        raw: '[]',
      });
      s.meterSamples.insert({
        chargePointId: 'A',
        connectorId: 1,
        transactionId: null,
        timestamp: new Date(ms).toISOString(),
        tsMs: ms,
        value: '1',
        source: 'MeterValues',
        frameId: null,
      });
      s.connectionEvents.insert({
        eventId: null,
        chargePointId: 'A',
        kind: 'connect',
        edgeId: null,
        connectionId: null,
        at: new Date(ms).toISOString(),
        detail: null,
      });
    }
    expect(s.prune('2025-06-01T00:00:00Z')).toEqual({ frames: 1, meterSamples: 1, connectionEvents: 1 });
    expect(s.frames.list().total).toBe(1);
    expect(s.chargePoints.get('A')).toBeDefined();
    expect(() => s.prune('last year')).toThrow(/not a date-time/);
  });

  it('a file that is not a database gives an actionable error', async () => {
    const { writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'cb-store-'));
    try {
      writeFileSync(join(dir, 'chargebench.sqlite'), 'this is not sqlite '.repeat(100));
      expect(() => openStore({ dataDir: dir })).toThrow(/Cannot use the database .*Move the file away/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
