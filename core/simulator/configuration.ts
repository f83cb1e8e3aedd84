/**
 * The charger's configuration keys (OCPP 1.6 §9): the standard core keys plus those of the feature profiles a
 * charger supports, each with its access (read-only or read-write) and a value check. Values are strings on the
 * wire. Defaults are shared per profile; a charger only allocates the keys it changed.
 */
import type { ConfigurationStatus, KeyValue, ResponseOf } from '../ocpp/index.js';
import type { Profile } from './profile.js';

type Kind = 'int' | 'bool' | 'csl' | 'measurands' | 'string';

interface KeyDef {
  readonly: boolean;
  kind: Kind;
  value: string;
  /** Feature profile that defines the key (absent keys are unknown on chargers without it). */
  feature?: string;
  /** Changing it takes effect only after a reboot. */
  rebootRequired?: boolean;
  /** Minimum for int keys (default 0). */
  min?: number;
}

export const MEASURANDS = [
  'Energy.Active.Import.Register',
  'Energy.Active.Export.Register',
  'Energy.Reactive.Import.Register',
  'Energy.Reactive.Export.Register',
  'Energy.Active.Import.Interval',
  'Energy.Active.Export.Interval',
  'Energy.Reactive.Import.Interval',
  'Energy.Reactive.Export.Interval',
  'Power.Active.Import',
  'Power.Active.Export',
  'Power.Offered',
  'Power.Reactive.Import',
  'Power.Reactive.Export',
  'Power.Factor',
  'Current.Import',
  'Current.Export',
  'Current.Offered',
  'Voltage',
  'Frequency',
  'Temperature',
  'SoC',
  'RPM',
] as const;
export type Measurand = (typeof MEASURANDS)[number];
/** Measurands this simulated meter can actually produce. */
export const SUPPORTED_MEASURANDS: ReadonlySet<string> = new Set<Measurand>([
  'Energy.Active.Import.Register',
  'Energy.Active.Import.Interval',
  'Power.Active.Import',
  'Power.Offered',
  'Current.Import',
  'Current.Offered',
  'Voltage',
  'Frequency',
  'Temperature',
  'SoC',
]);

function baseKeys(profile: Profile): Record<string, KeyDef> {
  const rw = (kind: Kind, value: string, extra: Partial<KeyDef> = {}): KeyDef => ({ readonly: false, kind, value, ...extra });
  const ro = (kind: Kind, value: string, extra: Partial<KeyDef> = {}): KeyDef => ({ readonly: true, kind, value, ...extra });
  return {
    AllowOfflineTxForUnknownId: rw('bool', 'false'),
    AuthorizationCacheEnabled: rw('bool', 'true'),
    AuthorizeRemoteTxRequests: rw('bool', 'true'),
    BlinkRepeat: rw('int', '3'),
    ClockAlignedDataInterval: rw('int', '0'),
    ConnectionTimeOut: rw('int', '60'),
    ConnectorPhaseRotation: rw('csl', Array.from({ length: profile.connectors + 1 }, (_, i) => `${i}.RST`).join(',')),
    GetConfigurationMaxKeys: ro('int', '50'),
    HeartbeatInterval: rw('int', '300', { min: 1 }),
    LightIntensity: rw('int', '50'),
    LocalAuthorizeOffline: rw('bool', 'true'),
    LocalPreAuthorize: rw('bool', 'false'),
    MeterValuesAlignedData: rw('measurands', 'Energy.Active.Import.Register'),
    MeterValuesSampledData: rw('measurands', 'Energy.Active.Import.Register'),
    MeterValueSampleInterval: rw('int', '60'),
    MinimumStatusDuration: rw('int', '0'),
    NumberOfConnectors: ro('int', String(profile.connectors)),
    ResetRetries: rw('int', '3'),
    StopTransactionOnEVSideDisconnect: rw('bool', 'true'),
    StopTransactionOnInvalidId: rw('bool', 'true'),
    StopTxnAlignedData: rw('measurands', ''),
    StopTxnSampledData: rw('measurands', 'Energy.Active.Import.Register'),
    SupportedFeatureProfiles: ro('csl', profile.features.join(',')),
    TransactionMessageAttempts: rw('int', '3', { min: 1 }),
    TransactionMessageRetryInterval: rw('int', '60'),
    UnlockConnectorOnEVSideDisconnect: rw('bool', 'true'),
    WebSocketPingInterval: rw('int', '0'),
    LocalAuthListEnabled: rw('bool', 'true', { feature: 'LocalAuthListManagement' }),
    LocalAuthListMaxLength: ro('int', '1000', { feature: 'LocalAuthListManagement' }),
    SendLocalListMaxLength: ro('int', '500', { feature: 'LocalAuthListManagement' }),
    ReserveConnectorZeroSupported: ro('bool', 'false', { feature: 'Reservation' }),
    ChargeProfileMaxStackLevel: ro('int', '10', { feature: 'SmartCharging' }),
    ChargingScheduleAllowedChargingRateUnit: ro('csl', 'Current,Power', { feature: 'SmartCharging' }),
    ChargingScheduleMaxPeriods: ro('int', '24', { feature: 'SmartCharging' }),
    ConnectorSwitch3to1PhaseSupported: ro('bool', 'false', { feature: 'SmartCharging' }),
    MaxChargingProfilesInstalled: ro('int', '10', { feature: 'SmartCharging' }),
  };
}

