import { describe, expect, it } from 'vitest';
import { resultStatus, toneOfReply, toneOfStatus } from './resultTone.js';

describe('result tone follows the result', () => {
  it('Accepted is ok, Rejected/NotSupported refused, a CALLERROR failed', () => {
    expect(toneOfReply({ ok: true, response: { status: 'Accepted' } })).toBe('ok');
    expect(toneOfReply({ ok: true, response: { status: 'Rejected' } })).toBe('refused');
    expect(toneOfReply({ ok: true, response: { status: 'NotSupported' } })).toBe('refused');
    expect(toneOfReply({ ok: false })).toBe('failed');
  });
  it('reads idTagInfo.status; a payload without status is ok', () => {
    expect(resultStatus({ idTagInfo: { status: 'Blocked' } })).toBe('Blocked');
    expect(toneOfReply({ ok: true, response: { idTagInfo: { status: 'Blocked' } } })).toBe('refused');
    expect(toneOfReply({ ok: true, response: { configurationKey: [] } })).toBe('ok');
  });
  it('status words', () => {
    expect(toneOfStatus('CALLERROR NotImplemented')).toBe('failed');
    expect(toneOfStatus('timeout')).toBe('failed');
    expect(toneOfStatus('Requested')).toBe('neutral');
  });
});
