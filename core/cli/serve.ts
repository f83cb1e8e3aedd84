/**
 * `chargebench serve`: backend + store + websocket edge in one process (in-process transport unless --amqp or
 * AMQP_URL is given). Prints one line saying where chargers connect; Ctrl-C/SIGTERM shuts down cleanly.
 */
import { TOKEN_RULE, startBench } from '../app/bench.js';
import { UsageError, flagHelp, intFlag, parseFlags, runCommand, type FlagDefs } from './flags.js';
import { AMQP_FLAGS, AMQP_HELP, DATA_DIR_FLAG, EDGE_FLAGS, EDGE_HELP, amqpSettings, edgeSettings, untilSignal } from './serviceFlags.js';

export const summary = 'Run the central system and its websocket edge in one process (ws://127.0.0.1:9000/ocpp/{id})';

const OWN_FLAGS = {
  'single-thread': {
    type: 'boolean',
    help: "run the websocket edge on the backend's thread (default: a worker thread of its own,\nso websocket work runs beside the backend; the same edge either way)",
  },
  'ui-port': {
    type: 'string',
    arg: 'N',
    defaultText: '0 = any free port',
    help: "port of the bench UI and API on 127.0.0.1; the UI address, with this launch's\naccess token, is printed on a line of its own",
  },
  token: {
    type: 'string',
    arg: 'T',
    env: 'CHARGEBENCH_TOKEN',
    defaultText: 'random per launch',
    help:
      'a fixed access token for scripts and CI: 16-256 letters, digits, . _ ~ -; send it as\n' +
      '"Authorization: Bearer T". The API is described at http://127.0.0.1:PORT/api/openapi.json',
  },
} as const satisfies FlagDefs;

const HELP = `Usage: chargebench serve [--ocpp-port 9000] [--host 127.0.0.1] [--data-dir DIR] [--amqp URL] [--ui-port N] [--token T]

Starts the OCPP 1.6J and 2.0.1 central system (backend + SQLite store) with its websocket edge. Edge and backend talk
in-process, or through RabbitMQ when --amqp (or AMQP_URL) is given.

${flagHelp({ ...DATA_DIR_FLAG, ...OWN_FLAGS })}

Charger registry: chargers registered in the UI or through the API (POST /api/chargers, with an optional
Basic-auth password) are known to the edge; --chargers FILE adds a fixed list that is looked up first (its
passwords win). With --refuse-unknown only known chargers may connect; Settings → "Unknown chargers" switches
it at runtime, and spawning simulated chargers then registers them first.

${EDGE_HELP}

${AMQP_HELP}`;

export async function run(argv: string[]): Promise<number> {
  return runCommand('serve', HELP, async () => {
    const v = parseFlags(argv, { ...EDGE_FLAGS, ...AMQP_FLAGS, ...DATA_DIR_FLAG, ...OWN_FLAGS });
    if (v.help) {
      console.log(HELP);
      return 0;
    }
    const { host, port, edge } = await edgeSettings(v);
    const amqp = amqpSettings(v);
    const uiPort = intFlag('ui-port', v['ui-port'], 0, 65535);
    if (typeof v.token === 'string' && !TOKEN_RULE.test(v.token)) throw new UsageError('--token must be 16-256 characters of letters, digits and . _ ~ -');
    const bench = await startBench({
      host,
      ocppPort: port,
      dataDir: v['data-dir'],
      edge,
      edgeThread: !v['single-thread'],
      uiPort: uiPort ?? 0,
      ...(typeof v.token === 'string' ? { token: v.token } : {}),
      ...(amqp.url ? { amqp: { ...amqp, url: amqp.url } } : {}),
    });
    const handle = bench.serve;
    const via = handle.transport === 'amqp' ? `RabbitMQ ${handle.edge.health().transport.url ?? ''}` : 'in-process transport';
    console.log(`chargebench serve: chargers connect to ${handle.ocppUrl}/{chargePointId} (${via}; data in ${handle.dataDir ?? 'memory'})`);
    console.log(
      `chargebench serve: bench UI (open this address; it carries the access token${typeof v.token === 'string' || process.env.CHARGEBENCH_TOKEN ? ', fixed by --token / CHARGEBENCH_TOKEN' : ' of this launch'}):`,
    );
    console.log(bench.uiUrl);
    if (!bench.rendererBuilt) console.log('chargebench serve: the UI is not built yet: run `npm run build:renderer`, then reload the page');
    await untilSignal(() => bench.stop());
    return 0;
  });
}
