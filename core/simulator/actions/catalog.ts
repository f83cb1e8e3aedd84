/**
 * One vocabulary for acting on a simulated charger: every fault kind and every charger action with its
 * parameters (a JSON schema) and a description. Used by the fleet (Fleet.act, injectFault), the bench API
 * (core/api/contracts/simulator.ts builds its request schema and lists from it), the GUI's fault panel and charger
 * buttons (through the contract), scenario steps (core/scenario: fault kinds) and the CLI's help.
 * Node-free and import-free of the simulator's runtime: the renderer reads it through the API contract.
 */
import type { OcppErrorCode } from '../../ocpp/errors.js';
import type { ChargePointErrorCode } from '../../ocpp/v16/types.generated.js';

export type FaultSpec =
  /** Kill the TCP connection without a close frame; the charger reconnects with backoff. */
  | { kind: 'dropConnection' }
  /** Stop (or resume, enabled: false) answering the central system's CALLs. */
  | { kind: 'unresponsive'; enabled?: boolean }
  /** Answer every CALL `delayMs` late (0 restores). */
  | { kind: 'answerLate'; delayMs: number }
  /** Send one truncated, unparseable frame. */
  | { kind: 'malformedJson' }
  /** Answer the next `count` (default 1) CALLs with a CALLERROR `code` (default InternalError). */
  | { kind: 'callError'; code?: OcppErrorCode; count?: number }
  /** Put a connector (0 = whole charger) in Faulted with an error code; a running transaction stops. */
  | { kind: 'faulted'; connectorId?: number; errorCode?: ChargePointErrorCode; info?: string; vendorErrorCode?: string }
  | { kind: 'clearFault'; connectorId?: number }
  /** Power off abruptly: no close, no StopTransaction; `restoreAfterMs` powers on again (boot, then PowerLoss stops). */
  | { kind: 'powerCut'; restoreAfterMs?: number }
  | { kind: 'powerOn' }
  /** Remove unresponsive / late / CALLERROR faults. */
  | { kind: 'clear' };

export type FaultKind = FaultSpec['kind'];

export const FAULT_KINDS = [
  'dropConnection',
  'unresponsive',
  'answerLate',
  'malformedJson',
  'callError',
  'faulted',
  'clearFault',
  'powerCut',
  'powerOn',
  'clear',
] as const satisfies readonly FaultKind[];

/** A JSON schema for an entry's parameters (plain data: the API contract and the docs read it). */
export interface ParamsSchema {
  type: 'object';
  additionalProperties: false;
  required?: readonly string[];
  properties: Readonly<
    Record<
      string,
      {
        type: 'integer' | 'number' | 'string' | 'boolean' | 'object';
        description: string;
        minimum?: number;
        maximum?: number;
        maxLength?: number;
        default?: unknown;
      }
    >
  >;
}

const none: ParamsSchema = { type: 'object', additionalProperties: false, properties: {} };
const connector = { type: 'integer', minimum: 0, description: 'Connector id (0 = the whole charge point); default 1' } as const;

export interface FaultEntry {
  kind: FaultKind;
  description: string;
  /** How the GUI's fault panel offers it (absent: not offered there; it is the panel's "Clear faults" or internal). */
  label?: string;
  params: ParamsSchema;
}

export const FAULTS: readonly FaultEntry[] = [
  {
    kind: 'dropConnection',
    label: 'Drop the connection',
    description: 'Kill the TCP connection without a close frame; the charger reconnects with backoff.',
    params: none,
  },
  {
    kind: 'unresponsive',
    label: 'Stop answering CALLs',
    description: "Stop (or resume, enabled: false) answering the central system's CALLs.",
    params: { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean', description: 'false resumes answering; default true' } } },
  },
  {
    kind: 'answerLate',
    label: 'Answer CALLs 10 s late',
    description: 'Answer every CALL delayMs late (0 restores).',
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['delayMs'],
      properties: { delayMs: { type: 'integer', minimum: 0, maximum: 600_000, default: 10_000, description: 'How late, in ms' } },
    },
  },
  { kind: 'malformedJson', label: 'Send malformed JSON', description: 'Send one truncated, unparseable frame.', params: none },
  {
    kind: 'callError',
    label: 'Answer the next CALL with CALLERROR',
    description: 'Answer the next count (default 1) CALLs with a CALLERROR code (default InternalError).',
    params: {
      type: 'object',
      additionalProperties: false,
      properties: {
        count: { type: 'integer', minimum: 1, maximum: 1000, default: 1, description: 'How many CALLs' },
        code: { type: 'string', maxLength: 40, description: 'The RPC error code; default InternalError' },
      },
    },
  },
  {
    kind: 'faulted',
    label: 'Go Faulted (error code)',
    description: 'Put a connector (0 = whole charger) in Faulted with an error code; a running transaction stops.',
    params: {
      type: 'object',
      additionalProperties: false,
      properties: {
        connectorId: connector,
        errorCode: { type: 'string', maxLength: 40, default: 'OtherError', description: 'The ChargePointErrorCode' },
        info: { type: 'string', maxLength: 50, description: 'StatusNotification info' },
        vendorErrorCode: { type: 'string', maxLength: 50, description: 'StatusNotification vendorErrorCode' },
      },
    },
  },
  {
    kind: 'clearFault',
    description: "Clear a connector's Faulted status: back to Available / Preparing / Unavailable as its situation says.",
    params: { type: 'object', additionalProperties: false, properties: { connectorId: connector } },
  },
  {
    kind: 'powerCut',
    label: 'Power cut (no StopTransaction until reboot)',
    description: 'Power off abruptly: no close, no StopTransaction; restoreAfterMs powers on again (boot, then PowerLoss stops).',
    params: {
      type: 'object',
      additionalProperties: false,
      properties: { restoreAfterMs: { type: 'integer', minimum: 0, description: 'Power on again after this many ms' } },
    },
  },
  { kind: 'powerOn', description: 'Power on again after a power cut (connect, boot).', params: none },
  { kind: 'clear', description: 'Remove the unresponsive / late / CALLERROR faults.', params: none },
];

