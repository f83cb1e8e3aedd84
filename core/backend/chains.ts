/**
 * The middleware chains: which middleware run, in which order, per action. Configuration lives in the
 * settings document (`middleware`), so enable/disable/reorder survive restarts; OCPP_MIDDLEWARE seeds it.
 */
import { CENTRAL_SYSTEM_ACTIONS, CHARGE_POINT_ACTIONS, type Action } from '../ocpp/index.js';
import { ConfigError, type ChainSettings, type SettingsStore } from '../config/index.js';
import { chainAction, isReplyChain, type ChainKey, type MiddlewareDefinition } from './context.js';
import { BUILTIN_MIDDLEWARE, DEFAULT_CHAINS } from './middleware/index.js';

export interface ChainInfo {
  chain: ChainKey;
  action: Action;
  /** 'call': the charger's CALL; 'reply': the charger's reply to our CALL. */
  kind: 'call' | 'reply';
  middleware: Array<{ name: string; description: string; enabled: boolean }>;
}

export interface CatalogEntry {
  name: string;
  description: string;
  /** The chains (actions) it can run in. */
  actions: ChainKey[];
}

export const ALL_CHAINS: readonly ChainKey[] = [...CHARGE_POINT_ACTIONS, ...CENTRAL_SYSTEM_ACTIONS.map((a) => `${a}.reply` as const)];

export function isChainKey(value: string): value is ChainKey {
  return (ALL_CHAINS as readonly string[]).includes(value);
}

export class MiddlewareChains {
  private readonly defs = new Map<string, MiddlewareDefinition>();
  private readonly members = new Map<ChainKey, string[]>();
  private cache = new Map<ChainKey, MiddlewareDefinition[]>();

  constructor(private readonly settings: SettingsStore, extra: readonly MiddlewareDefinition[] = []) {
    for (const def of [...BUILTIN_MIDDLEWARE, ...extra]) {
      if (this.defs.has(def.name)) throw new ConfigError(`Two middleware are named "${def.name}"; names must be unique`);
      for (const c of def.chains) if (!isChainKey(c)) throw new ConfigError(`Middleware "${def.name}" names an unknown chain "${c}"`);
      this.defs.set(def.name, def);
    }
    for (const chain of ALL_CHAINS) {
      const defaults = [...(DEFAULT_CHAINS[chain] ?? [])];
      for (const def of this.defs.values()) if (def.chains.includes(chain) && !defaults.includes(def.name)) defaults.push(def.name);
      this.members.set(chain, defaults);
    }
    try {
      this.check(settings.get().middleware);
    } catch (err) {
      const where = [settings.envOverrides.some((o) => o.includes('OCPP_MIDDLEWARE')) ? 'OCPP_MIDDLEWARE' : null, settings.path ? `the "middleware" section of ${settings.path}` : null].filter(Boolean).join(' or ');
      throw new ConfigError(`${(err as Error).message}${where ? `. Fix ${where}.` : ''}`);
    }
    settings.onChange(() => (this.cache = new Map()));
  }

  /** Throws ConfigError, naming the valid choices, when a configuration names unknown chains or middleware. */
  check(config: Record<string, ChainSettings>): void {
    for (const [chain, cfg] of Object.entries(config)) {
      if (!isChainKey(chain)) {
        throw new ConfigError(`Middleware configuration: unknown action "${chain}". Valid: ${ALL_CHAINS.filter((c) => (this.members.get(c) ?? []).length > 0).join(', ')}`);
      }
      const allowed = this.members.get(chain) ?? [];
      for (const name of [...cfg.order, ...cfg.disabled]) {
        if (!allowed.includes(name)) {
          throw new ConfigError(`Middleware configuration for ${chain}: unknown middleware "${name}". Valid for ${chain}: ${allowed.join(', ') || '(none)'}`);
        }
      }
    }
  }

  catalog(): CatalogEntry[] {
    return [...this.defs.values()].map((d) => ({ name: d.name, description: d.description, actions: [...d.chains] }));
  }

