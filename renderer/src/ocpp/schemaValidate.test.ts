/** The renderer's pre-send validation must agree with the server's ajv validation on the OCA schemas. */
import { describe, expect, it } from 'vitest';
import { checkPayload, type Action } from '../../../core/ocpp/index.js';
import { COMMANDS, requestSchema } from './schemas.js';
import { validate } from './schemaValidate.js';

const cases: Array<[string, unknown]> = [
  ['Reset', { type: 'Soft' }],
  ['Reset', { type: 'Sideways' }],
  ['Reset', {}],
  ['Reset', { type: 'Hard', extra: 1 }],
  ['RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1 }],
  ['RemoteStartTransaction', { idTag: 'X'.repeat(21) }],
  ['RemoteStartTransaction', { idTag: 'TAG', connectorId: 1.5 }],
  ['ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' }],
  ['ChangeConfiguration', { key: 'HeartbeatInterval' }],
  ['GetConfiguration', { key: ['A', 'B'] }],
  ['GetConfiguration', { key: 'A' }],
  ['ReserveNow', { connectorId: 1, expiryDate: '2030-01-01T00:00:00Z', idTag: 'T', reservationId: 3 }],
  ['ReserveNow', { connectorId: 1, expiryDate: '2030-01-01 00:00', idTag: 'T', reservationId: 3 }],
  [
    'SetChargingProfile',
    {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8.1 }] },
      },
    },
  ],
  [
    'SetChargingProfile',
    {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0 }] },
      },
    },
  ],
  ['TriggerMessage', { requestedMessage: 'Heartbeat' }],
  ['TriggerMessage', { requestedMessage: 'Coffee' }],
  ['UpdateFirmware', { location: 'ftp://host/fw.bin', retrieveDate: '2030-01-01T00:00:00Z' }],
  ['ClearCache', {}],
  ['ClearCache', { now: true }],
];

describe('renderer schema validation', () => {
  it('has a request schema for every command', () => {
    for (const c of COMMANDS) expect(requestSchema(c).type, c).toBe('object');
  });
  for (const [action, payload] of cases) {
    it(`${action} ${JSON.stringify(payload)} agrees with ajv`, () => {
      const server = checkPayload(action as Action, 'req', payload);
      const client = validate(requestSchema(action), payload);
      expect(client.length === 0, JSON.stringify({ server, client })).toBe(server === null);
    });
  }
});
