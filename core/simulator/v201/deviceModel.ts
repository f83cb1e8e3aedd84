/**
 * An OCPP 2.0.1 charging station's device model (Part 1 §4, Part 2 B): components (with instance and EVSE /
 * connector) holding variables, each with attributes (Actual, Target, MinSet, MaxSet: value and mutability) and
 * characteristics (data type, unit, limits, values list). GetVariables / SetVariables read and write it with the
 * spec's statuses; GetBaseReport / GetReport select report data from it.
 *
 * What never changes per station (components, variables, characteristics, mutability) is a template shared by every
 * station built from the same profile and overrides; a station keeps only its values (one string per attribute).
 */
import type {
  AttributeEnumType,
  ComponentCriterionEnumType,
  ComponentType,
  ComponentVariableType,
  DataEnumType,
  GetVariableDataType,
  GetVariableResultType,
  MutabilityEnumType,
  ReportBaseEnumType,
  ReportDataType,
  SetVariableDataType,
  SetVariableResultType,
  VariableType,
} from '../../ocpp/v201/index.js';

export interface AttributeSlot {
  mutability: MutabilityEnumType;
  /** Index of the value in the station's value array. */
  slot: number;
}

export interface VariableEntry {
  component: ComponentType;
  variable: VariableType;
  dataType: DataEnumType;
  unit?: string;
  minLimit?: number;
  maxLimit?: number;
  valuesList?: string;
  /** A change takes effect only after a reboot (SetVariables answers RebootRequired). */
  rebootRequired?: boolean;
  attributes: Partial<Record<AttributeEnumType, AttributeSlot>>;
}

/** What to declare: one variable, its Actual value and how it may change. */
export interface VariableSpec {
  component: string;
  instance?: string;
  evse?: number;
  connector?: number;
  variable: string;
  variableInstance?: string;
  dataType: DataEnumType;
  value: string | number | boolean;
  mutability?: MutabilityEnumType;
  unit?: string;
  minLimit?: number;
  maxLimit?: number;
  valuesList?: string;
  rebootRequired?: boolean;
}

export function componentKey(c: ComponentType): string {
  return `${c.name}/${c.instance ?? ''}/${c.evse?.id ?? ''}/${c.evse?.connectorId ?? ''}`;
}

function variableKey(v: VariableType): string {
  return `${v.name}/${v.instance ?? ''}`;
}

/** Why a value is not acceptable for the entry, or null when it is. */
export function valueProblem(e: VariableEntry, value: string): string | null {
  const inLimits = (n: number): string | null =>
    e.minLimit !== undefined && n < e.minLimit
      ? `below minLimit ${e.minLimit}`
      : e.maxLimit !== undefined && n > e.maxLimit
        ? `above maxLimit ${e.maxLimit}`
        : null;
  const allowed = e.valuesList?.split(',').map((s) => s.trim()) ?? null;
  switch (e.dataType) {
    case 'integer':
      return /^-?\d+$/.test(value) ? inLimits(Number(value)) : 'not an integer';
    case 'decimal':
      return /^-?\d+(\.\d+)?$/.test(value) ? inLimits(Number(value)) : 'not a decimal';
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'not true or false';
    case 'dateTime':
      return Number.isNaN(Date.parse(value)) ? 'not a date-time' : null;
    case 'OptionList':
      return allowed && !allowed.includes(value) ? `not one of ${e.valuesList}` : null;
    case 'MemberList':
    case 'SequenceList': {
      if (!allowed || value === '') return null;
      const bad = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => !allowed.includes(s));
      return bad.length ? `${bad.join(', ')} not in ${e.valuesList}` : null;
    }
    default:
      return e.maxLimit !== undefined && value.length > e.maxLimit ? `longer than ${e.maxLimit}` : null;
  }
}

/** The shared part: components → variables, and every attribute's default value. */
export class DeviceModelTemplate {
  private readonly components = new Map<string, Map<string, VariableEntry>>();
  readonly defaults: string[] = [];

