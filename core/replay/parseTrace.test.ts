import { describe, expect, it } from 'vitest';
import { parseTrace } from './importTrace.js';
import { parseNdjsonTrace } from './parseNdjson.js';
import { parseTextTrace } from './parseTextTrace.js';

const CHARGER_LOG = `# Grizzl-E field log
2024-05-01T10:00:00Z >> [2,"1","BootNotification",{"chargePointVendor":"United Chargers","chargePointModel":"GRS-*"}]
2024-05-01T10:00:00.250Z << [3,"1",{"status":"Accepted","currentTime":"2024-05-01T10:00:00Z","interval":300}]
2024-05-01T10:00:01Z >> [2,"2","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Preparing"}]
websocket ping timeout, reconnecting
2024-05-01T10:00:01Z << [3,"2",{}]
2024-05-01T10:00:02Z << [2,"srv-1","RemoteStartTransaction",{"idTag":"TAG","connectorId":1}]
2024-05-01T10:00:02Z >> [3,"srv-1",{"status":"Accepted"}]
2024-05-01T10:00:03Z >> [2,"3","Heartbeat",{}
`;

describe('plain-text trace import', () => {
  it('reads >>/<< lines, infers whose log it is, and reports bad lines with their numbers', () => {
    const t = parseTextTrace(CHARGER_LOG);
    expect(t.entries.map((e) => [e.line, e.from, e.frame[0], e.frame[1]])).toEqual([
      [2, 'charger', 2, '1'],
      [3, 'csms', 3, '1'],
      [4, 'charger', 2, '2'],
      [6, 'csms', 3, '2'],
      [7, 'csms', 2, 'srv-1'],
      [8, 'charger', 3, 'srv-1'],
    ]);
    expect(t.entries[1]?.at).toBe(Date.parse('2024-05-01T10:00:00.250Z'));
    expect(t.problems).toEqual([
      { line: 5, text: 'websocket ping timeout, reconnecting', message: expect.stringMatching(/no OCPP-J frame on this line/) },
      { line: 9, text: '2024-05-01T10:00:03Z >> [2,"3","Heartbeat",{}', message: expect.stringMatching(/not an OCPP-J frame: Frame is not valid JSON/) },
    ]);
    expect(t.notes[0]).toMatch(/log written by the charger/);
  });

  it('understands SEND/RECV and -> / <- forms, CSMS-side logs, charger ids and space-separated times', () => {
    const csmsLog = [
      '2024-05-01 10:00:00.123 INFO [CP-7] RECV [2,"a","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]',
      '2024-05-01 10:00:00.200 INFO [CP-7] SEND [3,"a",{"status":"Accepted","currentTime":"2024-05-01T10:00:00Z","interval":60}]',
      '2024-05-01 10:00:05,000 CP-7 -> [2,"b","Reset",{"type":"Soft"}]',
      '2024-05-01 10:00:05,100 CP-7 <- [3,"b",{"status":"Accepted"}]',
      '2024-05-01 10:00:06 CP-7 [2,"c","Heartbeat",{}]',
    ].join('\n');
    const t = parseTextTrace(csmsLog);
    expect(t.entries.map((e) => [e.from, e.charger, e.frame[1]])).toEqual([
      ['charger', 'CP-7', 'a'],
      ['csms', 'CP-7', 'a'],
      ['csms', 'CP-7', 'b'],
      ['charger', 'CP-7', 'b'],
    ]);
    expect(t.entries[2]?.at).toBe(Date.parse('2024-05-01T10:00:05.000Z'));
    expect(t.problems).toEqual([{ line: 5, text: expect.any(String), message: expect.stringMatching(/no direction marker/) }]);
    expect(t.notes.join(' ')).toMatch(/log written by the csms.*timestamps without a timezone were read as UTC/);
  });

  it('honours an explicit perspective', () => {
    const t = parseTextTrace('>> [2,"1","Heartbeat",{}]\n<< [3,"1",{"currentTime":"2024-05-01T10:00:00Z"}]', 'csms');
    expect(t.entries.map((e) => e.from)).toEqual(['csms', 'charger']);
    expect(t.entries[0]?.at).toBeNull();
  });
});

describe('NDJSON trace import (ChargeBench export)', () => {
  it('reads export objects with their field variants and reports bad lines', () => {
    const text = [
      JSON.stringify({ at: '2026-01-01T00:00:00.000Z', chargePointId: 'CP-1', direction: 'in', text: '[2,"1","Heartbeat",{}]' }),
      JSON.stringify({ timestamp: 1767225600500, chargerId: 'CP-1', from: 'csms', frame: [3, '1', { currentTime: '2026-01-01T00:00:00Z' }] }),
      JSON.stringify({ at: '2026-01-01T00:00:01.000Z', chargePointId: 'CP-1', actor: 'cs', message: '[2,"x","Reset",{"type":"Hard"}]' }),
      '{"at": "2026-01-01T00:00:02Z", "chargePointId": "CP-1", "direction": "in"',
      JSON.stringify({ at: '2026-01-01T00:00:02Z', chargePointId: 'CP-1', text: '[3,"x",{"status":"Accepted"}]' }),
      JSON.stringify({ at: 'yesterday', chargePointId: 'CP-1', direction: 'in', text: '[3,"x",{"status":"Accepted"}]' }),
      JSON.stringify({ at: '2026-01-01T00:00:02Z', chargePointId: 'CP-1', direction: 'in', text: '[9,"x",{}]' }),
      '',
      '[2,"1","Heartbeat",{}]',
    ].join('\n');
    const t = parseNdjsonTrace(text);
    expect(t.entries.map((e) => [e.line, e.from, e.charger, e.at])).toEqual([
      [1, 'charger', 'CP-1', Date.parse('2026-01-01T00:00:00Z')],
      [2, 'csms', 'CP-1', 1767225600500],
      [3, 'csms', 'CP-1', Date.parse('2026-01-01T00:00:01Z')],
    ]);
    expect(t.problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([
      [4, 'not JSON'],
      [5, 'no direction'],
      [6, 'timestamp is not a date (ISO 8601 or epoch milliseconds expected)'],
      [7, 'not an OCPP-J frame'],
      [9, 'expected a JSON object per line (ChargeBench export); for a bare frame per line use the text format'],
    ]);
  });

  it('is picked automatically from the content', () => {
    expect(parseTrace('{"at":"2026-01-01T00:00:00Z","from":"charger","text":"[2,\\"1\\",\\"Heartbeat\\",{}]"}').format).toBe('ndjson');
    expect(parseTrace('10:00:00 >> [2,"1","Heartbeat",{}]').format).toBe('text');
  });
});
