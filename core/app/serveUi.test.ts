/** `chargebench serve` serves the bench UI and prints its address, token included, on a line of its own. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';

it('prints the UI URL with the token and serves the API behind it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chargebench-serve-ui-'));
  const child = spawn(process.execPath, ['bin/chargebench.js', 'serve', '--ocpp-port', '0', '--ui-port', '0', '--data-dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CHARGEBENCH_LOG_LEVEL: 'warn', AMQP_URL: '' },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no UI URL printed within 25 s')), 25_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+$/.test(line)) {
          clearTimeout(timer);
          resolve(line);
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited (${code})`)));
    });
    const u = new URL(url);
    const token = new URLSearchParams(u.hash.slice(1)).get('token');
    expect((await fetch(`${u.origin}/api/overview`)).status).toBe(401);
    const overview = await fetch(`${u.origin}/api/overview`, { headers: { authorization: `Bearer ${token}` } });
    expect(overview.status).toBe(200);
    expect(((await overview.json()) as { transport: { kind: string } }).transport.kind).toBe('in-process');
    const page = await fetch(`${u.origin}/`);
    // 404 only while the renderer is not built, and then the page says how to build it
    if (page.status === 404) expect(await page.text()).toMatch(/npm run build:renderer/);
    else expect(page.headers.get('content-type')).toMatch(/text\/html/);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
});
