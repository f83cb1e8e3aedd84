/** The protocol seam: one framing, per version the action table, error codes, validation and enumerations. */
import { describe, expect, it } from 'vitest';
import type { FrameParseError } from './index.js';
import {
  OCPP_ERROR_CODES,
  ownCode,
  parseFrame,
  protocolOf,
  protocols,
  serializeFrame,
  call,
  callError,
  callResult,
  v201,
  ChargePointStatusValues,
  RegistrationStatusValues,
  type ErrorVocabulary,
  type ProtocolVersion,
} from './index.js';

const V16 = protocols['ocpp1.6'];
const V201 = protocols['ocpp2.0.1'];

function parseError(text: string, errors: ErrorVocabulary): FrameParseError {
  try {
    parseFrame(text, errors);
  } catch (err) {
    return err as FrameParseError;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('protocol registry', () => {
  it('has both versions with their action tables', () => {
    expect(Object.keys(protocols)).toEqual(['ocpp1.6', 'ocpp2.0.1']);
    expect([V16.actions.length, V16.chargerActions.length, V16.centralSystemActions.length]).toEqual([28, 10, 19]);
    expect([V201.actions.length, V201.chargerActions.length, V201.centralSystemActions.length]).toEqual([64, 25, 40]);
    for (const p of [V16, V201]) {
      // every action with a schema pair has a direction, and DataTransfer is the only one going both ways
      for (const a of p.actions) {
        expect(p.schemas[`${a}.req`], `${p.version} ${a}.req`).toBeTypeOf('object');
        expect(p.schemas[`${a}.conf`], `${p.version} ${a}.conf`).toBeTypeOf('object');
        expect(p.direction(a), `${p.version} ${a}`).not.toBeNull();
      }
      expect(p.actions.filter((a) => p.direction(a) === 'both')).toEqual(['DataTransfer']);
      expect(p.direction('Nonsense')).toBeNull();
    }
    expect([V201.direction('TransactionEvent'), V201.direction('RequestStartTransaction'), V201.direction('NotifyReport')]).toEqual([
      'charger',
      'centralSystem',
      'charger',
    ]);
    expect([V16.isAction('TransactionEvent'), V201.isAction('StartTransaction')]).toEqual([false, false]);
    expect(protocolOf(null).version).toBe('ocpp1.6');
    expect(protocolOf('ocpp2.0.1').version).toBe('ocpp2.0.1');
  });

  it("generated enum lists are the schemas' enums, under the specification's names", () => {
    expect(RegistrationStatusValues).toEqual(['Accepted', 'Pending', 'Rejected']);
    expect(ChargePointStatusValues).toContain('SuspendedEVSE');
    expect(V16.enums.AuthorizationStatus).toEqual(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx']);
    expect(v201.IdTokenEnumTypeValues).toEqual(['Central', 'eMAID', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress', 'NoAuthorization']);
    expect(v201.ConnectorStatusEnumTypeValues).toEqual(['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted']);
    expect(Object.keys(V201.enums).length).toBeGreaterThan(80);
  });
});

describe('error code vocabularies (1.6: OCPP-J 1.6 §4.2.3; 2.0.1: OCPP 2.0.1 Part 4 §4.3)', () => {
  it('each version has its own set and spelling', () => {
    expect(V16.errors.codes).toHaveLength(10);
    expect(V16.errors.codes).toEqual(OCPP_ERROR_CODES);
    expect(V16.errors.codes).toEqual(expect.arrayContaining(['FormationViolation', 'OccurenceConstraintViolation', 'ProtocolError']));
    for (const c of ['FormatViolation', 'OccurrenceConstraintViolation', 'MessageTypeNotSupported', 'RpcFrameworkError'])
      expect(V16.errors.codes).not.toContain(c);
    expect([...V201.errors.codes].sort()).toEqual([
      'FormatViolation',
      'GenericError',
      'InternalError',
      'MessageTypeNotSupported',
      'NotImplemented',
      'NotSupported',
      'OccurrenceConstraintViolation',
      'PropertyConstraintViolation',
      'ProtocolError',
      'RpcFrameworkError',
      'SecurityError',
      'TypeConstraintViolation',
    ]);
    for (const c of ['FormationViolation', 'OccurenceConstraintViolation']) expect(V201.errors.codes).not.toContain(c);
  });

  it("a code of the other version goes on the wire in this version's spelling", () => {
    expect(ownCode(V201.errors, 'OccurenceConstraintViolation')).toBe('OccurrenceConstraintViolation');
    expect(ownCode(V201.errors, 'FormationViolation')).toBe('FormatViolation');
    expect(ownCode(V16.errors, 'OccurrenceConstraintViolation')).toBe('OccurenceConstraintViolation');
    expect(ownCode(V16.errors, 'RpcFrameworkError')).toBe('FormationViolation');
    expect(ownCode(V16.errors, 'NotImplemented')).toBe('NotImplemented');
  });
});

describe("framing: one codec, each version's codes", () => {
  const cases: Array<[string, string, Record<ProtocolVersion, string>, string]> = [
    ['not JSON', '{not json', { 'ocpp1.6': 'FormationViolation', 'ocpp2.0.1': 'RpcFrameworkError' }, '-1'],
    ['not an array', '{"a":1}', { 'ocpp1.6': 'FormationViolation', 'ocpp2.0.1': 'RpcFrameworkError' }, '-1'],
    ['a truncated CALL', '[2,"abc","Heartbeat",{', { 'ocpp1.6': 'FormationViolation', 'ocpp2.0.1': 'RpcFrameworkError' }, 'abc'],
    ['an unknown message type', '[7,"abc","Heartbeat",{}]', { 'ocpp1.6': 'FormationViolation', 'ocpp2.0.1': 'MessageTypeNotSupported' }, 'abc'],
    ['a message type that is not a number', '["2","abc","Heartbeat",{}]', { 'ocpp1.6': 'FormationViolation', 'ocpp2.0.1': 'RpcFrameworkError' }, 'abc'],
    ['an unreadable id', '[2,5,"Heartbeat",{}]', { 'ocpp1.6': 'FormationViolation', 'ocpp2.0.1': 'RpcFrameworkError' }, '-1'],
    ['a CALL without payload', '[2,"abc","Heartbeat"]', { 'ocpp1.6': 'ProtocolError', 'ocpp2.0.1': 'RpcFrameworkError' }, 'abc'],
    ['a payload that is not an object', '[2,"abc","Heartbeat",[]]', { 'ocpp1.6': 'FormationViolation', 'ocpp2.0.1': 'FormatViolation' }, 'abc'],
  ];
  for (const [what, text, codes, id] of cases) {
    it(`${what}: ${codes['ocpp1.6']} in 1.6, ${codes['ocpp2.0.1']} in 2.0.1`, () => {
      for (const v of ['ocpp1.6', 'ocpp2.0.1'] as const) {
        const e = parseError(text, protocols[v].errors);
        expect([e.code, e.messageId, e.answerable]).toEqual([codes[v], id, true]);
        expect(protocols[v].errors.codes).toContain(e.code);
      }
    });
  }

  it("round-trips every frame type under both versions; a CALLERROR carries its version's own codes", () => {
    for (const p of [V16, V201]) {
      for (const f of [call('1', 'Heartbeat', {}), callResult('1', { currentTime: 'x' }), callError('1', 'GenericError', 'boom', { a: 1 })]) {
        expect(parseFrame(serializeFrame(f), p.errors)).toEqual(f);
      }
    }
    expect(parseFrame('[4,"a","OccurrenceConstraintViolation","x",{}]', V201.errors)[2]).toBe('OccurrenceConstraintViolation');
    expect(parseError('[4,"a","OccurrenceConstraintViolation","x",{}]', V16.errors)).toMatchObject({ code: 'FormationViolation', answerable: false });
    expect(parseError('[4,"a","FormationViolation","x",{}]', V201.errors)).toMatchObject({ code: 'RpcFrameworkError', answerable: false });
    expect(parseFrame('[4,"a","RpcFrameworkError","x"]', V201.errors)).toEqual([4, 'a', 'RpcFrameworkError', 'x', {}]);
  });
});

describe('validation per version', () => {
  const boot201 = { reason: 'PowerUp', chargingStation: { model: 'M1', vendorName: 'V' } };

  it('accepts valid 2.0.1 payloads, custom data included', () => {
    expect(V201.validator.check('BootNotification', 'req', boot201)).toBeNull();
    expect(V201.validator.check('BootNotification', 'req', { ...boot201, customData: { vendorId: 'acme', anything: [1, 2] } })).toBeNull();
    expect(V201.validator.check('BootNotification', 'conf', { currentTime: '2026-01-01T00:00:00Z', interval: 300, status: 'Accepted' })).toBeNull();
    expect(V201.validator.check('Heartbeat', 'req', {})).toBeNull();
  });

  it('a missing field: OccurenceConstraintViolation in 1.6, OccurrenceConstraintViolation in 2.0.1', () => {
    expect(V16.validator.check('BootNotification', 'req', { chargePointVendor: 'V' })?.code).toBe('OccurenceConstraintViolation');
    expect(V201.validator.check('BootNotification', 'req', { reason: 'PowerUp' })?.code).toBe('OccurrenceConstraintViolation');
  });

  it('an unknown property: FormationViolation in 1.6, FormatViolation in 2.0.1', () => {
    expect(V16.validator.check('Heartbeat', 'req', { extra: 1 })?.code).toBe('FormationViolation');
    expect(V201.validator.check('Heartbeat', 'req', { extra: 1 })?.code).toBe('FormatViolation');
  });

  it('type, value, format and 32-bit rules are the same in both', () => {
    expect(V201.validator.check('BootNotification', 'req', { ...boot201, reason: 'Bored' })?.code).toBe('PropertyConstraintViolation');
    expect(V201.validator.check('BootNotification', 'req', { ...boot201, chargingStation: { model: 5, vendorName: 'V' } })?.code).toBe(
      'TypeConstraintViolation',
    );
    expect(V201.validator.check('BootNotification', 'conf', { currentTime: '2026-01-01T00:00:00', interval: 300, status: 'Accepted' })?.code).toBe(
      'PropertyConstraintViolation',
    );
    expect(V201.validator.check('BootNotification', 'conf', { currentTime: '2026-01-01T00:00:00+02:00', interval: 2 ** 31, status: 'Accepted' })?.code).toBe(
      'TypeConstraintViolation',
    );
    const tx = {
      eventType: 'Updated',
      timestamp: '2026-01-01T00:00:00Z',
      triggerReason: 'MeterValuePeriodic',
      seqNo: 1,
      transactionInfo: { transactionId: 't1' },
      meterValue: [{ timestamp: '2026-01-01T00:00:00Z', sampledValue: [{ value: 8.1 }] }],
    };
    expect(V201.validator.check('TransactionEvent', 'req', tx)).toBeNull();
  });

  it('an action the version does not define is NotImplemented, in words naming the version', () => {
    expect(V16.validator.check('TransactionEvent', 'req', {})).toMatchObject({ code: 'NotImplemented', message: expect.stringContaining('OCPP 1.6') });
    expect(V201.validator.check('StartTransaction', 'req', {})).toMatchObject({ code: 'NotImplemented', message: expect.stringContaining('OCPP 2.0.1') });
  });

  it('strictness: warn reports and lets through, off skips', () => {
    expect(V201.validator.validate('Heartbeat', 'req', { extra: 1 }, 'warn')).toMatchObject({ ok: true, problem: { code: 'FormatViolation' } });
    expect(V201.validator.validate('Heartbeat', 'req', { extra: 1 }, 'strict').ok).toBe(false);
    expect(V201.validator.validate('Heartbeat', 'req', { extra: 1 }, 'off')).toEqual({ ok: true, problem: null });
  });
});
