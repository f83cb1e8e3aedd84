/**
 * Clean shutdown as an ordered list of steps, each time-boxed, each failure logged and skipped so the next
 * step still runs (a stuck broker must not keep the database from being closed). Calling it twice returns
 * the same run: quit can be requested from the menu, the window, a signal and the OS at once.
 */
export interface ShutdownStep {
  name: string;
  run(): Promise<void> | void;
  /** Default 10 s. */
  timeoutMs?: number;
}

export interface ShutdownStepResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export type ShutdownLog = (msg: string, fields?: Record<string, unknown>) => void;

export function createShutdown(steps: ShutdownStep[], log: ShutdownLog = () => {}): () => Promise<ShutdownStepResult[]> {
  let running: Promise<ShutdownStepResult[]> | undefined;
  return () =>
    (running ??= (async () => {
      const results: ShutdownStepResult[] = [];
      for (const step of steps) {
        const t0 = Date.now();
        const timeoutMs = step.timeoutMs ?? 10_000;
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            Promise.resolve().then(() => step.run()),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`did not finish within ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
          results.push({ name: step.name, ok: true, ms: Date.now() - t0 });
          log(`shutdown: ${step.name} done`, { ms: Date.now() - t0 });
        } catch (err) {
          const error = (err as Error)?.message ?? String(err);
          results.push({ name: step.name, ok: false, ms: Date.now() - t0, error });
          log(`shutdown: ${step.name} failed: ${error}`, { ms: Date.now() - t0 });
        } finally {
          clearTimeout(timer);
        }
      }
      return results;
    })());
}

/**
 * What main.ts needs from the core started by core/app/bench.ts. `stop()` is required and must stop
 * everything; the finer hooks, when the core offers them, let the shell run the documented order
 * (chargers → store flush → broker connection) as separate time-boxed steps before `stop()`.
 */
export interface BenchHandle {
  uiUrl: string;
  apiUrl?: string;
  ocppUrl?: string;
  stop(): Promise<void>;
  stopChargers?(): Promise<unknown>;
  flushStore?(): Promise<unknown> | unknown;
  closeTransport?(): Promise<unknown>;
}

export interface ShellShutdownParts {
  /** Saves the window bounds (first: the window is about to go away). */
  saveWindowState?: () => Promise<void> | void;
  /** Unregisters IPC handlers so nothing reaches a core that is shutting down. */
  unregisterIpc?: () => void;
  bench: BenchHandle | null;
}

/** The desktop app's shutdown order. */
export function desktopShutdownSteps(parts: ShellShutdownParts): ShutdownStep[] {
  const steps: ShutdownStep[] = [];
  if (parts.saveWindowState) steps.push({ name: 'save window state', run: parts.saveWindowState, timeoutMs: 2_000 });
  if (parts.unregisterIpc) steps.push({ name: 'close IPC', run: parts.unregisterIpc, timeoutMs: 1_000 });
  const bench = parts.bench;
  if (bench) {
    if (bench.stopChargers) steps.push({ name: 'stop simulated chargers', run: async () => void (await bench.stopChargers!()), timeoutMs: 15_000 });
    if (bench.flushStore) steps.push({ name: 'flush the store', run: async () => void (await bench.flushStore!()), timeoutMs: 10_000 });
    if (bench.closeTransport) steps.push({ name: 'close the broker connection', run: async () => void (await bench.closeTransport!()), timeoutMs: 10_000 });
    steps.push({ name: 'stop the core', run: () => bench.stop(), timeoutMs: 20_000 });
  }
  return steps;
}

/** Minimal slice of Electron's `app` for the quit hook. */
export interface QuitAppLike {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  exit(code?: number): void;
}

/**
 * Holds the first quit until shutdown finished, then exits for real. Electron's `before-quit` does not wait
 * for promises, so the quit is prevented, the steps run, and `app.exit` ends the process.
 */
export function holdQuitUntilShutdown(app: QuitAppLike, shutdown: () => Promise<ShutdownStepResult[]>): void {
  let finished = false;
  app.on('before-quit', (event) => {
    if (finished) return;
    event.preventDefault();
    void shutdown().then((results) => {
      finished = true;
      app.exit(results.every((r) => r.ok) ? 0 : 1);
    });
  });
}
