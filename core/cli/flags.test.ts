/** The one flag facility: definitions parse, refuse, and write every command's --help. */
import { describe, expect, it, vi } from 'vitest';
import { UsageError, flagHelp, parseCommandLine, parseFlags, pickFlags, runCommand, type FlagDefs } from './flags.js';
import { AMQP_FLAGS, DATA_DIR_FLAG, EDGE_FLAGS } from './serviceFlags.js';
import { SIM_FLAGS } from './sim.js';
import { run as backend } from './backend.js';
import { run as broker } from './broker.js';
import { run as edge } from './edge.js';
import { run as scenario } from './scenario.js';
import { run as serve } from './serve.js';
import { run as sim } from './sim.js';

const commands: Record<string, (argv: string[]) => Promise<number>> = { backend, broker, edge, scenario, serve, sim };

const DEFS = {
  port: { type: 'string', arg: 'N', default: '9000', help: 'a port' },
  verbose: { type: 'boolean', short: 'v', help: 'say more' },
  tag: { type: 'string', multiple: true, default: [], arg: 'T', help: 'a tag\n(repeatable)' },
  url: { type: 'string', arg: 'URL', env: 'SOME_URL', defaultText: 'amqp://localhost', help: 'where' },
} as const satisfies FlagDefs;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) } };
}

describe('flag definitions', () => {
  it('parse with their defaults, short names and repeats; --help is always there', () => {
    expect(parseFlags([], DEFS)).toMatchObject({ port: '9000', tag: [] });
    expect(parseFlags(['-v', '--tag', 'a', '--tag', 'b', '--port', '1', '-h'], DEFS)).toMatchObject({ port: '1', verbose: true, tag: ['a', 'b'], help: true });
    expect(parseCommandLine(['run', 'x.yaml', '--port', '2'], DEFS)).toMatchObject({ values: { port: '2' }, positionals: ['run', 'x.yaml'] });
    expect(pickFlags(DEFS, 'port', 'url')).toEqual({ port: DEFS.port, url: DEFS.url });
  });

  it('an unknown flag, a missing value or a stray argument is a UsageError', () => {
    expect(() => parseFlags(['--bogus'], DEFS)).toThrow(UsageError);
    expect(() => parseFlags(['--bogus'], DEFS)).toThrow(/Unknown option '--bogus'/);
    expect(() => parseFlags(['--port'], DEFS)).toThrow(UsageError);
    expect(() => parseFlags(['stray'], DEFS)).toThrow(UsageError);
  });

  it('write the option lines: placeholder, help, default, environment variable', () => {
    expect(flagHelp(DEFS).split('\n')).toEqual([
      '  --port N                 a port (default 9000)',
      '  -v, --verbose            say more',
      '  --tag T                  a tag',
      '                           (repeatable)',
      '  --url URL                where (default SOME_URL, else amqp://localhost)',
    ]);
  });

  it('runCommand: a UsageError prints "chargebench <cmd>: message" and the usage, exit 2; another error exits 1', async () => {
    const x = capture();
    expect(
      await runCommand(
        'demo',
        'Usage: demo',
        async () => {
          parseFlags(['--nope'], DEFS);
        },
        x.io,
      ),
    ).toBe(2);
    expect(x.err[0]).toMatch(/^chargebench demo: Unknown option '--nope'.*\n\nUsage: demo$/s);
    expect(await runCommand('demo', 'Usage: demo', () => Promise.reject(new Error('boom')), x.io)).toBe(1);
    expect(x.err[1]).toBe('error: boom');
    expect(await runCommand('demo', 'Usage: demo', async () => 7, x.io)).toBe(7);
  });
});

describe('every command prints its flags from their definitions', () => {
  const helpOf = async ([command, ...argv]: string[]): Promise<string> => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    try {
      expect(await commands[command!]!(argv)).toBe(0);
    } finally {
      spy.mockRestore();
    }
    return lines.join('\n');
  };
  const cases: Array<[string, FlagDefs[]]> = [
    ['serve', [EDGE_FLAGS, AMQP_FLAGS, DATA_DIR_FLAG]],
    ['edge', [EDGE_FLAGS, AMQP_FLAGS]],
    ['backend', [AMQP_FLAGS, DATA_DIR_FLAG]],
    ['sim', [SIM_FLAGS]],
  ];
  for (const [command, sets] of cases) {
    it(`chargebench ${command} --help`, async () => {
      const help = await helpOf([command, '--help']);
      for (const defs of sets) expect(help).toContain(flagHelp(defs));
    });
  }
  it('broker and scenario list an Options block too', async () => {
    expect(await helpOf(['broker', '--help'])).toMatch(/Options:\n {2}--amqp-port N {12}host port for AMQP \(default 5672\)/);
    expect(await helpOf(['scenario', 'help'])).toMatch(/Options:\n {2}--url URL {16}the CSMS websocket URL/);
  });
});
