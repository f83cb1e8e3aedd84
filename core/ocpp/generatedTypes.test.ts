/** `npm test` fails while a generated OCPP types file differs from what its schemas generate now. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSIONS, generateVersion } from '../../scripts/ocpp-types/generate.js';

describe('generated OCPP types', () => {
  for (const v of VERSIONS) {
    it(`${v.outFile} is what ${v.schemaFile} generates (else run \`npm run gen:types\`)`, () => {
      const fresh = generateVersion(v).text;
      const committed = readFileSync(v.outFile, 'utf8');
      if (committed !== fresh) {
        const a = committed.split('\n');
        const b = fresh.split('\n');
        const line = a.findIndex((l, i) => l !== b[i]);
        expect.fail(
          `${v.outFile} is stale: it differs from a fresh generation at line ${line + 1} (committed ${JSON.stringify(a[line])}, generated ${JSON.stringify(b[line])}). Run \`npm run gen:types\` and commit the result.`,
        );
      }
    });
  }

  it('detects a stale file: a schema change changes the output', () => {
    const v16 = VERSIONS.find((v) => v.version === 'ocpp1.6')!;
    const schemas = JSON.parse(readFileSync(v16.schemaFile, 'utf8')) as Record<string, { properties: Record<string, { enum?: string[] }> }>;
    const status = schemas['BootNotification.conf']!.properties.status!;
    status.enum = [...status.enum!, 'Maybe'];
    const { text } = generateVersion(v16, undefined, schemas);
    expect(text).toContain('export type RegistrationStatus = "Accepted" | "Pending" | "Rejected" | "Maybe";');
    expect(text).not.toBe(readFileSync(v16.outFile, 'utf8'));
  });

  it('refuses an inline 1.6 enum without a name, and one name for two different enums', () => {
    const v16 = VERSIONS.find((v) => v.version === 'ocpp1.6')!;
    const read = () => JSON.parse(readFileSync(v16.schemaFile, 'utf8')) as Record<string, { properties: Record<string, unknown> }>;
    const unnamed = read();
    unnamed['Heartbeat.req']!.properties.mood = { type: 'string', enum: ['Happy'] };
    expect(() => generateVersion(v16, undefined, unnamed)).toThrow(/HeartbeatRequest\.mood/);
    const clash = read();
    (clash['RemoteStopTransaction.conf']!.properties.status as { enum: string[] }).enum = ['Accepted', 'Rejected', 'Later'];
    expect(() => generateVersion(v16, undefined, clash)).toThrow(/"RemoteStartStopStatus" names two different schemas/);
  });
});
