/**
 * JUnit XML for CI systems (Jenkins, GitLab, GitHub test reporters): one <testsuite> per scenario file, one
 * <testcase> per step (assertions and actions), <failure>/<error>/<skipped> with the message and the frames
 * that proved it in <system-out>.
 */
import type { ScenarioResult, StepResult } from './result.js';

export function xmlEscape(text: string): string {
  // Characters XML 1.0 forbids are replaced, so a binary frame cannot break the report.
  // eslint-disable-next-line no-control-regex
  const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
  return text.replace(forbidden, '\ufffd').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcase(suite: ScenarioResult, step: StepResult): string {
  const name = `${String(step.index + 1).padStart(2, '0')} ${step.title}`;
  const attrs = `name="${xmlEscape(name)}" classname="${xmlEscape(suite.name)}" time="${seconds(step.durationMs)}"${step.line ? ` file="${xmlEscape(suite.file)}" line="${step.line}"` : ''}`;
  const frames = step.evidence.map((f) => `${f.at} ${f.charger} ${f.from === 'charger' ? '>>' : '<<'} ${f.text}`).join('\n');
  const out = frames ? `\n      <system-out>${xmlEscape(frames)}</system-out>` : '';
  switch (step.status) {
    case 'passed':
      return `    <testcase ${attrs}>${out ? `${out}\n    ` : ''}</testcase>`;
    case 'skipped':
      return `    <testcase ${attrs}>\n      <skipped message="${xmlEscape(step.message)}"/>\n    </testcase>`;
    case 'failed':
      return `    <testcase ${attrs}>\n      <failure message="${xmlEscape(step.message)}" type="${step.isAssertion ? 'AssertionFailed' : 'StepFailed'}">${xmlEscape(step.message)}</failure>${out}\n    </testcase>`;
    case 'error':
      return `    <testcase ${attrs}>\n      <error message="${xmlEscape(step.message)}" type="StepError">${xmlEscape(step.message)}</error>${out}\n    </testcase>`;
  }
}

export function junitXml(results: readonly ScenarioResult[]): string {
  const count = (r: ScenarioResult, s: StepResult['status']) => r.steps.filter((x) => x.status === s).length;
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 };
  const suites = results.map((r) => {
    const tests = Math.max(1, r.steps.length);
    const failures = count(r, 'failed');
    const errors = count(r, 'error') + (r.error ? 1 : 0);
    const skipped = count(r, 'skipped');
    totals.tests += tests;
    totals.failures += failures;
    totals.errors += errors;
    totals.skipped += skipped;
    totals.ms += r.durationMs;
    const cases = r.steps.map((s) => testcase(r, s));
    if (r.error) {
      cases.push(
        `    <testcase name="scenario" classname="${xmlEscape(r.name)}" time="0">\n      <error message="${xmlEscape(r.error)}" type="ScenarioError">${xmlEscape(r.error)}</error>\n    </testcase>`,
      );
    }
    const props = `    <properties>\n      <property name="target" value="${xmlEscape(r.target)}"/>\n      <property name="speed" value="${r.speed}"/>\n      <property name="simulatedSeconds" value="${seconds(r.simulatedMs)}"/>\n      <property name="frames" value="${r.frames}"/>\n    </properties>`;
    return `  <testsuite name="${xmlEscape(r.name)}" file="${xmlEscape(r.file)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(r.durationMs)}" timestamp="${xmlEscape(r.startedAt)}">\n${props}\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="chargebench scenarios" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds(totals.ms)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
