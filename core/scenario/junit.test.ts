import { describe, expect, it } from 'vitest';
import { junitXml, xmlEscape } from './junit.js';
import type { ScenarioResult } from './result.js';
import { jsonReport, summaryTable } from './summary.js';

const result: ScenarioResult = {
  file: 'scenarios/x.yaml',
  name: 'Remote stop <during> SuspendedEV',
  target: 'in-process',
  speed: 60,
  status: 'failed',
  steps: [
    {
      index: 0,
      kind: 'boot',
      title: 'boot CP-1',
      line: 5,
      isAssertion: false,
      status: 'passed',
      message: 'Accepted',
      durationMs: 12,
      simulatedMs: 720,
      evidence: [],
    },
    {
      index: 1,
      kind: 'expectFrame',
      title: 'StopTransaction sent',
      line: 9,
      isAssertion: true,
      status: 'failed',
      message: 'expected StopTransaction & "Remote"',
      durationMs: 1000,
      simulatedMs: 60000,
      evidence: [{ seq: 3, at: '2026-01-01T00:00:00.000Z', charger: 'CP-1', from: 'charger', text: '[2,"1","MeterValues",{"x":"\u0001<"}]' }],
    },
    {
      index: 2,
      kind: 'send',
      title: 'send Reset',
      line: 12,
      isAssertion: false,
      status: 'skipped',
      message: 'not supported against an external CSMS',
      durationMs: 0,
      simulatedMs: 0,
      evidence: [],
    },
    {
      index: 3,
      kind: 'expectNoCallError',
      title: 'no CALLERROR',
      line: 14,
      isAssertion: true,
      status: 'passed',
      message: 'ok',
      durationMs: 0,
      simulatedMs: 0,
      evidence: [],
    },
  ],
  assertions: { passed: 1, failed: 1, skipped: 0 },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1012,
  simulatedMs: 60720,
  frames: 4,
};

describe('JUnit XML', () => {
  it('writes one suite per scenario and one case per step with failure, skipped and evidence', () => {
    const xml = junitXml([result]);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="chargebench scenarios" tests="4" failures="1" errors="0" skipped="1" time="1.012">/,
    );
    expect(xml).toContain('<testsuite name="Remote stop &lt;during&gt; SuspendedEV" file="scenarios/x.yaml" tests="4" failures="1" errors="0" skipped="1"');
    expect(xml).toContain(
      '<testcase name="02 StopTransaction sent" classname="Remote stop &lt;during&gt; SuspendedEV" time="1.000" file="scenarios/x.yaml" line="9">',
    );
    expect(xml).toContain('<failure message="expected StopTransaction &amp; &quot;Remote&quot;" type="AssertionFailed">');
    expect(xml).toContain('<skipped message="not supported against an external CSMS"/>');
    expect(xml).toContain(
      '<system-out>2026-01-01T00:00:00.000Z CP-1 &gt;&gt; [2,&quot;1&quot;,&quot;MeterValues&quot;,{&quot;x&quot;:&quot;\ufffd&lt;&quot;}]</system-out>',
    );
    expect(xml).toContain('<property name="target" value="in-process"/>');
    // well-formed: every opened element is closed
    const opens = (xml.match(/<testcase /g) ?? []).length;
    expect(opens).toBe(4);
    expect((xml.match(/<\/testcase>/g) ?? []).length).toBe(4);
  });

  it('reports a scenario that could not run as an error case', () => {
    const xml = junitXml([{ ...result, steps: [], status: 'error', error: 'bad.yaml:3:1: steps: missing', assertions: { passed: 0, failed: 0, skipped: 0 } }]);
    expect(xml).toContain('errors="1"');
    expect(xml).toContain('<error message="bad.yaml:3:1: steps: missing" type="ScenarioError">');
  });

  it('escapes XML special and control characters', () => {
    expect(xmlEscape(`a<b>&"'\u0000`)).toBe('a&lt;b&gt;&amp;&quot;&apos;\ufffd');
  });
});

describe('summary table and JSON report', () => {
  it('prints passed/failed/skipped, assertions and duration', () => {
    const table = summaryTable([result, { ...result, name: 'ok', status: 'passed', assertions: { passed: 2, failed: 0, skipped: 0 } }]);
    expect(table).toContain('Remote stop <during> SuspendedEV  FAILED  2 passed, 1 failed, 1 skipped');
    expect(table).toContain('Scenarios: 1 passed, 1 failed, 2 total | Assertions: 3 passed, 1 failed, 0 skipped | Duration: 2.02s');
  });
  it('summarises in JSON', () => {
    const json = JSON.parse(jsonReport([result])) as { summary: { scenarios: { failed: number }; assertions: { failed: number } } };
    expect(json.summary.scenarios.failed).toBe(1);
    expect(json.summary.assertions.failed).toBe(1);
  });
});
