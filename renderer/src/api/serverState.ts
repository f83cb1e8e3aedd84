/** The server watch's state machine (pure): one health answer at a time. */
export type ServerState =
  { kind: 'ok' } | { kind: 'gone'; since: number; detail: string } | { kind: 'restarted'; at: string } | { kind: 'token'; detail: string };

/** The next state from one health answer (pure: unit-tested). */
export function nextServerState(
  prev: ServerState,
  firstStartedAt: string | null,
  answer: { ok: true; startedAt: string } | { ok: false; status: number; message: string },
  now: number,
): ServerState {
  if (answer.ok) {
    if (firstStartedAt !== null && answer.startedAt !== firstStartedAt) return prev.kind === 'restarted' ? prev : { kind: 'restarted', at: answer.startedAt };
    return prev.kind === 'restarted' ? prev : { kind: 'ok' };
  }
  if (answer.status === 401) return { kind: 'token', detail: answer.message };
  if (prev.kind === 'restarted') return prev;
  return prev.kind === 'gone' ? prev : { kind: 'gone', since: now, detail: answer.message };
}
