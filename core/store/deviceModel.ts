/**
 * A 2.0.1 charger's device model, as its NotifyReport messages describe it (the answer to GetBaseReport /
 * GetReport): one row per component/variable, with its attributes and characteristics as reported. A newer
 * report replaces the variables it names; `tree` gives them grouped by component for the API.
 */
import type { Database } from 'better-sqlite3';
import { type SqlRow } from './rows.js';

export interface DeviceModelVariable {
  component: string;
  componentInstance: string | null;
  evseId: number | null;
  evseConnectorId: number | null;
  variable: string;
  variableInstance: string | null;
  /** variableAttribute[] as reported (type, value, mutability, persistent, constant). */
  attributes: unknown[];
  characteristics: unknown;
  requestId: number;
  reportedAt: string;
}

export interface DeviceModelComponent {
  component: string;
  componentInstance: string | null;
  evseId: number | null;
  evseConnectorId: number | null;
  variables: Array<Pick<DeviceModelVariable, 'variable' | 'variableInstance' | 'attributes' | 'characteristics' | 'requestId' | 'reportedAt'>>;
}

export interface ReportedVariable {
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
  variableAttribute: unknown[];
  variableCharacteristics?: unknown;
}

const none = (v: string): string | null => (v === '' ? null : v);
const noneNum = (v: number): number | null => (v < 0 ? null : v);

function parse(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toVariable(r: SqlRow): DeviceModelVariable {
  const attrs = parse(r.attributes);
  return {
    component: String(r.component),
    componentInstance: none(String(r.component_instance)),
    evseId: noneNum(Number(r.evse_id)),
    evseConnectorId: noneNum(Number(r.evse_connector_id)),
    variable: String(r.variable),
    variableInstance: none(String(r.variable_instance)),
    attributes: Array.isArray(attrs) ? attrs : [],
    characteristics: parse(r.characteristics),
    requestId: Number(r.request_id),
    reportedAt: String(r.reported_at),
  };
}

export function deviceModelRepo(db: Database) {
  const upsert =
    db.prepare(`INSERT INTO device_model (charge_point_id, component, component_instance, evse_id, evse_connector_id, variable, variable_instance, attributes, characteristics, request_id, reported_at)
    VALUES (@chargePointId, @component, @componentInstance, @evseId, @evseConnectorId, @variable, @variableInstance, @attributes, @characteristics, @requestId, @reportedAt)
    ON CONFLICT (charge_point_id, component, component_instance, evse_id, evse_connector_id, variable, variable_instance) DO UPDATE SET
      attributes = excluded.attributes, characteristics = excluded.characteristics, request_id = excluded.request_id, reported_at = excluded.reported_at`);
  const all = db.prepare(
    `SELECT * FROM device_model WHERE charge_point_id = ? ORDER BY component, component_instance, evse_id, evse_connector_id, variable, variable_instance`,
  );
  const one = db.prepare(
    `SELECT * FROM device_model WHERE charge_point_id = ? AND component = ? AND variable = ? AND component_instance = '' AND variable_instance = '' ORDER BY evse_id LIMIT 1`,
  );
  const count = db.prepare(`SELECT COUNT(*) AS n FROM device_model WHERE charge_point_id = ?`);
  const exact =
    db.prepare(`SELECT * FROM device_model WHERE charge_point_id = @chargePointId AND component = @component AND component_instance = @componentInstance
    AND evse_id = @evseId AND evse_connector_id = @evseConnectorId AND variable = @variable AND variable_instance = @variableInstance`);
  return {
    /** Stores the variables of one NotifyReport part. */
    store(chargePointId: string, requestId: number, reportedAt: string, data: readonly ReportedVariable[]): number {
      for (const d of data) {
        upsert.run({
          chargePointId,
          component: d.component.name,
          componentInstance: d.component.instance ?? '',
          evseId: d.component.evse?.id ?? -1,
          evseConnectorId: d.component.evse?.connectorId ?? -1,
          variable: d.variable.name,
          variableInstance: d.variable.instance ?? '',
          attributes: JSON.stringify(d.variableAttribute),
          characteristics: d.variableCharacteristics === undefined ? null : JSON.stringify(d.variableCharacteristics),
          requestId,
          reportedAt,
        });
      }
      return data.length;
    },
    /**
     * One attribute's value as the charger answered it (GetVariables, or SetVariables accepted): the variable's other
     * attributes and characteristics stay; a variable no report named yet is added with this attribute.
     */
    setAttribute(chargePointId: string, ref: Pick<ReportedVariable, 'component' | 'variable'>, attributeType: string, value: string, at: string): void {
      const key = {
        chargePointId,
        component: ref.component.name,
        componentInstance: ref.component.instance ?? '',
        evseId: ref.component.evse?.id ?? -1,
        evseConnectorId: ref.component.evse?.connectorId ?? -1,
        variable: ref.variable.name,
        variableInstance: ref.variable.instance ?? '',
      };
      const row = exact.get(key) as SqlRow | undefined;
      const old = row ? toVariable(row) : null;
      const attrs = (old?.attributes ?? []) as Array<Record<string, unknown>>;
      const i = attrs.findIndex((a) => (a.type ?? 'Actual') === attributeType);
      const next = i >= 0 ? attrs.map((a, k) => (k === i ? { ...a, value } : a)) : [...attrs, { type: attributeType, value }];
      upsert.run({
        ...key,
        attributes: JSON.stringify(next),
        characteristics: old?.characteristics == null ? null : JSON.stringify(old.characteristics),
        requestId: old?.requestId ?? -1,
        reportedAt: at,
      });
    },
    variables(chargePointId: string): DeviceModelVariable[] {
      return (all.all(chargePointId) as SqlRow[]).map(toVariable);
    },
    /** The variables grouped by component (and its instance and EVSE), in name order. */
    tree(chargePointId: string): DeviceModelComponent[] {
      const out: DeviceModelComponent[] = [];
      let last: DeviceModelComponent | undefined;
      for (const v of this.variables(chargePointId)) {
        if (
          !last ||
          last.component !== v.component ||
          last.componentInstance !== v.componentInstance ||
          last.evseId !== v.evseId ||
          last.evseConnectorId !== v.evseConnectorId
        ) {
          last = { component: v.component, componentInstance: v.componentInstance, evseId: v.evseId, evseConnectorId: v.evseConnectorId, variables: [] };
          out.push(last);
        }
        last.variables.push({
          variable: v.variable,
          variableInstance: v.variableInstance,
          attributes: v.attributes,
          characteristics: v.characteristics,
          requestId: v.requestId,
          reportedAt: v.reportedAt,
        });
      }
      return out;
    },
    /** The Actual value of a component's variable (no instances), if reported. */
    actualValue(chargePointId: string, component: string, variable: string): string | null {
      const r = one.get(chargePointId, component, variable) as SqlRow | undefined;
      if (!r) return null;
      const attrs = toVariable(r).attributes as Array<{ type?: string; value?: string }>;
      const actual = attrs.find((a) => (a.type ?? 'Actual') === 'Actual');
      return actual?.value ?? null;
    },
    count(chargePointId: string): number {
      return (count.get(chargePointId) as { n: number }).n;
    },
  };
}
export type DeviceModelRepo = ReturnType<typeof deviceModelRepo>;
