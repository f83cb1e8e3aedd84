/**
 * Every call to the Docker engine is time-boxed: a missing, stopped or wedged engine must produce a clear
 * error within seconds, never a hang. The AbortSignal handed to `fn` is aborted when the time is up, so the
 * underlying HTTP request is torn down too (dockerode accepts `abortSignal` on its calls).
 */
export class DockerTimeoutError extends Error {
  override readonly name = 'DockerTimeoutError';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} did not answer within ${Math.round(timeoutMs / 100) / 10} s`);
  }
}

export async function timeBoxed<T>(what: string, timeoutMs: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DockerTimeoutError(what, timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
