import { describe, expect, it } from 'vitest';
import { FrameParseError, parseFrame, serializeFrame, call, callResult, callError } from './frames.js';

function parseError(text: string): FrameParseError {
  try {
    parseFrame(text);
  } catch (err) {
    return err as FrameParseError;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('OCPP-J frame codec', () => {
  it('round-trips CALL, CALLRESULT and CALLERROR', () => {
    for (const f of [call('1', 'Heartbeat', {}), callResult('1', { currentTime: 'x' }), callError('1', 'GenericError', 'boom', { a: 1 })]) {
      expect(parseFrame(serializeFrame(f))).toEqual(f);
    }
  });

  it('accepts a CALLERROR without details', () => {
    expect(parseFrame('[4,"a","NotSupported","no"]')).toEqual([4, 'a', 'NotSupported', 'no', {}]);
  });

  it('answers garbage with FormationViolation on id -1', () => {
    const e = parseError('{not json');
    expect(e).toBeInstanceOf(FrameParseError);
    expect([e.code, e.messageId, e.answerable]).toEqual(['FormationViolation', '-1', true]);
    expect(parseError('{"a":1}').code).toBe('FormationViolation');
  });

  it('rejects an unknown message type, keeping the id', () => {
    const e = parseError('[7,"abc","Heartbeat",{}]');
    expect([e.code, e.messageId]).toEqual(['FormationViolation', 'abc']);
  });

  it('reports a CALL without payload as ProtocolError', () => {
    expect(parseError('[2,"abc","Heartbeat"]').code).toBe('ProtocolError');
  });

  it('rejects a non-object payload, a non-string id and ids over 36 characters', () => {
    expect(parseError('[2,"abc","Heartbeat",[]]').code).toBe('FormationViolation');
    expect(parseError('[2,5,"Heartbeat",{}]').messageId).toBe('-1');
    expect(parseError(`[2,"${'x'.repeat(37)}","Heartbeat",{}]`).code).toBe('FormationViolation');
  });

  it('marks broken replies as not answerable (a CALLERROR is never answered)', () => {
    expect(parseError('[3,"abc"]').answerable).toBe(false);
    expect(parseError('[4,"abc","Bogus","x",{}]').answerable).toBe(false);
  });
});
