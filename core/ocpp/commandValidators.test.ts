/** `npm test` fails while the ahead-of-time command validators differ from what the schemas and ajvRules.ts generate now. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUT_FILE, generateCommandValidators } from '../../scripts/ocpp-validators/generate.js';
import { COMMAND_VALIDATORS } from './commandValidators.generated.js';
import { validator16 } from './v16/validation.js';
import { validator201 } from './v201/validation.js';

describe('ahead-of-time command validators', () => {
  it(`${OUT_FILE} is what the schemas generate (else run \`npm run gen:validators\`)`, () => {
    // compared whole: a difference means the committed file is stale
    expect(readFileSync(OUT_FILE, 'utf8') === generateCommandValidators(), 'stale: run `npm run gen:validators` and commit the result').toBe(true);
  });

  it('give the errors the run-time compiled validators give', () => {
    const cases: Array<[typeof validator16, 'ocpp1.6' | 'ocpp2.0.1', string, unknown]> = [
      [validator16, 'ocpp1.6', 'ChangeAvailability', { connectorId: -1, type: 'Operative' }],
      [validator16, 'ocpp1.6', 'ChangeAvailability', { connectorId: 1e300, type: 'Later', extra: 1 }],
      [validator16, 'ocpp1.6', 'ReserveNow', { connectorId: 1, expiryDate: 'soon', idTag: 'X'.repeat(21), reservationId: 1.5 }],
      [validator201, 'ocpp2.0.1', 'SetVariables', { setVariableData: [{ attributeValue: 5, component: {}, variable: { name: 'x' } }] }],
      [validator201, 'ocpp2.0.1', 'Reset', { type: 'OnIdle', evseId: 2 ** 31 }],
    ];
    for (const [server, version, action, payload] of cases) {
      const check = (COMMAND_VALIDATORS[version] as Record<string, ((p: unknown) => boolean) & { errors?: Array<{ instancePath: string; keyword: string }> }>)[
        action
      ]!;
      expect(check(payload), action).toBe(false);
      const ahead = (check.errors ?? []).map((e) => ({ path: e.instancePath || '/', keyword: e.keyword }));
      const runtime = server.check(action, 'req', payload)!.errors.map((e) => ({ path: e.path, keyword: e.keyword }));
      expect(ahead, action).toEqual(runtime);
    }
  });
});