  declare(s: VariableSpec): VariableEntry {
    const evse = s.evse !== undefined ? { id: s.evse, ...(s.connector !== undefined ? { connectorId: s.connector } : {}) } : undefined;
    const component: ComponentType = { name: s.component, ...(s.instance ? { instance: s.instance } : {}), ...(evse ? { evse } : {}) };
    const variable: VariableType = { name: s.variable, ...(s.variableInstance ? { instance: s.variableInstance } : {}) };
    const slot = this.defaults.push(String(s.value)) - 1;
    const entry: VariableEntry = {
      component,
      variable,
      dataType: s.dataType,
      ...(s.unit ? { unit: s.unit } : {}),
      ...(s.minLimit !== undefined ? { minLimit: s.minLimit } : {}),
      ...(s.maxLimit !== undefined ? { maxLimit: s.maxLimit } : {}),
      ...(s.valuesList ? { valuesList: s.valuesList } : {}),
      ...(s.rebootRequired ? { rebootRequired: true } : {}),
      attributes: { Actual: { mutability: s.mutability ?? 'ReadOnly', slot } },
    };
    const ck = componentKey(component);
    let vars = this.components.get(ck);
    if (!vars) this.components.set(ck, (vars = new Map()));
    vars.set(variableKey(variable), entry);
    return entry;
  }

  hasComponent(c: ComponentType): boolean {
    return this.components.has(componentKey(c));
  }

  find(component: ComponentType, variable: VariableType): VariableEntry | undefined {
    return this.components.get(componentKey(component))?.get(variableKey(variable));
  }

  entries(): VariableEntry[] {
    return [...this.components.values()].flatMap((vars) => [...vars.values()]);
  }
}

/** One station's device model: the shared template and this station's values. */
export class DeviceModel {
  private readonly values: string[];

  constructor(readonly template: DeviceModelTemplate = new DeviceModelTemplate()) {
    this.values = template.defaults.slice();
  }

  find(component: ComponentType, variable: VariableType): VariableEntry | undefined {
    return this.template.find(component, variable);
  }

  /** The entry's Actual value. */
  actual(e: VariableEntry): string | undefined {
    const a = e.attributes.Actual;
    return a ? this.values[a.slot] : undefined;
  }

  /** Actual value of a station-level (or EVSE-level) variable, for the station's own use. */
  value(component: string, variable: string, opts: { instance?: string; evse?: number; variableInstance?: string } = {}): string | undefined {
    const c: ComponentType = {
      name: component,
      ...(opts.instance ? { instance: opts.instance } : {}),
      ...(opts.evse !== undefined ? { evse: { id: opts.evse } } : {}),
    };
    const e = this.find(c, { name: variable, ...(opts.variableInstance ? { instance: opts.variableInstance } : {}) });
    return e ? this.actual(e) : undefined;
  }

  int(component: string, variable: string, fallback = 0, opts?: { variableInstance?: string }): number {
    const v = this.value(component, variable, opts);
    const n = v === undefined ? NaN : Number(v);
    return Number.isFinite(n) ? n : fallback;
  }

  bool(component: string, variable: string, fallback = false): boolean {
    const v = this.value(component, variable);
    return v === undefined ? fallback : v === 'true';
  }

