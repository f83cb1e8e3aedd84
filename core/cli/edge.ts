/**
 * `chargebench edge --amqp URL --ocpp-port P`: a websocket edge chargers connect to, forwarding to the backend
 * over RabbitMQ. Run several (different ports or machines) against one `chargebench backend`.
 */
import { startEdgeService } from '../app/services.js';
import { hashPassword } from '../edge/index.js';
import { maskUrl } from '../transport/amqp/index.js';
import { UsageError, flagHelp, intFlag, parseFlags, runCommand, type FlagDefs } from './flags.js';
import { AMQP_FLAGS, AMQP_HELP, EDGE_FLAGS, EDGE_HELP, amqpSettings, edgeSettings, untilSignal } from './serviceFlags.js';

export const summary = 'Run a websocket edge that forwards chargers to the backend over RabbitMQ';

const OWN_FLAGS = {
  'edge-id': { type: 'string', arg: 'ID', defaultText: 'edge-<host>-<pid>-<random>; must be unique', help: "this edge's name on the broker" },
  'max-held': { type: 'string', arg: 'N', defaultText: '10000', help: 'events held while RabbitMQ is away before CALLs get CALLERROR' },
  'hash-password': { type: 'string', arg: 'PASSWORD', help: 'print a scrypt hash for a --chargers file, and exit' },
} as const satisfies FlagDefs;

const HELP = `Usage: chargebench edge [--amqp URL] [--ocpp-port 9000] [--host 127.0.0.1] [--edge-id ID]
       chargebench edge --hash-password PASSWORD     print a scrypt hash for a --chargers file

${flagHelp(OWN_FLAGS)}

${EDGE_HELP}

${AMQP_HELP}`;

export async function run(argv: string[]): Promise<number> {
  return runCommand('edge', HELP, async () => {
    const v = parseFlags(argv, { ...EDGE_FLAGS, ...AMQP_FLAGS, ...OWN_FLAGS });
    if (v.help) {
      console.log(HELP);
      return 0;
    }
    if (typeof v['hash-password'] === 'string') {
      console.log(await hashPassword(v['hash-password']));
      return 0;
    }
    const { host, port, edge } = await edgeSettings(v);
    const edgeId = v['edge-id'];
    if (edgeId !== undefined && !/^[A-Za-z0-9._-]{1,100}$/.test(edgeId)) throw new UsageError('--edge-id may contain letters, digits, . _ - (at most 100)');
    const handle = await startEdgeService({
      amqp: amqpSettings(v),
      host,
      ocppPort: port,
      edge,
      edgeId,
      maxHeldEvents: intFlag('max-held', v['max-held'], 1, 10_000_000),
    });
    console.log(`chargebench edge ${handle.edge.edgeId}: chargers connect to ${handle.ocppUrl}/{chargePointId} (RabbitMQ ${maskUrl(handle.amqpUrl)})`);
    await untilSignal(() => handle.stop());
    return 0;
  });
}
