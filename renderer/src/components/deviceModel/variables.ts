/**
 * The device-model viewer's pure parts: a component's and variable's names for people, the attributes as reported
 * (OCPP 2.0.1 defaults filled in: type Actual, mutability ReadWrite), the SetVariables payload that writes one
 * attribute, and the charger's answer to it in a few words.
 */
import type { DeviceModelView } from '../../../../core/api/types.js';
import type { SetVariablesRequest, SetVariablesResponse, VariableAttributeType } from '../../../../core/ocpp/v201/types.generated.js';

export type ComponentView = DeviceModelView['components'][number];
export type VariableView = ComponentView['variables'][number];

export interface Attribute {
  type: NonNullable<VariableAttributeType['type']>;
  value: string | null;
  mutability: NonNullable<VariableAttributeType['mutability']>;
  persistent: boolean;
  constant: boolean;
}

/** The attributes as reported, each with 2.0.1's defaults for what was left out. */
export function attributesOf(v: VariableView): Attribute[] {
  return (v.attributes as VariableAttributeType[]).map((a) => ({
    type: a.type ?? 'Actual',
    value: a.value ?? null,
    mutability: a.mutability ?? 'ReadWrite',
    persistent: a.persistent ?? false,
    constant: a.constant ?? false,
  }));
}

export function isWritable(a: Attribute): boolean {
  return a.mutability !== 'ReadOnly';
}

/** "EVSE[instance] · EVSE 1 · connector 2" */
export function componentLabel(c: ComponentView): string {
  const evse = c.evseId !== null ? ` · EVSE ${c.evseId}${c.evseConnectorId !== null ? ` · connector ${c.evseConnectorId}` : ''}` : '';
  return `${c.component}${c.componentInstance ? `[${c.componentInstance}]` : ''}${evse}`;
}

export function variableLabel(v: VariableView): string {
  return `${v.variable}${v.variableInstance ? `[${v.variableInstance}]` : ''}`;
}

/** One key per attribute (component, EVSE, variable, attribute type): where an edit and its answer belong. */
export function attributeKey(c: ComponentView, v: VariableView, type: string): string {
  return [c.component, c.componentInstance ?? '', c.evseId ?? '', c.evseConnectorId ?? '', v.variable, v.variableInstance ?? '', type].join('|');
}

/** The components whose name, or one of whose variables' names, contains the text (variables narrowed to those). */
export function filterModel(components: ComponentView[], text: string): ComponentView[] {
  const t = text.trim().toLowerCase();
  if (!t) return components;
  const out: ComponentView[] = [];
  for (const c of components) {
    if (componentLabel(c).toLowerCase().includes(t)) out.push(c);
    else {
      const vars = c.variables.filter((v) => variableLabel(v).toLowerCase().includes(t));
      if (vars.length) out.push({ ...c, variables: vars });
    }
  }
  return out;
}

/** SetVariables for one attribute of one variable. */
export function setVariablesPayload(c: ComponentView, v: VariableView, type: Attribute['type'], value: string): SetVariablesRequest {
  const evse = c.evseId !== null ? { evse: { id: c.evseId, ...(c.evseConnectorId !== null ? { connectorId: c.evseConnectorId } : {}) } } : {};
  return {
    setVariableData: [
      {
        ...(type !== 'Actual' ? { attributeType: type } : {}),
        attributeValue: value,
        component: { name: c.component, ...(c.componentInstance ? { instance: c.componentInstance } : {}), ...evse },
        variable: { name: v.variable, ...(v.variableInstance ? { instance: v.variableInstance } : {}) },
      },
    ],
  };
}

export interface SetAnswer {
  status: string;
  detail: string | null;
}

/** The charger's answer to a one-variable SetVariables: its attributeStatus (and reason), or why there is none. */
export function setAnswerOf(result: { ok: boolean; response?: unknown; error?: { code: string; description: string } }): SetAnswer {
  if (!result.ok) return { status: result.error?.code ?? 'failed', detail: result.error?.description || null };
  const r = (result.response as SetVariablesResponse | undefined)?.setVariableResult?.[0];
  if (!r) return { status: 'NoResult', detail: 'the answer holds no setVariableResult' };
  const info = r.attributeStatusInfo;
  return { status: r.attributeStatus, detail: info ? [info.reasonCode, info.additionalInfo].filter(Boolean).join(': ') : null };
}
