/** The quirk table of core/simulator/README.md, generated from the catalog (`npm run gen:sim-docs`; a test keeps it current). */
import type { ProfileSummary } from '../profile.js';
import { QUIRKS } from './catalog.js';

export const QUIRK_TABLE_BEGIN = '<!-- quirk table: generated from core/simulator/quirks/ by `npm run gen:sim-docs` -->';
export const QUIRK_TABLE_END = '<!-- end of quirk table -->';

/** One row per quirk: name (with its value kind), the hook it applies at, what it does, the shipped profiles that set it. */
export function quirkTable(profiles: readonly ProfileSummary[]): string {
  const rows = QUIRKS.map((q) => {
    const users = profiles.filter((p) => p.quirks.some((label) => label === q.name || label.startsWith(`${q.name}=`))).map((p) => `\`${p.name}\``);
    return `| \`${q.name}\`${q.value === 'ms' ? ' (ms)' : ''} | ${q.hook} | ${q.description.replace(/\|/g, '\\|')} | ${users.join(', ') || '—'} |`;
  });
  return [QUIRK_TABLE_BEGIN, '| quirk | hook | what the firmware does | shipped profiles |', '|---|---|---|---|', ...rows, QUIRK_TABLE_END].join('\n');
}

/** The document with its quirk table replaced by a fresh one (throws when the markers are missing). */
export function withQuirkTable(doc: string, profiles: readonly ProfileSummary[]): string {
  const a = doc.indexOf(QUIRK_TABLE_BEGIN);
  const b = doc.indexOf(QUIRK_TABLE_END);
  if (a < 0 || b < a) throw new Error('the quirk table markers are missing');
  return doc.slice(0, a) + quirkTable(profiles) + doc.slice(b + QUIRK_TABLE_END.length);
}
