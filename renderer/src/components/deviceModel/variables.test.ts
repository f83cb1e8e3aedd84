/** The device-model viewer's pure parts; the SetVariables it builds must pass the 2.0.1 schema (ajv, validator201). */
import { describe, expect, it } from 'vitest';
import { validator201 } from '../../../../core/ocpp/v201/validation.js';
import { attributesOf, componentLabel, filterModel, isWritable, setAnswerOf, setVariablesPayload, type ComponentView } from './variables.js';

const v = (variable: string, attributes: unknown[], variableInstance: string | null = null) => ({
  variable,
  variableInstance,
  attributes,
  characteristics: null,
  requestId: 1,
  reportedAt: '2026-01-01T00:00:00Z',
});
const comm: ComponentView = {
  component: 'OCPPCommCtrlr',
  componentInstance: null,
  evseId: null,
  evseConnectorId: null,
  variables: [v('HeartbeatInterval', [{ value: '300', mutability: 'ReadWrite' }]), v('MessageAttempts', [{ value: '3' }], 'TransactionEvent')],
};
const connector: ComponentView = {
  component: 'Connector',
  componentInstance: null,
  evseId: 1,
  evseConnectorId: 2,
  variables: [v('ConnectorType', [{ type: 'Actual', value: 'cCCS2', mutability: 'ReadOnly' }])],
};

describe('device model viewer', () => {
  it('fills in 2.0.1 defaults for left-out attribute fields', () => {
    expect(attributesOf(comm.variables[1]!)).toEqual([{ type: 'Actual', value: '3', mutability: 'ReadWrite', persistent: false, constant: false }]);
    expect(isWritable(attributesOf(connector.variables[0]!)[0]!)).toBe(false);
    expect(isWritable({ type: 'Actual', value: null, mutability: 'WriteOnly', persistent: false, constant: false })).toBe(true);
  });

  it('names components with their EVSE and connector', () => {
    expect(componentLabel(connector)).toBe('Connector · EVSE 1 · connector 2');
    expect(componentLabel({ ...comm, componentInstance: 'Main' })).toBe('OCPPCommCtrlr[Main]');
  });

  it('filters by component or variable name, narrowing the variables', () => {
    expect(filterModel([comm, connector], '')).toHaveLength(2);
    expect(filterModel([comm, connector], 'heartbeat')).toEqual([{ ...comm, variables: [comm.variables[0]] }]);
    expect(filterModel([comm, connector], 'evse 1')).toEqual([connector]);
    expect(filterModel([comm, connector], 'nothing')).toEqual([]);
  });

  it('builds a SetVariables the 2.0.1 schema accepts (EVSE, instances, attribute type)', () => {
    const a = setVariablesPayload(comm, comm.variables[1]!, 'Actual', '5');
    expect(a).toEqual({
      setVariableData: [{ attributeValue: '5', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'MessageAttempts', instance: 'TransactionEvent' } }],
    });
    expect(validator201.check('SetVariables', 'req', a)).toBeNull();
    const b = setVariablesPayload(connector, connector.variables[0]!, 'Target', 'cType2');
    expect(b.setVariableData[0]).toMatchObject({ attributeType: 'Target', component: { name: 'Connector', evse: { id: 1, connectorId: 2 } } });
    expect(validator201.check('SetVariables', 'req', b)).toBeNull();
  });

  it("says the charger's answer: status and reason, CALLERROR, or a reply without a result", () => {
    expect(
      setAnswerOf({ ok: true, response: { setVariableResult: [{ attributeStatus: 'Accepted', component: { name: 'X' }, variable: { name: 'Y' } }] } }),
    ).toEqual({ status: 'Accepted', detail: null });
    expect(
      setAnswerOf({
        ok: true,
        response: {
          setVariableResult: [
            {
              attributeStatus: 'Rejected',
              attributeStatusInfo: { reasonCode: 'InvalidValue', additionalInfo: 'not an integer' },
              component: { name: 'X' },
              variable: { name: 'Y' },
            },
          ],
        },
      }),
    ).toEqual({ status: 'Rejected', detail: 'InvalidValue: not an integer' });
    expect(setAnswerOf({ ok: false, error: { code: 'timeout', description: 'no reply in 30 s' } })).toEqual({ status: 'timeout', detail: 'no reply in 30 s' });
    expect(setAnswerOf({ ok: true, response: {} }).status).toBe('NoResult');
  });
});
