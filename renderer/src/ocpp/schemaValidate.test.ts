/** The renderer's pre-send check is the server's ajv validation (compiled ahead of time): they agree, and errors name their field. */
import { describe, expect, it } from 'vitest';
import { checkPayload, type Action } from '../../../core/ocpp/index.js';
import { COMMANDS, requestSchema } from './schemas.js';
import { validateCommand } from './schemaValidate.js';

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
  // the specification's rules the OCA schemas leave out (32-bit integers, connectorId >= 0) hold here too
  ['RemoteStartTransaction', { idTag: 'TAG', connectorId: -1 }],
  ['ChangeAvailability', { connectorId: 2 ** 31, type: 'Operative' }],
  ['ReserveNow', { connectorId: 1, expiryDate: '2030-02-30T00:00:00Z', idTag: 'T', reservationId: 3 }],
];

describe('renderer schema validation', () => {
  it('has a request schema for every command', () => {
    for (const c of COMMANDS) expect(requestSchema(c).type, c).toBe('object');
  });
  it('names the field of each problem (forms show it beside the field)', () => {
    expect(validateCommand('ocpp1.6', 'Reset', {})).toEqual([{ path: '/type', message: 'is required' }]);
    expect(validateCommand('ocpp1.6', 'Reset', { type: 'Hard', extra: 1 })).toEqual([{ path: '/extra', message: 'is not allowed' }]);
    expect(validateCommand('ocpp1.6', 'Reset', { type: 'Sideways' })).toEqual([{ path: '/type', message: 'must be one of Hard, Soft' }]);
    expect(validateCommand(null, 'TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual([]);
  });

  for (const [action, payload] of cases) {
    it(`${action} ${JSON.stringify(payload)} agrees with ajv`, () => {
      const server = checkPayload(action as Action, 'req', payload);
      const client = validateCommand('ocpp1.6', action, payload);
      expect(client.length === 0, JSON.stringify({ server, client })).toBe(server === null);
    });
  }
});
