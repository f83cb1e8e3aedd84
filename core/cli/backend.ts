/**
 * `chargebench backend --amqp URL`: the central system consuming edge events from RabbitMQ. Run one (or more:
 * single-active-consumer keeps each charger's events in order) against any number of `chargebench edge`s.
 */
import { startBackendService } from '../app/services.js';
import { maskUrl } from '../transport/amqp/index.js';
import { flagHelp, parseFlags, runCommand } from './flags.js';
import { AMQP_FLAGS, AMQP_HELP, DATA_DIR_FLAG, amqpSettings, untilSignal } from './serviceFlags.js';

export const summary = 'Run the central system (backend + store) consuming from RabbitMQ';

const HELP = `Usage: chargebench backend [--amqp URL] [--data-dir DIR]

Consumes the request queue(s) on RabbitMQ, handles and stores every OCPP frame, and sends replies and server
CALLs back to the edge holding each charger. Start edges with \`chargebench edge\`.

${flagHelp(DATA_DIR_FLAG)}

${AMQP_HELP}`;

export async function run(argv: string[]): Promise<number> {
  return runCommand('backend', HELP, async () => {
    const v = parseFlags(argv, { ...AMQP_FLAGS, ...DATA_DIR_FLAG });
    if (v.help) {
      console.log(HELP);
      return 0;
    }
    const handle = await startBackendService({ amqp: amqpSettings(v), dataDir: v['data-dir'] });
    const prefix = amqpSettings(v).prefix ?? 'chargebench';
    console.log(`chargebench backend: consuming ${prefix}.requests on ${maskUrl(handle.amqpUrl)} (data in ${handle.dataDir ?? 'memory'})`);
    await untilSignal(() => handle.stop());
    return 0;
  });
}
