/**
 * Every bench API route's contract, by domain (one module each). The server implements each exactly once
 * (core/api/routes/*, checked by a test), the OpenAPI document lists them all, the renderer calls them through
 * its typed client. Node-free: the renderer imports this.
 */
import type { Contract } from './contract.js';
import { broker } from './broker.js';
import { chargers } from './chargers.js';
import { chargingProfiles } from './chargingProfiles.js';
import { commands } from './commands.js';
import { configuration } from './configuration.js';
import { deviceModel } from './deviceModel.js';
import { idTags } from './idTags.js';
import { messages } from './messages.js';
import { meters } from './meters.js';
import { middleware } from './middleware.js';
import { overview } from './overview.js';
import { registry } from './registry.js';
import { reservations } from './reservations.js';
import { scenarios } from './scenarios.js';
import { settings } from './settings.js';
import { simulator } from './simulator.js';
import { transactions } from './transactions.js';

export const contracts = {
  overview,
  chargers,
  registry,
  simulator,
  commands,
  messages,
  meters,
  transactions,
  reservations,
  chargingProfiles,
  configuration,
  deviceModel,
  middleware,
  idTags,
  settings,
  broker,
  scenarios,
} as const;

export type Contracts = typeof contracts;

/** Every contract with its name (`chargers.list`), in domain order. */
export function namedContracts(): Array<{ name: string; contract: Contract }> {
  return Object.entries(contracts).flatMap(([domain, routes]) =>
    Object.entries(routes).map(([name, contract]) => ({ name: `${domain}.${name}`, contract: contract as Contract })),
  );
}

/** Every contract, in domain order. */
export function allContracts(): Contract[] {
  return namedContracts().map((c) => c.contract);
}

export * from './contract.js';
