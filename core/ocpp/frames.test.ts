import { describe, expect, it } from 'vitest';
import { FrameParseError, parseFrame, serializeFrame, sniffEnvelope, call, callResult, callError } from './frames.js';

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

  const pick = (e: FrameParseError) => [e.code, e.messageId, e.answerable];

  it('answers garbage with FormationViolation on id -1', () => {
    const e = parseError('{not json');
    expect(e).toBeInstanceOf(FrameParseError);
    expect([e.code, e.messageId, e.answerable]).toEqual(['FormationViolation', '-1', true]);
    expect(parseError('{"a":1}').code).toBe('FormationViolation');
  });

  it('a truncated frame: a CALL is answered on the id its head shows, a broken reply is not answered', () => {
    expect(pick(parseError('[2,"abc","Heartbeat",{'))).toEqual(['FormationViolation', 'abc', true]);
    expect(pick(parseError('  [ 2 , "a\\"b" , "Heartbeat"'))).toEqual(['FormationViolation', 'a"b', true]);
    expect(pick(parseError('[2,"ab'))).toEqual(['FormationViolation', '-1', true]);
    expect(pick(parseError('[3,"r1",{"status":'))).toEqual(['FormationViolation', '-1', false]);
    expect(pick(parseError('[4,"r2","InternalError"'))).toEqual(['FormationViolation', '-1', false]);
    expect(sniffEnvelope('[3,"r1",{')).toEqual({ type: 3, id: 'r1' });
    expect(sniffEnvelope('{"x":1}')).toBeNull();
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
