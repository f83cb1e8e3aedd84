/**
 * Plain OCPP-J traces as charger firmware and CSMS logs print them: one frame per line, with a timestamp and a
 * direction marker before the frame, e.g.
 *   2024-05-01T10:00:00Z >> [2,"1","BootNotification",{...}]
 *   2024-05-01 10:00:01.123 RECV [3,"1",{...}]
 *   10:00:02 CP-1 -> [2,"2","Heartbeat",{}]
 * Markers: >> << -> <- => <= > < SEND/SENT/TX/OUT RECV/RECEIVED/RX/IN (case-insensitive). Whether ">>" means
 * "the charger sent" or "the CSMS sent" depends on who wrote the log: it is inferred from the actions only a
 * charger sends (BootNotification, StatusNotification...) or set with `perspective`.
 * Every line that carries no readable frame is reported with its line number.
 */
import type { Frame } from '../ocpp/index.js';
import { PROTOCOL_VERSIONS } from '../ocpp/protocol.js';
import { protocols } from '../ocpp/protocols.js';
import { clip, parseTraceFrame, type Trace, type TraceEntry, type TraceProblem } from './trace.js';

export type Perspective = 'charger' | 'csms' | 'auto';

const OUT_MARKERS = new Set(['>>', '->', '=>', '>', 'send', 'sent', 'sending', 'tx', 'out', 'outgoing', '-->']);
const IN_MARKERS = new Set(['<<', '<-', '<=', '<', 'recv', 'received', 'receiving', 'rx', 'in', 'incoming', '<--']);
const LOG_WORDS = new Set(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'ocpp', 'ws', 'websocket', 'message', 'msg', 'frame']);

const ISO = /(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?)(Z|[+-]\d{2}:?\d{2})?/;
const TIME_ONLY = /(?:^|[\s[])(\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?)(?=$|[\s\]])/;
const EPOCH = /(?:^|[\s[])(\d{13}|\d{10}(?:\.\d+)?)(?=$|[\s\]])/;
const FRAME_START = /\[\s*[234]\s*,\s*"/;

interface RawEntry extends Omit<TraceEntry, 'from'> {
  marker: 'out' | 'in';
}

export function parseTextTrace(text: string, perspective: Perspective = 'auto'): Trace {
  const problems: TraceProblem[] = [];
  const notes: string[] = [];
  const raws: RawEntry[] = [];
  let noZone = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) return;
    const bad = (message: string) => problems.push({ line, text: clip(raw), message });
    const start = raw.search(FRAME_START);
    if (start < 0) {
      bad('no OCPP-J frame on this line (expected [2,"id","Action",{...}], [3,"id",{...}] or [4,"id","Code","text",{...}])');
      return;
    }
    const frameText = raw.slice(start).trim();
    let frame: Frame;
    try {
      frame = parseTraceFrame(frameText);
    } catch (err) {
      bad(`not an OCPP-J frame: ${(err as Error).message}`);
      return;
    }
    let prefix = raw.slice(0, start);
    let at: number | null = null;
    const iso = ISO.exec(prefix);
    if (iso) {
      const zone = iso[3] ?? '';
      if (!zone) noZone = true;
      at = Date.parse(`${iso[1]}T${(iso[2] as string).replace(',', '.')}${zone || 'Z'}`);
      prefix = prefix.replace(iso[0], ' ');
    } else {
      const t = TIME_ONLY.exec(prefix);
      const e = t ? null : EPOCH.exec(prefix);
      if (t) {
        at = Date.parse(`1970-01-01T${(t[1] as string).replace(',', '.')}Z`);
        prefix = prefix.replace(t[1] as string, ' ');
      } else if (e) {
        const n = Number(e[1]);
        at = n > 1e12 ? n : Math.round(n * 1000);
        prefix = prefix.replace(e[1] as string, ' ');
      }
    }
    const tokens = prefix
      .replace(/[[\]|]/g, ' ')
      .split(/\s+/)
      .map((t) => t.replace(/:$/, ''))
      .filter((t) => t.length > 0);
    let marker: 'out' | 'in' | null = null;
    const rest: string[] = [];
    for (const tok of tokens) {
      const low = tok.toLowerCase();
      if (marker === null && OUT_MARKERS.has(low)) marker = 'out';
      else if (marker === null && IN_MARKERS.has(low)) marker = 'in';
      else if (!LOG_WORDS.has(low)) rest.push(tok);
    }
    if (!marker) {
      bad('no direction marker before the frame (expected >> or <<, -> or <-, SEND or RECV)');
      return;
    }
    const charger = rest.length === 1 && /^[A-Za-z0-9._:@#*+-]{1,64}$/.test(rest[0] as string) ? (rest[0] as string) : null;
    raws.push({ line, at, charger, text: frameText, frame, marker });
  });

  let loggerIs: 'charger' | 'csms';
  if (perspective === 'auto') {
    // Votes: a charger-only action in a CALL tells which marker means "sent by the charger".
    let chargerVotes = 0;
    let csmsVotes = 0;
    for (const r of raws) {
      if (r.frame[0] !== 2) continue;
      const action = r.frame[2];
      // Either version's action tables: a 2.0.1 trace's TransactionEvent is a charger CALL too.
      const fromCharger = PROTOCOL_VERSIONS.some((v) => protocols[v].isChargerAction(action));
      const fromCsms = PROTOCOL_VERSIONS.some((v) => protocols[v].isCentralSystemAction(action));
      const byCharger = fromCharger && !fromCsms;
      const byCsms = fromCsms && !fromCharger;
      if ((byCharger && r.marker === 'out') || (byCsms && r.marker === 'in')) chargerVotes++;
      else if (byCharger || byCsms) csmsVotes++;
    }
    loggerIs = csmsVotes > chargerVotes ? 'csms' : 'charger';
    notes.push(
      chargerVotes + csmsVotes === 0
        ? 'could not tell whose log this is (no charger-only or CSMS-only CALL): assumed the charger wrote it (">>"/SEND = sent by the charger); pass --perspective csms if not'
        : `log written by the ${loggerIs} (inferred from the actions: ${Math.max(chargerVotes, csmsVotes)} of ${chargerVotes + csmsVotes} CALLs agree)`,
    );
  } else {
    loggerIs = perspective;
  }
  if (noZone) notes.push('timestamps without a timezone were read as UTC');
  const entries: TraceEntry[] = raws.map(({ marker, ...r }) => ({
    ...r,
    from: marker === 'out' ? loggerIs : loggerIs === 'charger' ? 'csms' : 'charger',
  }));
  return { format: 'text', entries, problems, notes };
}
