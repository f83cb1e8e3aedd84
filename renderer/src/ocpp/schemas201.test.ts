/** 2.0.1 forms and the pre-send check: the resolved schemas must agree with the server's ajv check (validator201). */
import { describe, expect, it } from 'vitest';
import { validator201 } from '../../../core/ocpp/v201/validation.js';
import { COMMANDS, COMMANDS_201, commandsFor, requestSchemaFor, resolveRefs } from './schemas.js';
import { validateCommand } from './schemaValidate.js';

const comp = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } };
const cases: Array<[string, unknown]> = [
  ['Reset', { type: 'Immediate' }],
  ['Reset', { type: 'Soft' }],
  ['Reset', { type: 'OnIdle', evseId: 1 }],
  ['Reset', { type: 'OnIdle', evseId: 'one' }],
  ['Reset', { type: 'Immediate', extra: true }],
  ['GetVariables', { getVariableData: [comp] }],
  ['GetVariables', { getVariableData: [] }],
  ['GetVariables', { getVariableData: [{ ...comp, attributeType: 'Sideways' }] }],
  ['GetVariables', { getVariableData: [{ component: { name: 'X'.repeat(51) }, variable: { name: 'V' } }] }],
  ['SetVariables', { setVariableData: [{ ...comp, attributeValue: '60' }] }],
  ['SetVariables', { setVariableData: [{ ...comp }] }],
  ['SetVariables', { setVariableData: [{ ...comp, attributeValue: '60', component: { name: 'EVSE', evse: { id: 1, connectorId: 1 } } }] }],
  ['SetVariables', { setVariableData: [{ ...comp, attributeValue: '60', component: { name: 'EVSE', evse: { connectorId: 1 } } }] }],
  ['SetVariables', { setVariableData: [{ ...comp, attributeValue: '60', customData: { vendorId: 'acme' } }] }],
  ['GetBaseReport', { requestId: 1, reportBase: 'FullInventory' }],
  ['GetBaseReport', { requestId: 1, reportBase: 'Everything' }],
  ['RequestStartTransaction', { idToken: { idToken: 'TAG', type: 'Central' }, remoteStartId: 7 }],
  ['RequestStartTransaction', { idToken: { idToken: 'TAG' }, remoteStartId: 7 }],
  ['RequestStopTransaction', { transactionId: 'tx-1' }],
  ['RequestStopTransaction', { transactionId: 12 }],
  ['TriggerMessage', { requestedMessage: 'Heartbeat' }],
  ['TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' }],
  ['ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } }],
  ['UpdateFirmware', { requestId: 1, firmware: { location: 'https://h/fw.bin', retrieveDateTime: '2030-01-01T00:00:00Z' } }],
  ['UpdateFirmware', { requestId: 1, firmware: { location: 'https://h/fw.bin', retrieveDateTime: 'tomorrow' } }],
  ['ClearCache', {}],
];

describe('renderer schema validation, OCPP 2.0.1', () => {
  it('offers each version its own commands', () => {
    expect(commandsFor('ocpp2.0.1')).toBe(COMMANDS_201);
    expect(commandsFor('ocpp1.6')).toBe(COMMANDS);
    expect(commandsFor(null)).toBe(COMMANDS);
    expect(commandsFor('ocpp2.0.1')).toContain('SetVariables');
    expect(commandsFor('ocpp2.0.1')).not.toContain('RemoteStartTransaction');
  });

  it('resolves every 2.0.1 request schema to one without $ref', () => {
    for (const c of COMMANDS_201) {
      const s = requestSchemaFor('ocpp2.0.1', c);
      expect(s.type, c).toBe('object');
      expect(JSON.stringify(s), c).not.toContain('$ref');
    }
    const reset = requestSchemaFor('ocpp2.0.1', 'Reset');
    expect(reset.properties?.type?.enum).toEqual(['Immediate', 'OnIdle']);
    expect(reset.required).toEqual(['type']);
  });

  it('keeps 1.6 schemas for a 1.6 charger (same action name, other shape)', () => {
    expect(requestSchemaFor('ocpp1.6', 'Reset').properties?.type?.enum).toEqual(['Hard', 'Soft']);
  });

  it('refuses an unresolvable or recursive $ref clearly', () => {
    expect(() => resolveRefs({ $ref: '#/definitions/Nope' }, {}, 0)).toThrow(/unresolvable \$ref/);
    expect(() => resolveRefs({ $ref: '#/definitions/A' }, { A: { type: 'object', properties: { a: { $ref: '#/definitions/A' } } } }, 0)).toThrow(/too deep/);
  });

  for (const [action, payload] of cases) {
    it(`${action} ${JSON.stringify(payload)} agrees with ajv`, () => {
      const server = validator201.check(action, 'req', payload);
      const client = validateCommand('ocpp2.0.1', action, payload);
      expect(client.length === 0, JSON.stringify({ server, client })).toBe(server === null);
    });
  }
});
