/**
 * Waiting until a broker accepts AMQP connections: RabbitMQ opens its port before it can complete a
 * handshake, so readiness means "an AMQP connection opened and closed cleanly". Retries with progress and a
 * hard deadline; each attempt is time-boxed by amqplib's own connect timeout.
 */
import amqp from 'amqplib';
import { redactUrl } from '../util/redactUrl.js';

export interface AmqpWaitOptions {
  /** Overall deadline. Default 90 s (a first RabbitMQ boot takes 10–30 s). */
  timeoutMs?: number;
  /** Pause between attempts. Default 1 s. */
  intervalMs?: number;
  /** Called before each attempt after the first failure, with the last error. */
  onAttempt?: (attempt: number, elapsedMs: number, lastError: string | undefined) => void;
  /** Opens and closes one connection; the default uses amqplib. Injected by tests. */
  probe?: (url: string, attemptTimeoutMs: number) => Promise<void>;
}

export class AmqpNotReadyError extends Error {
  override readonly name = 'AmqpNotReadyError';
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
    readonly lastError: string | undefined,
  ) {
    super(
      `the broker at ${redactUrl(url)} did not accept AMQP connections within ${Math.round(timeoutMs / 1000)} s` +
        (lastError ? ` (last error: ${lastError})` : ''),
    );
  }
}

/** amqp://user:secret@host → amqp://user:***@host, for messages and logs. */
export { redactUrl };

/**
 * One readiness probe. amqplib's `timeout` only covers the TCP connect, not the AMQP handshake (a port that
 * accepts TCP and then says nothing would hang it), so the whole attempt is raced against its own timer; a
 * connection that opens after we gave up is closed as soon as it does.
 */
export async function probeAmqp(url: string, attemptTimeoutMs: number): Promise<void> {
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const connecting = amqp.connect(url, { timeout: attemptTimeoutMs });
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`no AMQP handshake within ${attemptTimeoutMs} ms`));
    }, attemptTimeoutMs);
  });
  connecting.then(
    (late) => {
      if (timedOut) late.close().catch(() => {});
    },
    () => {},
  );
  try {
    const conn = await Promise.race([connecting, deadline]);
    conn.on('error', () => {});
    await conn.close();
  } finally {
    clearTimeout(timer);
  }
}

export async function waitForAmqp(url: string, opts: AmqpWaitOptions = {}): Promise<{ attempts: number; elapsedMs: number }> {
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const intervalMs = opts.intervalMs ?? 1_000;
  const probe = opts.probe ?? probeAmqp;
  const started = Date.now();
  let lastError: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const elapsed = Date.now() - started;
    const remaining = timeoutMs - elapsed;
    if (remaining <= 0) throw new AmqpNotReadyError(url, timeoutMs, lastError);
    if (attempt > 1) opts.onAttempt?.(attempt, elapsed, lastError);
    try {
      await probe(url, Math.max(250, Math.min(5_000, remaining)));
      return { attempts: attempt, elapsedMs: Date.now() - started };
    } catch (err) {
      lastError = (err as Error)?.message ?? String(err);
    }
    const pause = Math.min(intervalMs, timeoutMs - (Date.now() - started));
    if (pause > 0) await new Promise((r) => setTimeout(r, pause));
  }
}
