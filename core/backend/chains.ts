/**
 * The middleware chains: which middleware run, in which order, per OCPP version and action. Internally a chain is
 * keyed "<version>/<action>" ("ocpp1.6/StartTransaction", "ocpp2.0.1/TransactionEvent"; replies to server CALLs
 * "<version>/<Action>.reply"); settings, OCPP_MIDDLEWARE and the API name 1.6 chains as they always have
 * ("StartTransaction", "GetConfiguration.reply") and other versions' chains with their version prefix.
 * Configuration lives in the settings document (`middleware`), so enable/disable/reorder survive restarts.
 */
import { PROTOCOL_VERSIONS, protocols, type ProtocolVersion } from '../ocpp/index.js';
import { ConfigError, type ChainSettings, type SettingsStore } from '../config/index.js';
import { chainAction, chainName, isReplyChain, parseChainName, type ChainKey, type MiddlewareDefinition } from './context.js';
import { BUILTIN_MIDDLEWARE, DEFAULT_CHAINS } from './middleware/index.js';
import { V201_DEFAULT_CHAINS, V201_MIDDLEWARE } from './v201/middleware/index.js';

export interface ChainInfo {
  chain: ChainKey;
  /** The chain's OCPP version. */
  protocol: ProtocolVersion;
  /** The action (a 1.6 Action for 1.6 chains). */
  action: string;
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

/** The internal key of a chain: version and action. */
export type VersionedChainKey = `${ProtocolVersion}/${string}`;

/** Every chain of every version, by public name: per version its charger actions, then the replies to its server CALLs. */
export const ALL_CHAINS: readonly ChainKey[] = PROTOCOL_VERSIONS.flatMap((v) => [
  ...protocols[v].chargerActions.map((a) => chainName(v, a, 'call')),
  ...protocols[v].centralSystemActions.map((a) => chainName(v, a, 'reply')),
]);

const CHAIN_NAMES = new Set<string>(ALL_CHAINS);

export function isChainKey(value: string): value is ChainKey {
  return CHAIN_NAMES.has(value);
}

/** The internal key of a chain name (public, or "ocpp1.6/…" for a 1.6 chain); null for no chain. */
export function versionedKey(name: string): VersionedChainKey | null {
  const p = parseChainName(name);
  if (!p || !isChainKey(chainName(p.protocol, p.action, p.kind))) return null;
  return `${p.protocol}/${p.kind === 'reply' ? `${p.action}.reply` : p.action}`;
}

function publicName(key: VersionedChainKey): ChainKey {
  const p = parseChainName(key)!;
  return chainName(p.protocol, p.action, p.kind);
}

export class MiddlewareChains {
  private readonly defs = new Map<string, MiddlewareDefinition>();
  private readonly members = new Map<VersionedChainKey, string[]>();
  /** Public chain names that have members (checked for every CALL). */
  private readonly withMembers = new Set<string>();
  /** Enabled middleware per public chain name (cleared when settings change). */
  private cache = new Map<string, MiddlewareDefinition[]>();

  constructor(
    private readonly settings: SettingsStore,
    extra: readonly MiddlewareDefinition[] = [],
  ) {
    for (const def of [...BUILTIN_MIDDLEWARE, ...V201_MIDDLEWARE, ...extra]) {
      if (this.defs.has(def.name)) throw new ConfigError(`Two middleware are named "${def.name}"; names must be unique`);
      for (const c of def.chains) if (!isChainKey(c)) throw new ConfigError(`Middleware "${def.name}" names an unknown chain "${c}"`);
      this.defs.set(def.name, def);
    }
    for (const chain of ALL_CHAINS) {
      const defaults = [...(DEFAULT_CHAINS[chain] ?? V201_DEFAULT_CHAINS[chain] ?? [])];
      for (const def of this.defs.values()) if (def.chains.includes(chain) && !defaults.includes(def.name)) defaults.push(def.name);
      this.members.set(versionedKey(chain)!, defaults);
      if (defaults.length > 0) this.withMembers.add(chain);
    }
    try {
      this.check(settings.get().middleware);
    } catch (err) {
      const where = [
        settings.envOverrides.some((o) => o.includes('OCPP_MIDDLEWARE')) ? 'OCPP_MIDDLEWARE' : null,
        settings.path ? `the "middleware" section of ${settings.path}` : null,
      ]
        .filter(Boolean)
        .join(' or ');
      throw new ConfigError(`${(err as Error).message}${where ? `. Fix ${where}.` : ''}`);
    }
    settings.onChange(() => (this.cache = new Map()));
  }

