import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.js';
import { runScenario } from '../scenario/runner.js';
import { startStrictCsms, type StrictCsms } from '../scenario/testing/strictCsms.js';
import { parseTextTrace } from './parseTextTrace.js';
import { scenarioToYaml, traceToScenario } from './toScenario.js';

const RECORDED = `2024-05-01T10:00:00Z >> [2,"1","BootNotification",{"chargePointVendor":"United Chargers","chargePointModel":"GRS"}]
2024-05-01T10:00:00Z << [3,"1",{"status":"Accepted","currentTime":"2024-05-01T10:00:00Z","interval":300}]
2024-05-01T10:00:10Z >> [2,"2","Authorize",{"idTag":"TAG1"}]
2024-05-01T10:00:10Z << [3,"2",{"idTagInfo":{"status":"Accepted"}}]
garbage line
2024-05-01T10:00:20Z >> [2,"3","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Preparing"}]
2024-05-01T10:00:20Z << [3,"3",{}]
2024-05-01T10:00:21Z << [2,"srv-9","RemoteStartTransaction",{"idTag":"REMOTE","connectorId":1}]
2024-05-01T10:00:21Z >> [3,"srv-9",{"status":"Accepted"}]
2024-05-01T10:00:22Z >> [2,"4","StartTransaction",{"connectorId":1,"idTag":"REMOTE","meterStart":0,"timestamp":"2024-05-01T10:00:22Z"}]
2024-05-01T10:00:22Z << [3,"4",{"transactionId":777,"idTagInfo":{"status":"Accepted"}}]
2024-05-01T10:30:22Z >> [2,"5","StopTransaction",{"transactionId":777,"meterStop":3700,"timestamp":"2024-05-01T10:30:22Z","reason":"Local"}]
2024-05-01T10:30:22Z << [3,"5",{}]
`;

let csms: StrictCsms | null = null;
afterEach(async () => {
  await csms?.close();
  csms = null;
});

describe('recording → scenario', () => {
  it('produces a valid scenario with the recorded replies as assertions', () => {
    const trace = parseTextTrace(RECORDED);
    const scenario = traceToScenario(trace, { source: 'field.log', chargerId: 'GRIZZL-9' });
    const yaml = scenarioToYaml(scenario);
    const parsed = parseScenario(yaml, 'converted.yaml');
    expect(parsed.scenario.chargers).toEqual([{ id: 'GRIZZL-9', autoBoot: false }]);
    expect(parsed.scenario.steps.map((s) => s.do)).toEqual(['connect', 'call', 'wait', 'call', 'wait', 'call', 'expectFrame', 'wait', 'call', 'wait', 'call']);
    expect(parsed.scenario.steps[1]).toMatchObject({ do: 'call', action: 'BootNotification', expectReply: { status: 'Accepted' } });
    expect(parsed.scenario.steps[1]).not.toHaveProperty('expectReply.currentTime');
    expect(parsed.scenario.steps[1]).not.toHaveProperty('expectReply.interval');
    expect(parsed.scenario.steps[6]).toMatchObject({
      do: 'expectFrame',
      from: 'csms',
      action: 'RemoteStartTransaction',
      payload: { idTag: 'REMOTE', connectorId: 1 },
      within: '31s',
    });
    expect(parsed.scenario.steps[9]).toMatchObject({ do: 'wait', duration: '30m' });
    expect(parsed.scenario.steps[10]).toMatchObject({ action: 'StopTransaction', payload: { transactionId: '${transactionId}', meterStop: 3700 } });
    expect(parsed.scenario.description).toMatch(/1 line\(s\) of the trace could not be read and are not in this scenario: 5/);
    expect(yaml.startsWith('# yaml-language-server: $schema=')).toBe(true);
  });

  it('passes against a CSMS that behaves as recorded and fails where it does not', async () => {
    const scenario = parseScenario(scenarioToYaml(traceToScenario(parseTextTrace(RECORDED), { chargerId: 'GRIZZL-9' })));
    csms = await startStrictCsms({ remoteStartOnPreparing: true });
    const ok = await runScenario(scenario, { target: csms.target(), speed: 600 });
    expect(ok.steps.filter((s) => s.status !== 'passed').map((s) => `${s.title}: ${s.message}`)).toEqual([]);
    expect(csms.received.map((r) => r.method)).toEqual(['BootNotification', 'Authorize', 'StatusNotification', 'StartTransaction', 'StopTransaction']);
    expect(csms.received[4]?.params.transactionId).toBe(100);
    await csms.close();

    csms = await startStrictCsms({ remoteStartOnPreparing: false, authorize: 'Invalid' });
    const bad = await runScenario(scenario, { target: csms.target(), speed: 600 });
    expect(bad.status).toBe('failed');
    expect(bad.steps.filter((s) => s.status === 'failed').map((s) => s.title)).toEqual([
      expect.stringMatching(/^line 3: Authorize/),
      'line 8: the CSMS sends RemoteStartTransaction',
      expect.stringMatching(/^line 10: StartTransaction/),
    ]);
  });
});
