import { describe, expect, it } from 'vitest';
import { evidenceEntries } from './evidenceEntries.js';

describe('evidenceEntries', () => {
  it('pairs CALLs with replies by charger and id (either direction), with latency; keeps lone and invalid frames', () => {
    const e = evidenceEntries([
      { seq: 1, at: '2026-01-01T00:00:00.000Z', charger: 'A', from: 'charger', text: '[2,"1","BootNotification",{}]' },
      { seq: 2, at: '2026-01-01T00:00:00.040Z', charger: 'A', from: 'csms', text: '[3,"1",{"status":"Accepted"}]' },
      { seq: 3, at: '2026-01-01T00:00:01.000Z', charger: 'A', from: 'csms', text: '[2,"s1","Reset",{"type":"Soft"}]' },
      { seq: 4, at: '2026-01-01T00:00:01.010Z', charger: 'A', from: 'charger', text: '[4,"s1","NotSupported","no",{}]' },
      { seq: 5, at: '2026-01-01T00:00:02.000Z', charger: 'A', from: 'csms', text: '[3,"zz",{}]' },
      { seq: 6, at: '2026-01-01T00:00:03.000Z', charger: 'A', from: 'charger', text: 'not json' },
    ]);
    expect(e.map((x) => [x.action, x.call?.messageType ?? null, x.reply?.messageType ?? null, x.latencyMs])).toEqual([
      [null, 'INVALID', null, null],
      [null, null, 'CALLRESULT', null],
      ['Reset', 'CALL', 'CALLERROR', 10],
      ['BootNotification', 'CALL', 'CALLRESULT', 40],
    ]);
    expect(e[2]?.reply?.errorCode).toBe('NotSupported');
  });
});