/** The faults the GUI's fault panel and the bench API's "fault" action offer, in catalog order. */
export const PANEL_FAULTS = FAULTS.filter((f): f is FaultEntry & { label: string } => f.label !== undefined).map((f) => ({ kind: f.kind, label: f.label }));

/** A fault from the panel / API's flat fields, with the catalog's defaults. */
export function panelFault(kind: string, p: { connectorId?: number; errorCode?: string; delayMs?: number; count?: number }): FaultSpec | null {
  switch (kind) {
    case 'dropConnection':
      return { kind: 'dropConnection' };
    case 'unresponsive':
      return { kind: 'unresponsive', enabled: true };
    case 'answerLate':
      return { kind: 'answerLate', delayMs: typeof p.delayMs === 'number' ? p.delayMs : 10_000 };
    case 'malformedJson':
      return { kind: 'malformedJson' };
    case 'callError':
      return { kind: 'callError', count: typeof p.count === 'number' ? p.count : 1 };
    case 'faulted':
      return { kind: 'faulted', connectorId: p.connectorId ?? 1, errorCode: (p.errorCode ?? 'OtherError') as ChargePointErrorCode };
    case 'powerCut':
      return { kind: 'powerCut' };
    default:
      return null;
  }
}

/** Scenario files' `do: fault` kinds (their names are the file format's) and the faults each one injects. */
export const SCENARIO_FAULTS = {
  faulted: {
    description: 'Connector Faulted with errorCode (default GroundFailure)',
    faults: (p) => [{ kind: 'faulted', connectorId: p.connectorId, errorCode: (p.errorCode ?? 'GroundFailure') as ChargePointErrorCode }],
  },
  clear: {
    description: "Clear the connector's fault and every answering fault",
    faults: (p) => [{ kind: 'clearFault', connectorId: p.connectorId }, { kind: 'clear' }],
  },
  dropConnection: { description: FAULTS[0]?.description ?? '', faults: () => [{ kind: 'dropConnection' }] },
  stopAnswering: { description: "Stop answering the central system's CALLs", faults: () => [{ kind: 'unresponsive', enabled: true }] },
  resumeAnswering: { description: 'Answer CALLs again', faults: () => [{ kind: 'unresponsive', enabled: false }] },
  answerLate: { description: 'Answer every CALL `delay` late (default 10 s)', faults: (p) => [{ kind: 'answerLate', delayMs: p.delayMs ?? 10_000 }] },
  malformedJson: { description: 'Send one truncated, unparseable frame', faults: () => [{ kind: 'malformedJson' }] },
  callError: {
    description: 'Answer the next CALL with a CALLERROR errorCode (default InternalError)',
    faults: (p) => [{ kind: 'callError', ...(p.errorCode ? { code: p.errorCode as OcppErrorCode } : {}) }],
  },
  powerCut: { description: 'Power cut: no StopTransaction until the next boot', faults: () => [{ kind: 'powerCut' }] },
} as const satisfies Record<string, { description: string; faults: (p: { connectorId: number; errorCode?: string; delayMs?: number }) => FaultSpec[] }>;

export type ScenarioFaultKind = keyof typeof SCENARIO_FAULTS;
export const SCENARIO_FAULT_KINDS = Object.keys(SCENARIO_FAULTS) as ScenarioFaultKind[];

