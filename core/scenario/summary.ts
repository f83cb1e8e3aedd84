/** The table printed at the end of `chargebench scenario run`, and the JSON report for machines. */
import { formatMs } from './duration.js';
import type { ScenarioResult } from './result.js';

export function summaryTable(results: readonly ScenarioResult[]): string {
  const rows: string[][] = [['scenario', 'result', 'steps', 'assertions', 'duration', 'simulated']];
  const tot = { passed: 0, failed: 0, skipped: 0, aPass: 0, aFail: 0, aSkip: 0, ms: 0 };
  for (const r of results) {
    const passed = r.steps.filter((s) => s.status === 'passed').length;
    const failed = r.steps.filter((s) => s.status === 'failed' || s.status === 'error').length;
    const skipped = r.steps.filter((s) => s.status === 'skipped').length;
    rows.push([
      r.name.length > 48 ? `${r.name.slice(0, 47)}…` : r.name,
      r.status.toUpperCase(),
      `${passed} passed, ${failed} failed, ${skipped} skipped`,
      `${r.assertions.passed}/${r.assertions.passed + r.assertions.failed + r.assertions.skipped}${r.assertions.skipped ? ` (${r.assertions.skipped} skipped)` : ''}`,
      formatMs(r.durationMs),
      formatMs(r.simulatedMs),
    ]);
    tot.passed += r.status === 'passed' ? 1 : 0;
    tot.failed += r.status === 'passed' ? 0 : 1;
    tot.aPass += r.assertions.passed;
    tot.aFail += r.assertions.failed;
    tot.aSkip += r.assertions.skipped;
    tot.ms += r.durationMs;
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(rows[0]!), sep, ...rows.slice(1).map(line), sep];
  out.push(
    `Scenarios: ${tot.passed} passed, ${tot.failed} failed, ${results.length} total | Assertions: ${tot.aPass} passed, ${tot.aFail} failed, ${tot.aSkip} skipped | Duration: ${formatMs(tot.ms)}`,
  );
  return out.join('\n');
}

export function jsonReport(results: readonly ScenarioResult[]): string {
  const summary = {
    scenarios: {
      passed: results.filter((r) => r.status === 'passed').length,
      failed: results.filter((r) => r.status !== 'passed').length,
      total: results.length,
    },
    assertions: results.reduce(
      (a, r) => ({ passed: a.passed + r.assertions.passed, failed: a.failed + r.assertions.failed, skipped: a.skipped + r.assertions.skipped }),
      { passed: 0, failed: 0, skipped: 0 },
    ),
    durationMs: results.reduce((a, r) => a + r.durationMs, 0),
  };
  return `${JSON.stringify({ summary, results }, null, 2)}\n`;
}