  /** The chain's members in order with their enabled flag. */
  private effective(chain: ChainKey): Array<{ def: MiddlewareDefinition; enabled: boolean }> {
    const members = this.members.get(chain) ?? [];
    const cfg = this.settings.get().middleware[chain];
    if (!cfg) return members.map((n) => this.defs.get(n)!).map((def) => ({ def, enabled: def.enabledByDefault }));
    const order = [...cfg.order.filter((n) => members.includes(n)), ...members.filter((n) => !cfg.order.includes(n))];
    return order.map((n) => {
      const def = this.defs.get(n)!;
      return { def, enabled: cfg.order.includes(n) && !cfg.disabled.includes(n) };
    });
  }

  /** The enabled middleware of a chain, in run order. */
  resolve(chain: ChainKey): MiddlewareDefinition[] {
    let list = this.cache.get(chain);
    if (!list) {
      list = this.effective(chain).filter((m) => m.enabled).map((m) => m.def);
      this.cache.set(chain, list);
    }
    return list;
  }

  info(chain: ChainKey): ChainInfo {
    return {
      chain,
      action: chainAction(chain),
      kind: isReplyChain(chain) ? 'reply' : 'call',
      middleware: this.effective(chain).map(({ def, enabled }) => ({ name: def.name, description: def.description, enabled })),
    };
  }

  /** Every charge-point action's chain, and the reply chains that have members. */
  list(): ChainInfo[] {
    return ALL_CHAINS.filter((c) => !isReplyChain(c) || (this.members.get(c) ?? []).length > 0).map((c) => this.info(c));
  }

  private requireChain(chain: string): ChainKey {
    if (!isChainKey(chain)) throw new ConfigError(`Unknown action "${chain}". Valid: ${ALL_CHAINS.join(', ')}`);
    return chain;
  }

  private async save(chain: ChainKey, entries: Array<{ name: string; enabled: boolean }>): Promise<ChainInfo> {
    await this.settings.update((d) => {
      d.middleware[chain] = { order: entries.map((e) => e.name), disabled: entries.filter((e) => !e.enabled).map((e) => e.name) };
    });
    return this.info(chain);
  }

  async setEnabled(chainName: string, name: string, enabled: boolean): Promise<ChainInfo> {
    const chain = this.requireChain(chainName);
    const entries = this.effective(chain).map(({ def, enabled: e }) => ({ name: def.name, enabled: e }));
    const entry = entries.find((e) => e.name === name);
    if (!entry) throw new ConfigError(`Middleware "${name}" is not part of ${chain}. Valid: ${entries.map((e) => e.name).join(', ') || '(none)'}`);
    entry.enabled = enabled;
    return this.save(chain, entries);
  }

  /** Puts the named middleware first, in this order; members not named keep their relative order after them. */
  async reorder(chainName: string, names: readonly string[]): Promise<ChainInfo> {
    const chain = this.requireChain(chainName);
    const entries = this.effective(chain).map(({ def, enabled }) => ({ name: def.name, enabled }));
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new ConfigError(`Middleware "${dup}" is named twice in the new order for ${chain}`);
    for (const n of names) {
      if (!entries.some((e) => e.name === n)) throw new ConfigError(`Middleware "${n}" is not part of ${chain}. Valid: ${entries.map((e) => e.name).join(', ')}`);
    }
    const ordered = [...names.map((n) => entries.find((e) => e.name === n)!), ...entries.filter((e) => !names.includes(e.name))];
    return this.save(chain, ordered);
  }

  /** Back to the default chains everywhere. */
  async reset(): Promise<void> {
    await this.settings.update((d) => {
      d.middleware = {};
    });
  }
}

/**
 * Checks an OCPP_MIDDLEWARE-style configuration (action → ordered names) against the built-in catalog, so the
 * CLI can report a bad configuration before starting anything. Throws ConfigError naming the valid choices.
 */
export function checkMiddlewareConfig(config: Record<string, readonly string[]>, extra: readonly MiddlewareDefinition[] = []): void {
  const settings: SettingsStore = {
    get: () => ({ middleware: {} }) as never,
    update: () => Promise.reject(new Error('read-only')),
    onChange: () => () => {},
    path: null,
    envOverrides: [],
  };
  const chains = new MiddlewareChains(settings, extra);
  chains.check(Object.fromEntries(Object.entries(config).map(([k, names]) => [k, { order: [...names], disabled: [] }])));
}
