/** Prints a replay report side by side: recorded frame | live frame | verdict, divergences first-class. */
import type { ReplayReport, ReplayRow } from './replay.js';

const MARK: Record<ReplayRow['verdict'], string> = { same: ' ', volatile: '~', different: '≠', missing: '∅', unexpected: '+' };

function cell(text: string | null, width: number): string {
  const t = text === null ? '—' : text.replace(/\s+/g, ' ');
  return t.length > width ? `${t.slice(0, width - 1)}…` : t.padEnd(width);
}

export interface ReportFormat {
  /** Show every row, not only divergences (default false). */
  all?: boolean;
  /** Total line width (default 160). */
  width?: number;
}

export function formatReplayReport(report: ReplayReport, fmt: ReportFormat = {}): string {
  const width = Math.max(100, fmt.width ?? 160);
  const col = Math.floor((width - 40) / 2);
  const rows = fmt.all ? report.rows : report.rows.filter((r) => r.verdict === 'different' || r.verdict === 'missing' || r.verdict === 'unexpected');
  const out: string[] = [];
  out.push(
    `Replay against ${report.url} — ${report.chargers.length} charger(s), ${report.rows.length} frames compared in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  out.push('');
  out.push(`  ${'line'.padStart(5)} ${'charger'.padEnd(12)} ${cell('recorded', col)} │ ${cell('live', col)}`);
  out.push(`  ${'-'.repeat(5)} ${'-'.repeat(12)} ${'-'.repeat(col)}─┼─${'-'.repeat(col)}`);
  for (const r of rows) {
    out.push(`${MARK[r.verdict]} ${String(r.line || '').padStart(5)} ${cell(r.charger, 12)} ${cell(r.recorded, col)} │ ${cell(r.live, col)}`);
    if (r.note && r.verdict !== 'same') out.push(`  ${''.padStart(5)} ${''.padEnd(12)} ${r.verdict}: ${r.note}`);
  }
  if (rows.length === 0) out.push('  (no divergence)');
  out.push('');
  const c = report.counts;
  out.push(
    `same ${c.same}, volatile-only differences ${c.volatile} (~), different ${c.different} (≠), missing ${c.missing} (∅), unexpected ${c.unexpected} (+)`,
  );
  for (const t of report.transactionIds) out.push(`transaction id ${t.recorded} in the recording → ${t.live} live (${t.charger})`);
  for (const e of report.errors) out.push(`error: ${e}`);
  out.push(report.diverged ? 'RESULT: the live exchange DIVERGES from the recording' : 'RESULT: the live exchange matches the recording');
  return out.join('\n');
}