export interface ActionEntry<N extends string = string> {
  name: N;
  description: string;
  params: ParamsSchema;
}

const connectorOnly: ParamsSchema = { type: 'object', additionalProperties: false, properties: { connectorId: connector } };

/** What Fleet.act does to one charger (the programmatic API: scenarios, scripts, the bench's own actions). */
export const FLEET_ACTIONS = [
  { name: 'powerOn', description: 'Power on: connect and (with autoBoot) boot.', params: none },
  { name: 'connect', description: 'Open the websocket.', params: none },
  { name: 'disconnect', description: 'Close the websocket; it stays closed until connect.', params: none },
  { name: 'boot', description: 'Send BootNotification now.', params: none },
  {
    name: 'reboot',
    description: 'Reset: stop transactions, close, boot again after the profile’s rebootS.',
    params: { type: 'object', additionalProperties: false, properties: { resetType: { type: 'string', description: 'Soft (default) or Hard' } } },
  },
  {
    name: 'plug',
    description: 'Plug an EV in (Available → Preparing).',
    params: {
      type: 'object',
      additionalProperties: false,
      properties: { connectorId: connector, ev: { type: 'object', description: 'EV overrides (soc, capacityWh, maxPowerW…)' } },
    },
  },
  { name: 'unplug', description: 'Unplug the EV.', params: connectorOnly },
  {
    name: 'authorize',
    description: 'Authorize an idTag (local list, cache or Authorize).',
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['idTag'],
      properties: { idTag: { type: 'string', maxLength: 20, description: 'The idTag' } },
    },
  },
  {
    name: 'start',
    description: 'A local start: authorize, then StartTransaction once plugged in.',
    params: {
      type: 'object',
      additionalProperties: false,
      properties: { connectorId: connector, idTag: { type: 'string', maxLength: 20, description: 'default SIM-TAG' } },
    },
  },
  {
    name: 'stop',
    description: 'StopTransaction with a reason (default Local).',
    params: {
      type: 'object',
      additionalProperties: false,
      properties: { connectorId: connector, reason: { type: 'string', description: 'A StopTransaction reason' } },
    },
  },
  {
    name: 'status',
    description: 'Set a connector status (legal transitions only) and report it.',
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['connectorId', 'status'],
      properties: {
        connectorId: connector,
        status: { type: 'string', description: 'A ChargePointStatus' },
        errorCode: { type: 'string', description: 'A ChargePointErrorCode' },
      },
    },
  },
  {
    name: 'fault',
    description: 'Inject a fault (see FAULTS).',
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['fault'],
      properties: { fault: { type: 'object', description: 'A FaultSpec: { kind, …params }' } },
    },
  },
  {
    name: 'sendRaw',
    description: 'Write any text frame.',
    params: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', description: 'The frame' } } },
  },
  {
    name: 'call',
    description: 'Send any CP→CS CALL; resolves with the answer.',
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['action', 'payload'],
      properties: { action: { type: 'string', description: 'The action' }, payload: { type: 'object', description: 'Its request payload' } },
    },
  },
] as const satisfies readonly ActionEntry[];

export type FleetActionType = (typeof FLEET_ACTIONS)[number]['name'];
export const FLEET_ACTION_TYPES = FLEET_ACTIONS.map((a) => a.name) as FleetActionType[];

/** What the bench API and the GUI's charger buttons do to a simulated charger, each in terms of fleet actions. */
export const BENCH_ACTIONS = [
  { name: 'plug', description: 'Plug an EV in.', params: connectorOnly },
  { name: 'unplug', description: 'Unplug the EV.', params: connectorOnly },
  {
    name: 'startSession',
    description: 'Plug in when nothing is, then a local start with the idTag.',
    params: {
      type: 'object',
      additionalProperties: false,
      properties: { connectorId: connector, idTag: { type: 'string', maxLength: 20, description: 'default SIM-TAG' } },
    },
  },
  { name: 'stopSession', description: 'StopTransaction (Local).', params: connectorOnly },
  { name: 'fault', description: 'Inject one of the panel faults (fault, with errorCode / delayMs / count).', params: none },
  { name: 'clearFault', description: 'Power on again after a power cut, remove answering faults, clear every Faulted connector.', params: none },
  { name: 'reboot', description: 'Soft reset.', params: none },
  { name: 'disconnect', description: 'Close the websocket.', params: none },
  { name: 'reconnect', description: 'Open the websocket again.', params: none },
] as const satisfies readonly ActionEntry[];

export type BenchActionName = (typeof BENCH_ACTIONS)[number]['name'];
export const BENCH_ACTION_NAMES = BENCH_ACTIONS.map((a) => a.name) as BenchActionName[];
