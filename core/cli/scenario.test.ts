import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStrictCsms, type StrictCsms } from '../scenario/testing/strictCsms.js';
import { EXIT, run } from './scenario.js';

let dir: string;
let csms: StrictCsms | null = null;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-cli-scen-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await csms?.close();
  csms = null;
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  return { out, err, write };
}

const PASSING = `name: cli passing
chargers: [{ id: CLI-1 }]
steps:
  - do: boot
  - do: expectFrame
    action: BootNotification
    reply: { status: Accepted }
    since: start
  - do: send
    action: ClearCache
    expect: { status: Accepted }
`;

describe('chargebench scenario', () => {
  it('run: passes with exit 0, prints the summary table and writes JUnit; --url skips central-system steps', async () => {
    csms = await startStrictCsms();
    const file = join(dir, 'ok.yaml');
    await writeFile(file, PASSING);
    const io = capture();
    const junit = join(dir, 'out.xml');
    expect(await run(['run', file, '--url', csms.url, '--junit', junit, '--speed', '300'])).toBe(EXIT.ok);
    const text = io.out.join('\n');
    expect(text).toMatch(/▶ cli passing/);
    expect(text).toMatch(/- {2}3 CSMS sends ClearCache to CLI-1 — skipped: "send" is not supported against an external CSMS/);
    expect(text).toMatch(/Scenarios: 1 passed, 0 failed, 1 total \| Assertions: 1 passed, 0 failed, 1 skipped/);
    const xml = await readFile(junit, 'utf8');
    expect(xml).toContain('tests="3" failures="0" errors="0" skipped="1"');
  });

  it('run: a failed assertion exits 1 and shows the frames', async () => {
    csms = await startStrictCsms({ bootStatus: 'Pending' });
    const file = join(dir, 'fail.yaml');
    await writeFile(
      file,
      'name: cli failing\nchargers: [{ id: CLI-2 }]\nsteps:\n  - do: connect\n  - do: expectFrame\n    action: BootNotification\n    reply: { status: Accepted }\n    within: 5s\n',
    );
    const io = capture();
    expect(await run(['run', file, '--url', csms.url, '--speed', '300'])).toBe(EXIT.failed);
    expect(io.out.join('\n')).toMatch(/✗ {2}2 expect BootNotification CALL answered ⊇ \{"status":"Accepted"\} within 5s — expected/);
    expect(io.out.join('\n')).toMatch(/CLI-2 << \[3,"\d+",\{"status":"Pending"/);
  });

  it('run against the in-process backend, and exit codes for invalid files, unreachable CSMS and bad usage', async () => {
    const ok = join(dir, 'inproc.yaml');
    await writeFile(ok, PASSING.replace('CLI-1', 'CLI-3'));
    const io = capture();
    expect(await run(['run', ok, '--speed', '300', '--json', join(dir, 'r.json')])).toBe(EXIT.ok);
    expect(JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')).summary.assertions).toEqual({ passed: 2, failed: 0, skipped: 0 });
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'name: x\nchargers: [{ id: A }]\nsteps:\n  - do: wait\n    duration: forever\n');
    expect(await run(['validate', bad])).toBe(EXIT.invalid);
    expect(io.err.join('\n')).toMatch(/bad\.yaml:5:15: steps\[0\]\.duration: must be a duration/);
    expect(await run(['validate', ok])).toBe(EXIT.ok);
    expect(await run(['run', bad])).toBe(EXIT.invalid);
    expect(await run(['run', ok, '--url', 'ws://127.0.0.1:1/ocpp'])).toBe(EXIT.unreachable);
    expect(await run(['run'])).toBe(EXIT.usage);
    expect(await run(['run', ok, '--url', 'http://x'])).toBe(EXIT.usage);
    expect(await run(['run', ok, '--speed', 'fast'])).toBe(EXIT.usage);
    expect(await run(['frobnicate'])).toBe(EXIT.usage);
    expect(await run(['replay', ok])).toBe(EXIT.usage);
  });

  it('from-trace writes a scenario and reports unreadable lines; replay reports divergence with exit 1', async () => {
    const trace = join(dir, 'trace.log');
    await writeFile(
      trace,
      [
        '2024-05-01T10:00:00Z >> [2,"1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]',
        '2024-05-01T10:00:00Z << [3,"1",{"status":"Accepted","currentTime":"2024-05-01T10:00:00Z","interval":300}]',
        'connection lost',
        '2024-05-01T10:00:05Z >> [2,"2","Authorize",{"idTag":"T"}]',
        '2024-05-01T10:00:05Z << [3,"2",{"idTagInfo":{"status":"Accepted"}}]',
      ].join('\n'),
    );
    const io = capture();
    expect(await run(['from-trace', trace, '--id', 'TR-1'])).toBe(EXIT.ok);
    expect(io.err.join('\n')).toMatch(/trace\.log:3: skipped, no OCPP-J frame on this line/);
    const yaml = io.out.join('');
    expect(yaml).toMatch(/action: Authorize/);
    expect(yaml).toMatch(/expectReply:\n\s+idTagInfo:\n\s+status: Accepted/);

    csms = await startStrictCsms({ authorize: 'Blocked' });
    expect(await run(['replay', trace, '--url', csms.url, '--no-delay', '--id', 'TR-2'])).toBe(EXIT.failed);
    expect(io.out.join('\n')).toMatch(/RESULT: the live exchange DIVERGES/);
    await csms.close();
    csms = await startStrictCsms();
    expect(await run(['replay', trace, '--url', csms.url, '--speed', '1000', '--id', 'TR-3'])).toBe(EXIT.ok);
    const empty = join(dir, 'empty.log');
    await writeFile(empty, 'nothing here\n');
    expect(await run(['replay', empty, '--url', csms.url])).toBe(EXIT.invalid);
  });
});