  /** Throws ConfigError, naming the valid choices, when a configuration names unknown chains or middleware. */
  check(config: Record<string, ChainSettings>): void {
    for (const [chain, cfg] of Object.entries(config)) {
      if (!isChainKey(chain)) {
        throw new ConfigError(
          `Middleware configuration: unknown action "${chain}". Valid: ${ALL_CHAINS.filter((c) => this.memberNames(c).length > 0).join(', ')}`,
        );
      }
      const allowed = this.memberNames(chain);
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

  private memberNames(chain: ChainKey): string[] {
    return this.members.get(versionedKey(chain)!) ?? [];
  }

  /** The chain's members in order with their enabled flag. */
  private effective(chain: ChainKey): Array<{ def: MiddlewareDefinition; enabled: boolean }> {
    const members = this.memberNames(chain);
    const cfg = this.settings.get().middleware[chain];
    if (!cfg) return members.map((n) => this.defs.get(n)!).map((def) => ({ def, enabled: def.enabledByDefault }));
    const order = [...cfg.order.filter((n) => members.includes(n)), ...members.filter((n) => !cfg.order.includes(n))];
    return order.map((n) => {
      const def = this.defs.get(n)!;
      return { def, enabled: cfg.order.includes(n) && !cfg.disabled.includes(n) };
    });
  }

  /** The enabled middleware of a chain (by name), in run order. */
  resolve(chain: ChainKey): MiddlewareDefinition[] {
    let list = this.cache.get(chain);
    if (!list) {
      if (!isChainKey(chain)) return [];
      list = this.effective(chain)
        .filter((m) => m.enabled)
        .map((m) => m.def);
      this.cache.set(chain, list);
    }
    return list;
  }

  /** The enabled middleware of a version's chain for an action, in run order. */
  resolveFor(protocol: ProtocolVersion, action: string, kind: 'call' | 'reply'): MiddlewareDefinition[] {
    return this.resolve(chainName(protocol, action, kind));
  }

  /** Whether any middleware (enabled or not) belongs to a version's chain for an action. */
  handles(protocol: ProtocolVersion, action: string, kind: 'call' | 'reply'): boolean {
    return this.withMembers.has(chainName(protocol, action, kind));
  }

  info(chain: ChainKey): ChainInfo {
    const p = parseChainName(chain)!;
    return {
      chain,
      protocol: p.protocol,
      action: chainAction(chain),
      kind: isReplyChain(chain) ? 'reply' : 'call',
      middleware: this.effective(chain).map(({ def, enabled }) => ({ name: def.name, description: def.description, enabled })),
    };
  }

  /** Every 1.6 charge-point action's chain and the 1.6 reply chains that have members; other versions' chains that have members. */
  list(): ChainInfo[] {
    return ALL_CHAINS.filter((c) => (parseChainName(c)?.protocol === 'ocpp1.6' && !isReplyChain(c)) || this.memberNames(c).length > 0).map((c) => this.info(c));
  }

  /** The public name of a chain given by name, or by "ocpp1.6/…" for a 1.6 one. */
  private requireChain(chain: string): ChainKey {
    const key = versionedKey(chain);
    if (!key)
      throw new ConfigError(
        `Unknown action "${chain}". Valid: ${ALL_CHAINS.filter((c) => parseChainName(c)?.protocol === 'ocpp1.6' || this.memberNames(c).length > 0).join(', ')}`,
      );
    return publicName(key);
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
      if (!entries.some((e) => e.name === n))
        throw new ConfigError(`Middleware "${n}" is not part of ${chain}. Valid: ${entries.map((e) => e.name).join(', ')}`);
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
