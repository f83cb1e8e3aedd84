/**
 * `chargebench broker start|stop|status`: the RabbitMQ Docker helper on the command line (wiring only; the
 * logic is core/docker). Progress goes to stderr as `[broker] ...` lines, the result to stdout.
 *
 * Exit codes: 0 done · 1 failed (message says why) · 2 usage error · 3 Docker not available · 4 broker did
 * not accept AMQP connections in time.
 */
import {
  createDockerClient,
  startRabbitBroker,
  stopRabbitBroker,
  rabbitBrokerStatus,
  DockerUnavailableError,
  BrokerError,
  BROKER_DEFAULTS,
  redactUrl,
  type RabbitBrokerOptions,
} from '../docker/index.js';
import { UsageError, flagHelp, intFlag, parseCommandLine, runCommand, type FlagDefs } from './flags.js';

export const summary = 'Run RabbitMQ in Docker for ChargeBench: broker start | stop [--remove] | status';

export const EXIT = { ok: 0, failed: 1, usage: 2, noDocker: 3, notReady: 4 } as const;

const FLAGS = {
  'amqp-port': { type: 'string', arg: 'N', defaultText: String(BROKER_DEFAULTS.amqpPort), help: 'host port for AMQP' },
  'management-port': { type: 'string', arg: 'N', defaultText: String(BROKER_DEFAULTS.managementPort), help: 'host port for the management UI' },
  listen: {
    type: 'string',
    arg: 'ADDR',
    help:
      `host address to publish on (default ${BROKER_DEFAULTS.bindAddress}; 0.0.0.0 for other machines,\n` +
      "together with --user/--password: RabbitMQ's guest user only works from localhost)",
  },
  user: { type: 'string', arg: 'U', defaultText: 'guest', help: 'broker user, with --password' },
  password: { type: 'string', arg: 'P', defaultText: 'guest', help: 'broker password, with --user' },
  name: { type: 'string', arg: 'NAME', defaultText: BROKER_DEFAULTS.containerName, help: 'container name' },
  timeout: { type: 'string', arg: 'S', defaultText: '90', help: 'seconds to wait for AMQP after start' },
  'no-pull': { type: 'boolean', help: 'fail instead of pulling a missing image' },
  remove: { type: 'boolean', help: '(stop) remove the container after stopping it' },
  socket: { type: 'string', arg: 'PATH', defaultText: 'DOCKER_HOST or the platform default', help: 'Docker engine socket' },
  json: { type: 'boolean', help: 'print the result as JSON' },
} as const satisfies FlagDefs;

const HELP = `Usage: chargebench broker <start|stop|status> [options]

  start    pull ${BROKER_DEFAULTS.image} if needed, create/start container "${BROKER_DEFAULTS.containerName}"
           (AMQP ${BROKER_DEFAULTS.amqpPort}, management UI ${BROKER_DEFAULTS.managementPort}, data on volume
           "${BROKER_DEFAULTS.volumeName}") and wait until it accepts AMQP connections
  stop     stop the container (--remove also removes it; the data volume is kept)
  status   engine and container state

Options:
${flagHelp(FLAGS)}

Exit codes: 0 ok, 1 failed, 2 usage, 3 Docker not available, 4 broker not ready in time.`;

export function run(argv: string[]): Promise<number> {
  return runCommand('broker', HELP, () => broker(argv));
}

async function broker(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, FLAGS);
  if (values.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const sub = positionals[0];
  if (!sub || !['start', 'stop', 'status'].includes(sub) || positionals.length > 1)
    throw new UsageError(`expected one of start, stop, status${sub ? `, got "${positionals.join(' ')}"` : ''}`);

  const timeoutS = intFlag('timeout', values.timeout, 1, 3600);
  const opts: RabbitBrokerOptions = {
    amqpPort: intFlag('amqp-port', values['amqp-port'], 1, 65535),
    managementPort: intFlag('management-port', values['management-port'], 1, 65535),
    bindAddress: values.listen,
    user: values.user,
    password: values.password,
    containerName: values.name,
    amqpTimeoutMs: timeoutS === undefined ? undefined : timeoutS * 1000,
    pull: values['no-pull'] ? false : undefined,
  };
  if ((values.user === undefined) !== (values.password === undefined)) throw new UsageError('--user and --password go together');

  const docker = createDockerClient(values.socket ? { socketPath: values.socket } : {});
  const json = values.json === true;
  const progress = (p: { step: string; message: string }) => {
    if (!json) console.error(`[broker] ${p.message}`);
  };
  const out = (obj: unknown, text: string) => console.log(json ? JSON.stringify(obj, null, 2) : text);

  try {
    if (sub === 'start') {
      const r = await startRabbitBroker(docker, opts, progress);
      out(
        { ok: true, ...r, amqpUrl: r.amqpUrl },
        `RabbitMQ is running.\n  AMQP:          ${r.amqpUrl}\n  Management UI: ${r.managementUrl}\n` +
          `Use it: chargebench serve --amqp ${r.amqpUrl}   (or AMQP_URL=${r.amqpUrl})`,
      );
      return EXIT.ok;
    }
    if (sub === 'stop') {
      const r = await stopRabbitBroker(docker, { ...opts, remove: values.remove === true }, progress);
      const name = opts.containerName ?? BROKER_DEFAULTS.containerName;
      out(
        { ok: true, ...r },
        !r.existed ? `No container named ${name}.` : `${name}: ${r.stopped ? 'stopped' : 'was not running'}${r.removed ? ', removed (volume kept)' : ''}.`,
      );
      return EXIT.ok;
    }
    const s = await rabbitBrokerStatus(docker, opts);
    if (!s.engine.available) {
      out({ ok: false, ...s }, s.engine.message);
      return EXIT.noDocker;
    }
    out(
      s,
      `Docker ${s.engine.version}: container ${s.containerName} is ${s.container}` +
        (s.container === 'running' ? `\n  AMQP:          ${redactUrl(s.amqpUrl)}\n  Management UI: ${s.managementUrl}` : ''),
    );
    return EXIT.ok;
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (json) console.log(JSON.stringify({ ok: false, error: message }, null, 2));
    else console.error(`chargebench broker ${sub}: ${message}`);
    if (err instanceof DockerUnavailableError) return EXIT.noDocker;
    if (err instanceof BrokerError && err.step === 'wait') return EXIT.notReady;
    return EXIT.failed;
  }
}
