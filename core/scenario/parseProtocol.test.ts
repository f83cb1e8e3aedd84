/** Scenario files with OCPP 2.0.1 chargers: the protocol/ocpp fields and the per-version action and payload checks. */
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from './parse.js';
import { specProtocol } from './types.js';

function messages(text: string): string[] {
  try {
    parseScenario(text, 'p.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).issues.map((i) => `${i.line} ${i.path}: ${i.message}`);
  }
  throw new Error('expected the scenario to be rejected');
}

const head = (chargers: string) => `name: p\nchargers:\n${chargers}\nsteps:\n`;

describe('scenario chargers with an OCPP version', () => {
  it('accepts protocol: ocpp2.0.1, ocpp: 2.0.1 and ocpp: 1.6 (a YAML number), and defaults to 1.6', () => {
    const parsed = parseScenario(
      `${head('  - { id: A, protocol: ocpp2.0.1 }\n  - { id: B, ocpp: 2.0.1 }\n  - { id: C, ocpp: 1.6 }\n  - { id: D }')}  - { do: boot, charger: A }\n`,
    );
    expect(parsed.scenario.chargers.map(specProtocol)).toEqual(['ocpp2.0.1', 'ocpp2.0.1', 'ocpp1.6', 'ocpp1.6']);
  });

  it('rejects an unknown version, and protocol and ocpp that disagree, with the line', () => {
    expect(messages(`${head('  - { id: A, protocol: ocpp2.1 }')}  - do: boot\n`)).toEqual(['3 chargers[0].protocol: must be one of: ocpp1.6, ocpp2.0.1']);
    expect(messages(`${head('  - { id: A, ocpp: "2.0" }')}  - do: boot\n`)).toEqual(['3 chargers[0].ocpp: must be one of: 1.6, 2.0.1']);
    expect(messages(`${head('  - { id: A, protocol: ocpp1.6, ocpp: 2.0.1 }')}  - do: boot\n`)).toEqual([
      '3 chargers[0].ocpp: says 2.0.1 but protocol says ocpp1.6; give one of them',
    ]);
  });

  it("checks a 2.0.1 profile name against the 2.0.1 profiles (and 1.6's as hardware)", () => {
    expect(() => parseScenario(`${head('  - { id: A, protocol: ocpp2.0.1, profile: dual-dc }')}  - do: boot\n`)).not.toThrow();
    expect(messages(`${head('  - { id: A, protocol: ocpp2.0.1, profile: no-such-profile }')}  - do: boot\n`)[0]).toMatch(
      /^3 chargers\[0\]\.profile: .*no-such-profile/,
    );
  });

  it("checks send/call/expectFrame actions and payloads in the step's charger's version, naming the other version when it has the action", () => {
    const text = `${head('  - { id: OLD }\n  - { id: NEW, protocol: ocpp2.0.1 }')}  - { do: send, charger: NEW, action: RequestStartTransaction, payload: { idToken: { idToken: T, type: Central }, remoteStartId: 1 } }
  - { do: send, charger: NEW, action: RequestStopTransaction, payload: { transactionId: "\${transactionId}" } }
  - { do: send, charger: NEW, action: RemoteStartTransaction, payload: { idTag: T } }
  - { do: send, charger: OLD, action: RequestStartTransaction, payload: {} }
  - { do: send, charger: NEW, action: RequestStartTransaction, payload: { remoteStartId: 1 } }
  - { do: call, charger: NEW, action: TransactionEvent, payload: {} }
  - { do: call, charger: NEW, action: Reset, payload: {} }
  - { do: expectFrame, charger: NEW, action: StartTransaction }
  - { do: expectFrame, action: TransactionEvent }
`;
    expect(messages(text)).toEqual([
      '8 steps[2].action: unknown OCPP 2.0.1 action "RemoteStartTransaction" (an OCPP 1.6 action: declare the charger with protocol: ocpp1.6)',
      '9 steps[3].action: unknown OCPP 1.6 action "RequestStartTransaction" (an OCPP 2.0.1 action: declare the charger with protocol: ocpp2.0.1)',
      "10 steps[4].payload: not a valid OCPP 2.0.1 RequestStartTransaction request: (payload) must have required property 'idToken'",
      '12 steps[6].action: "Reset" is sent by the central system; use a send step instead',
      '13 steps[7].action: unknown OCPP 2.0.1 action "StartTransaction" (an OCPP 1.6 action: declare the charger with protocol: ocpp1.6)',
    ]);
  });

  it("checks connector statuses and stop reasons in the charger's version", () => {
    const text = `${head('  - { id: OLD }\n  - { id: NEW, protocol: ocpp2.0.1 }')}  - { do: waitFor, status: { charger: NEW, status: Charging }, timeout: 1m }
  - { do: waitFor, status: { charger: OLD, status: Occupied }, timeout: 1m }
  - { do: waitFor, status: { charger: NEW, status: Occupied }, timeout: 1m }
  - { do: stop, charger: OLD, reason: StoppedByEV }
  - { do: stop, charger: NEW, reason: StoppedByEV }
  - { do: stop, charger: NEW, reason: HardReset }
`;
    expect(messages(text)).toEqual([
      '6 steps[0].status.status: "Charging" is not an OCPP 2.0.1 connector status; one of: Available, Occupied, Reserved, Unavailable, Faulted',
      '7 steps[1].status.status: "Occupied" is not an OCPP 1.6 connector status; one of: Available, Preparing, Charging, SuspendedEVSE, SuspendedEV, Finishing, Reserved, Unavailable, Faulted',
      '9 steps[3].reason: "StoppedByEV" is an OCPP 2.0.1 stop reason; a 1.6 charger stops with one of: EmergencyStop, EVDisconnected, HardReset, Local, Other, PowerLoss, Reboot, Remote, SoftReset, UnlockCommand, DeAuthorized',
    ]);
  });
});
