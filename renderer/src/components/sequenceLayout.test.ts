import { describe, expect, it } from 'vitest';
import type { FrameView, LogEntry } from '../../../core/api/types.js';
import { formatGap, sequenceRows } from './sequenceLayout.js';

let seq = 0;
const frame = (o: Partial<FrameView>): FrameView =>
  ({
    id: ++seq,
    chargePointId: 'CP',
    direction: 'in',
    messageId: 'm',
    action: null,
    at: '2026-01-01T00:00:00.000Z',
    messageType: 'CALL',
    payload: {},
    errorCode: null,
    errorDescription: null,
    ...o,
  }) as FrameView;
const entry = (id: number, call: FrameView | null, reply: FrameView | null, latencyMs: number | null = null): LogEntry => ({
  id,
  chargePointId: 'CP',
  action: call?.action ?? null,
  call,
  reply,
  latencyMs,
});

describe('sequenceRows', () => {
  const boot = entry(
    1,
    frame({ action: 'BootNotification', at: '2026-01-01T00:00:00.000Z' }),
    frame({ direction: 'out', messageType: 'CALLRESULT', at: '2026-01-01T00:00:00.020Z', payload: { status: 'Accepted' } }),
    20,
  );
  const stop = entry(
    2,
    frame({
      direction: 'out',
      action: 'RemoteStopTransaction',
      at: '2026-01-01T00:00:05.000Z',
      queuedAt: '2026-01-01T00:00:04.000Z',
      sentAt: '2026-01-01T00:00:05.000Z',
    }),
    frame({ messageType: 'CALLRESULT', at: '2026-01-01T00:00:05.100Z', payload: { status: 'Rejected' } }),
    100,
  );
  const err = entry(
    3,
    frame({ direction: 'out', action: 'GetDiagnostics', at: '2026-01-01T00:00:05.500Z' }),
    frame({ messageType: 'CALLERROR', at: '2026-01-01T00:00:05.600Z', errorCode: 'NotImplemented' }),
    100,
  );
  const lost = entry(
    4,
    frame({ direction: 'out', action: 'ClearCache', at: '2026-01-01T00:00:06.000Z', state: 'timeout', sentAt: '2026-01-01T00:00:06.000Z' }),
    null,
  );

  it('oldest first, who called, tone by result, CALLERROR code, timeout, queued time and gaps', () => {
    const rows = sequenceRows([lost, err, stop, boot]);
    expect(rows.map((r) => [r.action, r.from, r.outcome, r.tone, r.label])).toEqual([
      ['BootNotification', 'cp', 'reply', 'ok', 'Accepted'],
      ['RemoteStopTransaction', 'cs', 'reply', 'refused', 'Rejected'],
      ['GetDiagnostics', 'cs', 'callError', 'failed', 'NotImplemented'],
      ['ClearCache', 'cs', 'timeout', 'failed', 'timeout'],
    ]);
    expect(rows[1]).toMatchObject({ queuedMs: 1000, latencyMs: 100, gapMs: 5000 });
    expect(rows[0]!.queuedMs).toBeNull();
  });
  it('a reply without its CALL and an invalid frame are rows too', () => {
    const orphan = entry(5, null, frame({ messageType: 'CALLRESULT', at: '2026-01-01T00:00:07.000Z' }));
    const bad = entry(6, frame({ messageType: 'INVALID', at: '2026-01-01T00:00:08.000Z' }), null);
    expect(sequenceRows([orphan, bad]).map((r) => r.outcome)).toEqual(['orphan', 'invalid']);
  });
  it('formats breaks', () => {
    expect([formatGap(12_300), formatGap(180_000), formatGap(4_320_000)]).toEqual(['12 s', '3 min', '1.2 h']);
  });
});