/** Per-profile key table (shared by every charger of that profile). */
const tables = new WeakMap<Profile, Map<string, KeyDef>>();

export function keyTable(profile: Profile): Map<string, KeyDef> {
  let table = tables.get(profile);
  if (table) return table;
  table = new Map();
  for (const [key, def] of Object.entries(baseKeys(profile))) {
    if (def.feature && !profile.features.includes(def.feature)) continue;
    table.set(key, def);
  }
  for (const [key, raw] of Object.entries(profile.configuration)) {
    const def = table.get(key);
    const value = String(raw);
    if (def) {
      const problem = checkValue(def, value);
      if (problem) throw new Error(`profile ${profile.name}: configuration ${key}=${value}: ${problem}`);
      table.set(key, { ...def, value });
    } else {
      // Vendor-specific key declared by the profile: read-write string.
      table.set(key, { readonly: false, kind: 'string', value });
    }
  }
  tables.set(profile, table);
  return table;
}

function checkValue(def: KeyDef, value: string): string | null {
  switch (def.kind) {
    case 'int':
      if (!/^-?\d+$/.test(value)) return 'must be an integer';
      if (Number(value) < (def.min ?? 0)) return `must be >= ${def.min ?? 0}`;
      return null;
    case 'bool':
      return value === 'true' || value === 'false' ? null : 'must be "true" or "false"';
    case 'measurands': {
      if (value === '') return null;
      for (const m of value.split(',')) {
        if (!SUPPORTED_MEASURANDS.has(m.trim())) return `measurand "${m.trim()}" is not supported by this meter`;
      }
      return null;
    }
    default:
      return value.length <= 500 ? null : 'longer than 500 characters';
  }
}

export type ChangeStatus = ConfigurationStatus;

/** A charger's configuration: profile defaults plus the keys changed on this charger. */
export class Configuration {
  private readonly table: Map<string, KeyDef>;
  private changed: Map<string, string> | null = null;

  constructor(profile: Profile, overrides?: Record<string, string | number | boolean>) {
    this.table = keyTable(profile);
    if (overrides) {
      for (const [key, value] of Object.entries(overrides)) {
        const def = this.table.get(key);
        const text = String(value);
        if (def) {
          const problem = checkValue(def, text);
          if (problem) throw new Error(`configuration ${key}=${text}: ${problem}`);
        }
        (this.changed ??= new Map()).set(key, text);
      }
    }
  }

  has(key: string): boolean {
    return this.table.has(key) || (this.changed?.has(key) ?? false);
  }

  get(key: string): string | undefined {
    return this.changed?.get(key) ?? this.table.get(key)?.value;
  }

  int(key: string, fallback = 0): number {
    const n = Number(this.get(key));
    return Number.isFinite(n) ? n : fallback;
  }

  bool(key: string): boolean {
    return this.get(key) === 'true';
  }

  list(key: string): string[] {
    const v = this.get(key);
    return v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  }

  /** Sets a value without the ChangeConfiguration checks (used by the charger itself, e.g. boot interval). */
  setInternal(key: string, value: string): void {
    (this.changed ??= new Map()).set(key, value);
  }

  /** ChangeConfiguration semantics: unknown → NotSupported, read-only or bad value → Rejected. */
  change(key: string, value: string): ChangeStatus {
    const def = this.table.get(key);
    if (!def) return 'NotSupported';
    if (def.readonly) return 'Rejected';
    if (checkValue(def, value)) return 'Rejected';
    (this.changed ??= new Map()).set(key, value);
    return def.rebootRequired ? 'RebootRequired' : 'Accepted';
  }

  /** GetConfiguration semantics: all keys when none asked, else the known ones plus unknownKey. */
  read(keys?: string[]): ResponseOf<'GetConfiguration'> {
    const configurationKey: KeyValue[] = [];
    const unknownKey: string[] = [];
    const wanted = keys && keys.length > 0 ? keys : [...this.table.keys()];
    for (const key of wanted) {
      const def = this.table.get(key);
      if (!def) {
        unknownKey.push(key);
        continue;
      }
      configurationKey.push({ key, readonly: def.readonly, value: this.get(key) ?? '' });
    }
    return unknownKey.length ? { configurationKey, unknownKey } : { configurationKey };
  }
}
