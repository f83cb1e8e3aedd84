/** The bench's handle on a charger fleet running in a child process (bench/support/fleetProcess.ts). */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FleetAction, FleetReply, FleetRequest, RunResult } from './fleetProcess.js';

export type { FleetAction, RunResult };

export interface Fleet {
  readonly pid: number;
  /** Opens `count` websocket connections to baseUrl/{idPrefix}{n} (optionally each boots); resolves when all are open. */
  connect(
    baseUrl: string,
    count: number,
    opts?: { idPrefix?: string; boot?: boolean; protocol?: 'ocpp1.6' | 'ocpp2.0.1' },
  ): Promise<{ count: number; ms: number }>;
  /** Drives every connected charger: warm-up, then `seconds` measured. */
  run(opts: { seconds: number; warmupMs?: number; paceMs?: number; action?: FleetAction }): Promise<RunResult>;
  /** Closes the connections and ends the process. */
  close(): Promise<void>;
}

export function startFleet(): Fleet {
  const child: ChildProcess = fork(fileURLToPath(new URL('./fleetProcess.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = (m: FleetRequest): Promise<FleetReply> =>
    new Promise<FleetReply>((resolve, reject) => {
      const onMessage = (r: FleetReply) => {
        child.off('exit', onExit);
        if (r.type === 'error') reject(new Error(`charger fleet: ${r.message}`));
        else resolve(r);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`charger fleet process exited (code ${code}) before answering ${m.type}`));
      };
      child.once('message', onMessage);
      child.once('exit', onExit);
      child.send(m);
    });
  return {
    pid: child.pid ?? -1,
    async connect(baseUrl, count, opts = {}) {
      const r = await ask({ type: 'connect', baseUrl, count, idPrefix: opts.idPrefix ?? 'F', boot: opts.boot ?? false, protocol: opts.protocol ?? 'ocpp1.6' });
      if (r.type !== 'connected') throw new Error(`charger fleet: unexpected answer ${r.type}`);
      return { count: r.count, ms: r.ms };
    },
    async run(opts) {
      const r = await ask({ type: 'run', seconds: opts.seconds, warmupMs: opts.warmupMs ?? 500, paceMs: opts.paceMs ?? 0, action: opts.action ?? 'Heartbeat' });
      if (r.type !== 'result') throw new Error(`charger fleet: unexpected answer ${r.type}`);
      return r;
    },
    async close() {
      if (child.exitCode === null && child.connected) child.send({ type: 'close' } satisfies FleetRequest);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
