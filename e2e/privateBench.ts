/**
 * A bench of a spec's own, in a child process, that the spec may stop and start again on the same port with
 * the same token (the server-gone / restarted banner): `node --import tsx e2e/privateBench.ts DATA RENDERER PORT TOKEN`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startBench } from '../core/app/bench.js';

export interface PrivateBench {
  uiUrl: string;
  apiUrl: string;
  port: number;
  stop(): Promise<void>;
}

export async function startPrivateBench(dataDir: string, rendererDir: string, port: number, token: string): Promise<PrivateBench> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'e2e/privateBench.ts', dataDir, rendererDir, String(port), token], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CHARGEBENCH_LOG_LEVEL: 'warn', AMQP_URL: '' },
  });
  const info = await new Promise<{ uiUrl: string; apiUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the private bench did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the private bench exited early (code ${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as { uiUrl: string; apiUrl: string });
    });
  });
  child.removeAllListeners('exit');
  return {
    ...info,
    port: Number(new URL(info.apiUrl).port),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

if (process.argv[1]?.endsWith('privateBench.ts')) {
  const [dataDir, rendererDir, port, token] = process.argv.slice(2) as [string, string, string, string];
  const bench = await startBench({ dataDir, ocppPort: 0, uiPort: Number(port), env: {}, token, rendererDir, edgeThread: true });
  console.log(JSON.stringify({ uiUrl: bench.uiUrl, apiUrl: bench.apiUrl }));
  const stop = () => void bench.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
