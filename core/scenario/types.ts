/**
 * A scenario, as described by scenario.schema.json (the published JSON Schema), after parsing.
 * Durations are kept as written (number of seconds or "30s"/"5m"/...); duration.ts converts them.
 */
import type { ScenarioFaultKind } from '../simulator/actions/catalog.js';
import type { ProtocolVersion } from '../ocpp/protocol.js';
import type { RegistrationStatus, ResetType } from '../ocpp/v16/types.generated.js';
export type Duration = number | string;

export interface ChargerSpec {
  id: string;
  /** OCPP version (default ocpp1.6); `ocpp` is its short form ("1.6" / "2.0.1"). */
  protocol?: ProtocolVersion;
  ocpp?: '1.6' | '2.0.1' | 1.6;
  profile?: string;
  quirks?: Record<string, unknown>;
  connectors?: number;
  configuration?: Record<string, string | number | boolean>;
  autoBoot?: boolean;
}

export interface MiddlewareToggle {
  name: string;
  action?: string;
  enabled: boolean;
}

export type FrameSource = 'charger' | 'csms';
export type FrameTypeName = 'CALL' | 'CALLRESULT' | 'CALLERROR';

/** Which frames match: every given field must hold; payload/reply are deep subsets. */
export interface FrameMatch {
  charger?: string;
  from?: FrameSource;
  type?: FrameTypeName;
  action?: string;
  payload?: Record<string, unknown>;
  reply?: Record<string, unknown>;
  errorCode?: string;
}

interface StepBase {
  name?: string;
  charger?: string;
}

export type ConnectStep = StepBase & { do: 'connect' | 'disconnect' };
export type BootStep = StepBase & { do: 'boot'; expectStatus?: RegistrationStatus; timeout?: Duration };
export type PlugStep = StepBase & {
  do: 'plug' | 'unplug';
  connector?: number;
  ev?: { soc?: number; capacityWh?: number; maxPowerW?: number; targetSoc?: number };
};
export type AuthorizeStep = StepBase & { do: 'authorize'; idTag: string; expectStatus?: string };
export type StartStep = StepBase & { do: 'start'; connector?: number; idTag?: string };
export type StopStep = StepBase & { do: 'stop'; connector?: number; reason?: string };
export type MeterStep = StepBase & { do: 'meter'; connector?: number; duration: Duration; kw: number };
/** A `do: fault` kind: the simulator's catalog says what each injects (core/simulator/actions/catalog.ts, SCENARIO_FAULTS). */
export type FaultKind = ScenarioFaultKind;
export type FaultStep = StepBase & { do: 'fault'; connector?: number; kind: FaultKind; errorCode?: string; delay?: Duration };
export type RebootStep = StepBase & { do: 'reboot'; type?: ResetType };
export type CallStep = StepBase & {
  do: 'call';
  action: string;
  payload?: Record<string, unknown>;
  expectReply?: Record<string, unknown>;
  expectError?: string;
  timeout?: Duration;
};
export type SendStep = StepBase & {
  do: 'send';
  action: string;
  payload?: Record<string, unknown>;
  expect?: Record<string, unknown>;
  timeout?: Duration;
};
export type MiddlewareStep = { do: 'middleware'; name: string; action?: string; enabled: boolean; charger?: undefined };
export type SettingStep = { do: 'setting'; name?: string; key: string; value: unknown; charger?: undefined };
export type WaitStep = { do: 'wait'; name?: string; duration: Duration; charger?: undefined };
export type WaitForStep = {
  do: 'waitFor';
  name?: string;
  frame?: FrameMatch;
  status?: { charger?: string; connector?: number; status: string };
  timeout: Duration;
  charger?: undefined;
};
export type ExpectFrameStep = StepBase &
  Omit<FrameMatch, 'charger'> & {
    do: 'expectFrame';
    within?: Duration;
    since?: 'previousStep' | 'start';
    absent?: boolean;
  };
export type ExpectTransactionStep = StepBase & {
  do: 'expectTransaction';
  connector?: number;
  state?: 'ended' | 'running';
  energyWh?: { min?: number; max?: number };
  stopReason?: string;
  within?: Duration;
};
export type ExpectNoCallErrorStep = StepBase & { do: 'expectNoCallError'; since?: 'previousStep' | 'start' };

export type ChargerActionStep = ConnectStep | BootStep | PlugStep | AuthorizeStep | StartStep | StopStep | MeterStep | FaultStep | RebootStep | CallStep;
export type CentralSystemStep = SendStep | MiddlewareStep | SettingStep;
export type AssertionStep = ExpectFrameStep | ExpectTransactionStep | ExpectNoCallErrorStep;
export type Step = ChargerActionStep | CentralSystemStep | WaitStep | WaitForStep | AssertionStep;
export type StepKind = Step['do'];

export const ASSERTION_KINDS: readonly StepKind[] = ['expectFrame', 'expectTransaction', 'expectNoCallError'];
export const CENTRAL_SYSTEM_KINDS: readonly StepKind[] = ['send', 'middleware', 'setting'];

export interface Scenario {
  $schema?: string;
  name: string;
  description?: string;
  tags?: string[];
  speed?: number;
  timeout?: Duration;
  backend?: { settings?: Record<string, unknown>; middleware?: MiddlewareToggle[] };
  chargers: ChargerSpec[];
  steps: Step[];
}

/** Where a step came from in its file, for error messages and reports. */
/** The OCPP version a charger spec declares (protocol, else ocpp, else 1.6). */
export function specProtocol(spec: Pick<ChargerSpec, 'protocol' | 'ocpp'>): ProtocolVersion {
  if (spec.protocol) return spec.protocol;
  return spec.ocpp !== undefined && String(spec.ocpp) === '2.0.1' ? 'ocpp2.0.1' : 'ocpp1.6';
}

export interface SourcePosition {
  line: number;
  col: number;
}
