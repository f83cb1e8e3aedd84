import { describe, expect, it } from 'vitest';
import { boundDepth, jsonNestsDeeperThan, stringifyBounded, truncateText } from './boundedJson.js';
import { DETAIL_LIMITS, frameContent } from '../store/storedFrameView.js';

const nested = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('bounded JSON', () => {
  it('measures nesting without recursion, ignoring brackets inside strings', () => {
    expect(jsonNestsDeeperThan(nested(3), 3)).toBe(false);
    expect(jsonNestsDeeperThan(nested(4), 3)).toBe(true);
    expect(jsonNestsDeeperThan('["[[[[", {"a": "\\"[[[["}]', 2)).toBe(false);
    expect(jsonNestsDeeperThan(nested(100_000), 64)).toBe(true);
  });

  it('cuts a 100,000-level value at the bound and serializes it, where JSON.stringify overflows', () => {
    const value = JSON.parse(`{"x":${nested(100_000)}}`) as unknown;
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    const text = stringifyBounded(value, 8);
    expect(text.length).toBeLessThan(200);
    expect(text).toMatch(/nested deeper than 8 levels/);
    expect(boundDepth({ a: [1, { b: 2 }] }, 8)).toEqual({ value: { a: [1, { b: 2 }] }, truncated: false });
  });

  it('truncates without splitting a surrogate pair', () => {
    expect(truncateText('ab😀c', 3)).toBe('ab');
    expect(truncateText('ab😀c', 4)).toBe('ab😀');
  });

  it('shows any stored frame: deep, huge, truncated or not JSON', () => {
    const deepText = `[2,"1","Heartbeat",{"x":${nested(5000)}}]`;
    const deep = frameContent(deepText, 'CALL');
    expect(deep.messageType).toBe('CALL');
    expect(deep.note).toMatch(/nested deeper than 64 levels/);
    expect(stringifyBounded(deep.payload)).toMatch(/nested deeper/);
    expect(deep.raw).toBe(deepText);
    expect(deep.rawLength).toBeUndefined();
    const deeper = frameContent(`[2,"1","Heartbeat",{"x":${nested(50_000)}}]`, 'CALL');
    expect(deeper.raw?.length).toBe(16 * 1024);
    expect(deeper.rawLength).toBe(100_026);
    const huge = frameContent(`[2,"1","DataTransfer",{"vendorId":"v","data":"${'x'.repeat(300_000)}"}]`, 'CALL');
    expect(huge).toMatchObject({ messageType: 'CALL', payload: null, rawLength: 300_049 });
    expect(huge.note).toMatch(/not expanded/);
    expect(frameContent('[2,"1","Heartbeat",{', 'CALL')).toMatchObject({ messageType: 'INVALID', payload: '[2,"1","Heartbeat",{' });
    expect(frameContent('[3,"1",{}]', 'CALLRESULT')).toEqual({ messageType: 'CALLRESULT', payload: {} });
    expect(frameContent('[3,"1",{}]', 'CALLRESULT', DETAIL_LIMITS)).toEqual({ messageType: 'CALLRESULT', payload: {}, raw: '[3,"1",{}]' });
  });
});
