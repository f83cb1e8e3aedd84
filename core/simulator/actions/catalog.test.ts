import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIM_ACTIONS, SIM_FAULT_OPTIONS, SIM_FAULTS, SimActionRequest } from '../../api/contracts/simulator.js';
import { BENCH_ACTION_NAMES, FAULT_KINDS, FAULTS, FLEET_ACTION_TYPES, PANEL_FAULTS, panelFault, SCENARIO_FAULT_KINDS, SCENARIO_FAULTS } from './catalog.js';

describe('one vocabulary for acting on a simulated charger', () => {
  it('every fault kind has one catalog entry with a description and a parameter schema', () => {
    expect(FAULTS.map((f) => f.kind)).toEqual([...FAULT_KINDS]);
    for (const f of FAULTS) {
      expect(f.description.length).toBeGreaterThan(10);
      expect(f.params.type).toBe('object');
    }
    expect(new Set(FLEET_ACTION_TYPES).size).toBe(FLEET_ACTION_TYPES.length);
  });

  it('the bench API contract takes its actions and faults from the catalog', () => {
    expect(SIM_ACTIONS).toEqual(BENCH_ACTION_NAMES);
    expect(SIM_FAULTS).toEqual(PANEL_FAULTS.map((f) => f.kind));
    expect(SIM_FAULT_OPTIONS).toBe(PANEL_FAULTS);
    const props = SimActionRequest.properties as Record<string, { enum?: string[]; description?: string }>;
    expect(props.action?.enum).toEqual([...BENCH_ACTION_NAMES]);
    expect(props.fault?.enum).toEqual(PANEL_FAULTS.map((f) => f.kind));
    expect(props.fault?.description).toContain('answerLate: Answer every CALL delayMs late');
  });

  it('a panel fault becomes a fault spec of its kind with the catalog defaults; anything else is null', () => {
    for (const { kind } of PANEL_FAULTS) expect(panelFault(kind, {})?.kind).toBe(kind);
    expect(panelFault('answerLate', {})).toEqual({ kind: 'answerLate', delayMs: 10_000 });
    expect(panelFault('answerLate', { delayMs: 0 })).toEqual({ kind: 'answerLate', delayMs: 0 });
    expect(panelFault('faulted', { connectorId: 2, errorCode: 'GroundFailure' })).toEqual({ kind: 'faulted', connectorId: 2, errorCode: 'GroundFailure' });
    expect(panelFault('callError', {})).toEqual({ kind: 'callError', count: 1 });
    expect(panelFault('clear', {})).toBeNull();
    expect(panelFault('toString', {})).toBeNull();
  });

  it("scenario files' fault kinds are the catalog's (the schema lists exactly them) and map onto fault kinds", () => {
    const schema = JSON.parse(readFileSync(new URL('../../scenario/scenario.schema.json', import.meta.url), 'utf8')) as {
      definitions: { steps: { fault: { properties: { kind: { enum: string[] } } } } };
    };
    expect([...schema.definitions.steps.fault.properties.kind.enum].sort()).toEqual([...SCENARIO_FAULT_KINDS].sort());
    for (const kind of SCENARIO_FAULT_KINDS) {
      const specs = SCENARIO_FAULTS[kind].faults({ connectorId: 1 });
      expect(specs.length).toBeGreaterThan(0);
      for (const s of specs) expect(FAULT_KINDS).toContain(s.kind);
    }
    expect(SCENARIO_FAULTS.faulted.faults({ connectorId: 2 })).toEqual([{ kind: 'faulted', connectorId: 2, errorCode: 'GroundFailure' }]);
    expect(SCENARIO_FAULTS.answerLate.faults({ connectorId: 1, delayMs: 1500 })).toEqual([{ kind: 'answerLate', delayMs: 1500 }]);
  });
});
