/**
 * `chargebench <command>`: dispatches to one module per command. Each command module exports
 * `run(argv: string[]): Promise<number | void>` and a one-line `summary`.
 */
interface CommandModule {
  summary: string;
  run(argv: string[]): Promise<number | void>;
}

const commands: Record<string, () => Promise<CommandModule>> = {
  // serve: everything in one process (backend + edge + bench API/UI), in-process transport unless --amqp.
  // backend / edge: the two halves, joined by RabbitMQ.  sim: simulated chargers.  scenario: scenario runs and replay.
  // broker: the RabbitMQ Docker helper.
  // Each helper registers its command here: name: () => import('./name.js'),
  broker: () => import('./broker.js'),
  serve: () => import('./serve.js'),
  backend: () => import('./backend.js'),
  edge: () => import('./edge.js'),
  scenario: () => import('./scenario.js'),
  sim: () => import('./sim.js'),
};

function usage(): string {
  const lines = ['Usage: chargebench <command> [options]', '', 'Commands:'];
  for (const name of Object.keys(commands).sort()) lines.push(`  ${name}`);
  lines.push('', "Run `chargebench <command> --help` for a command's options.");
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    console.error(`chargebench: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const mod = await load();
  const code = await mod.run(rest);
  return typeof code === 'number' ? code : 0;
}

const code = await main(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
