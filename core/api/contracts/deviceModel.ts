/**
 * An OCPP 2.0.1 charger's device model as the central system knows it: the components and variables its NotifyReport
 * messages reported (the answer to GetBaseReport / GetReport), and what it reported on its own (NotifyEvent,
 * SecurityEventNotification, firmware / log / reservation status, EV charging needs).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ChargerParams, Enum, Nullable } from './common.js';
import { Defaulted, defineContract } from './contract.js';
import { CommandResult } from './commands.js';

const Variable = Type.Object({
  variable: Type.String(),
  variableInstance: Nullable(Type.String()),
  attributes: Type.Array(Type.Unknown(), {
    description: 'variableAttribute[] as reported: type (Actual/Target/MinSet/MaxSet), value, mutability, persistent, constant',
  }),
  characteristics: Type.Unknown({ description: 'variableCharacteristics as reported (unit, dataType, min/max, valuesList…), or null' }),
  requestId: Type.Integer({ description: 'The GetBaseReport / GetReport this came in answer to' }),
  reportedAt: Type.String({ description: "The report's generatedAt" }),
});

export const DeviceModelComponentView = Type.Object(
  {
    component: Type.String(),
    componentInstance: Nullable(Type.String()),
    evseId: Nullable(Type.Integer()),
    evseConnectorId: Nullable(Type.Integer()),
    variables: Type.Array(Variable),
  },
  { title: 'DeviceModelComponent' },
);

export const DeviceModelView = Type.Object(
  {
    chargePointId: Type.String(),
    variables: Type.Integer({ description: 'How many variables are known' }),
    components: Type.Array(DeviceModelComponentView, { description: 'By component name, instance and EVSE' }),
  },
  { title: 'DeviceModel' },
);
export type DeviceModelView = Static<typeof DeviceModelView>;

export const CHARGER_EVENT_KINDS = ['NotifyEvent', 'SecurityEvent', 'FirmwareStatus', 'LogStatus', 'ReservationStatus', 'EVChargingNeeds'] as const;

export const ChargerEventView = Type.Object(
  {
    id: Type.Integer(),
    chargePointId: Type.String(),
    kind: Enum(CHARGER_EVENT_KINDS),
    type: Type.String({ description: "The event's trigger, the security event type, or the status reported" }),
    at: Type.String({ description: "The charger's timestamp (else when it arrived)" }),
    detail: Type.Unknown({ description: 'As sent' }),
    frameId: Nullable(Type.Integer({ description: 'The CALL in the message log' })),
    receivedAt: Type.String(),
  },
  { title: 'ChargerEvent' },
);
export type ChargerEventView = Static<typeof ChargerEventView>;

export const REPORT_BASES = ['ConfigurationInventory', 'FullInventory', 'SummaryInventory'] as const;

export const deviceModel = {
  get: defineContract({
    method: 'GET',
    path: '/api/chargers/:id/device-model',
    tag: 'Device model',
    summary: "An OCPP 2.0.1 charger's device model as its NotifyReport messages reported it (components, variables, attributes)",
    params: ChargerParams,
    response: DeviceModelView,
    errors: { 404: 'no such charger', 409: 'the charger speaks OCPP 1.6 (it has a configuration, not a device model)' },
  }),
  read: defineContract({
    method: 'POST',
    path: '/api/chargers/:id/device-model/read',
    tag: 'Device model',
    summary: 'Sends GetBaseReport; the charger answers, then reports its device model in NotifyReport parts (stored as they come)',
    params: ChargerParams,
    body: Type.Object(
      { reportBase: Defaulted(Enum(REPORT_BASES), 'FullInventory'), timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })) },
      { additionalProperties: false },
    ),
    response: Type.Object({ requestId: Type.Integer({ description: 'The NotifyReport parts answering it carry this requestId' }), result: CommandResult }),
    errors: { 404: 'no such charger', 409: 'the charger speaks OCPP 1.6' },
  }),
  events: defineContract({
    method: 'GET',
    path: '/api/chargers/:id/events',
    tag: 'Device model',
    summary:
      'What an OCPP 2.0.1 charger reported on its own: NotifyEvent, security events, firmware / log / reservation status, EV charging needs (newest first)',
    params: ChargerParams,
    query: Type.Object({ kind: Type.Optional(Enum(CHARGER_EVENT_KINDS)), limit: Defaulted(Type.Integer({ minimum: 1, maximum: 5000 }), 100) }),
    response: Type.Array(ChargerEventView),
    errors: { 404: 'no such charger' },
  }),
};
