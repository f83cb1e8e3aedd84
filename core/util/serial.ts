/** Per-key serialization: one charger's events are handled one after another (transports, backend). */

/**
 * Runs tasks with the same key one after another (in submission order); different keys run concurrently.
 * A FIFO of waiting tasks per key (no promise chain per task: this is on every event's path).
 */
export class KeyedSerializer {
  private readonly waiting = new Map<string, Array<() => void>>();
  private idleWaiters: Array<() => void> = [];

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        let p: Promise<T>;
        try {
          p = fn();
        } catch (err) {
          p = Promise.reject(err);
        }
        p.then(
          (v) => {
            resolve(v);
            this.next(key);
          },
          (err: unknown) => {
            reject(err);
            this.next(key);
          },
        );
      };
      const queue = this.waiting.get(key);
      if (queue) queue.push(start);
      else {
        this.waiting.set(key, []);
        queueMicrotask(start);
      }
    });
  }

  /** Resolves once every task submitted so far has finished. */
  idle(): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private next(key: string): void {
    const queue = this.waiting.get(key)!;
    const task = queue.shift();
    if (task) task();
    else this.waiting.delete(key);
    if (this.waiting.size === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
