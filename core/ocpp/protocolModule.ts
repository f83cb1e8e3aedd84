/**
 * What the bench needs to know about one OCPP version: its actions and who sends each, its schemas and validator,
 * its error codes and its enumerations. Each version folder (v16/, v201/) builds one with defineProtocol;
 * protocols.ts collects them.
 */
import type { ErrorVocabulary } from './errors.js';
import type { ProtocolVersion } from './protocol.js';
import type { PayloadValidator } from './payloadValidator.js';

/** Who initiates an action: the charger (charge point / charging station), the central system (CSMS), or both. */
export type ActionDirection = 'charger' | 'centralSystem' | 'both';

export interface ProtocolModule<V extends ProtocolVersion = ProtocolVersion> {
  readonly version: V;
  /** "OCPP 1.6", in messages. */
  readonly title: string;
  /** The version's words for the two ends, in messages: "charge point" / "central system", "charging station" / "CSMS". */
  readonly terms: { readonly charger: string; readonly centralSystem: string };
  /** Every action the version defines (sorted). */
  readonly actions: readonly string[];
  /** Actions a charger sends to the central system. */
  readonly chargerActions: readonly string[];
  /** Actions the central system sends to a charger. */
  readonly centralSystemActions: readonly string[];
  direction(action: string): ActionDirection | null;
  isAction(action: string): boolean;
  /** A charger may send it (a CALL the central system answers). */
  isChargerAction(action: string): boolean;
  /** The central system may send it (a server CALL). */
  isCentralSystemAction(action: string): boolean;
  /** The OCA schemas keyed "<Action>.req" / "<Action>.conf" (untouched: forms are built from them). */
  readonly schemas: Readonly<Record<string, object>>;
  readonly validator: PayloadValidator;
  readonly errors: ErrorVocabulary;
  /** Every enumeration's values by type name. */
  readonly enums: Readonly<Record<string, readonly string[]>>;
}

type Definition<V extends ProtocolVersion> = Pick<
  ProtocolModule<V>,
  'version' | 'title' | 'terms' | 'actions' | 'chargerActions' | 'centralSystemActions' | 'schemas' | 'validator' | 'errors' | 'enums'
>;

export function defineProtocol<V extends ProtocolVersion>(d: Definition<V>): ProtocolModule<V> {
  const all = new Set(d.actions);
  const fromCharger = new Set(d.chargerActions);
  const fromCentral = new Set(d.centralSystemActions);
  for (const a of [...fromCharger, ...fromCentral])
    if (!all.has(a)) throw new Error(`${d.title}: the action table names "${a}", which its schemas do not define`);
  for (const a of all) if (!fromCharger.has(a) && !fromCentral.has(a)) throw new Error(`${d.title}: "${a}" has a schema but no direction in the action table`);
  return {
    ...d,
    direction(action) {
      const cp = fromCharger.has(action);
      const cs = fromCentral.has(action);
      return cp && cs ? 'both' : cp ? 'charger' : cs ? 'centralSystem' : null;
    },
    isAction: (action) => all.has(action),
    isChargerAction: (action) => fromCharger.has(action),
    isCentralSystemAction: (action) => fromCentral.has(action),
  };
}