  list(component: string, variable: string): string[] {
    return (this.value(component, variable) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  /** Sets the Actual value without the mutability check (the station itself, e.g. the boot interval). */
  setInternal(component: string, variable: string, value: string): void {
    const a = this.find({ name: component }, { name: variable })?.attributes.Actual;
    if (a) this.values[a.slot] = value;
  }

  get(req: GetVariableDataType): GetVariableResultType {
    const type = req.attributeType ?? 'Actual';
    const base = { component: req.component, variable: req.variable, ...(req.attributeType ? { attributeType: req.attributeType } : {}) };
    if (!this.template.hasComponent(req.component)) return { ...base, attributeStatus: 'UnknownComponent' };
    const e = this.find(req.component, req.variable);
    if (!e) return { ...base, attributeStatus: 'UnknownVariable' };
    const a = e.attributes[type];
    if (!a) return { ...base, attributeStatus: 'NotSupportedAttributeType' };
    if (a.mutability === 'WriteOnly')
      return {
        ...base,
        attributeStatus: 'Rejected',
        attributeStatusInfo: { reasonCode: 'WriteOnly', additionalInfo: 'this variable can be written, not read' },
      };
    return { ...base, attributeStatus: 'Accepted', attributeValue: this.values[a.slot] as string };
  }

  set(req: SetVariableDataType): { result: SetVariableResultType; changed: VariableEntry | null } {
    const type = req.attributeType ?? 'Actual';
    const base = { component: req.component, variable: req.variable, ...(req.attributeType ? { attributeType: req.attributeType } : {}) };
    if (!this.template.hasComponent(req.component)) return { result: { ...base, attributeStatus: 'UnknownComponent' }, changed: null };
    const e = this.find(req.component, req.variable);
    if (!e) return { result: { ...base, attributeStatus: 'UnknownVariable' }, changed: null };
    const a = e.attributes[type];
    if (!a) return { result: { ...base, attributeStatus: 'NotSupportedAttributeType' }, changed: null };
    if (a.mutability === 'ReadOnly')
      return { result: { ...base, attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'ReadOnly' } }, changed: null };
    const problem = valueProblem(e, req.attributeValue);
    if (problem)
      return {
        result: { ...base, attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'InvalidValue', additionalInfo: problem.slice(0, 500) } },
        changed: null,
      };
    this.values[a.slot] = req.attributeValue;
    return { result: { ...base, attributeStatus: e.rebootRequired ? 'RebootRequired' : 'Accepted' }, changed: e };
  }

  entries(): VariableEntry[] {
    return this.template.entries();
  }

  /** GetBaseReport: FullInventory (all), ConfigurationInventory (writable), SummaryInventory (availability and problems). */
  baseReport(base: ReportBaseEnumType): ReportDataType[] {
    const all = this.entries();
    const pick =
      base === 'FullInventory'
        ? all
        : base === 'ConfigurationInventory'
          ? all.filter((e) => Object.values(e.attributes).some((a) => a.mutability !== 'ReadOnly'))
          : all.filter((e) => ['AvailabilityState', 'Available', 'Problem'].includes(e.variable.name));
    return pick.map((e) => this.reportData(e));
  }

  /** GetReport: entries matching the component/variable list (a component alone: all its variables) and the criteria. */
  report(componentVariable: ComponentVariableType[] | undefined, criteria: ComponentCriterionEnumType[] | undefined): ReportDataType[] {
    let pick = this.entries();
    if (componentVariable?.length) {
      pick = pick.filter((e) =>
        componentVariable.some(
          (cv) => componentKey(cv.component) === componentKey(e.component) && (!cv.variable || variableKey(cv.variable) === variableKey(e.variable)),
        ),
      );
    }
    if (criteria?.length) {
      const keep = new Set<string>();
      for (const e of this.entries()) {
        if (criteria.includes(e.variable.name as ComponentCriterionEnumType) && this.actual(e) === 'true') keep.add(componentKey(e.component));
      }
      pick = pick.filter((e) => keep.has(componentKey(e.component)));
    }
    return pick.map((e) => this.reportData(e));
  }

  reportData(e: VariableEntry): ReportDataType {
    return reportData(e, (slot) => this.values[slot] as string);
  }
}

export function reportData(e: VariableEntry, valueOf: (slot: number) => string): ReportDataType {
  const variableAttribute = (Object.entries(e.attributes) as Array<[AttributeEnumType, AttributeSlot]>).map(([type, a]) => ({
    type,
    mutability: a.mutability,
    // A WriteOnly value is never reported.
    ...(a.mutability === 'WriteOnly' ? {} : { value: valueOf(a.slot) }),
  }));
  return {
    component: e.component,
    variable: e.variable,
    variableAttribute,
    variableCharacteristics: {
      dataType: e.dataType,
      supportsMonitoring: false,
      ...(e.unit ? { unit: e.unit } : {}),
      ...(e.minLimit !== undefined ? { minLimit: e.minLimit } : {}),
      ...(e.maxLimit !== undefined ? { maxLimit: e.maxLimit } : {}),
      ...(e.valuesList ? { valuesList: e.valuesList } : {}),
    },
  };
}
