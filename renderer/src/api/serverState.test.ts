import { describe, expect, it } from 'vitest';
import { nextServerState } from './serverState.js';

describe('nextServerState', () => {
  const ok = { ok: true as const, startedAt: 'A' };
  const down = { ok: false as const, status: 0, message: 'not reachable' };
  it('stays ok while the same process answers', () => {
    expect(nextServerState({ kind: 'ok' }, 'A', ok, 1)).toEqual({ kind: 'ok' });
  });
  it('gone when it stops answering, keeping the first time it failed', () => {
    const g = nextServerState({ kind: 'ok' }, 'A', down, 100);
    expect(g).toEqual({ kind: 'gone', since: 100, detail: 'not reachable' });
    expect(nextServerState(g, 'A', down, 200)).toBe(g);
  });
  it('back with the same startedAt is ok again; with a different one it restarted (and stays so)', () => {
    const g = nextServerState({ kind: 'ok' }, 'A', down, 100);
    expect(nextServerState(g, 'A', ok, 200)).toEqual({ kind: 'ok' });
    const r = nextServerState(g, 'A', { ok: true, startedAt: 'B' }, 200);
    expect(r).toEqual({ kind: 'restarted', at: 'B' });
    expect(nextServerState(r, 'A', down, 300)).toBe(r);
  });
  it('a 401 means the token is no longer accepted', () => {
    expect(nextServerState({ kind: 'ok' }, 'A', { ok: false, status: 401, message: 'bad token.' }, 1)).toMatchObject({ kind: 'token' });
  });
});
