/**
 * ChargeBench's own frame export: one JSON object per line. Accepted field names (the export's, and the
 * usual alternatives): time `at`|`timestamp`|`time`|`ts`; charger `chargePointId`|`chargerId`|`charger`|`cp`;
 * direction `from` ("charger"|"csms") or `direction` ("in"/"out" as seen by the central system, "cp→cs",
 * "cs→cp", "rx"/"tx") or `actor` ("cp"|"cs"); frame `text` (raw string) | `frame` | `message` (array or string);
 * OCPP version `protocol`|`subprotocol`|`ocpp` ("ocpp1.6", "ocpp2.0.1", "2.0.1"…), optional.
 */
import type { Frame } from '../ocpp/index.js';
import { clip, parseTraceFrame, protocolFromLabel, type Trace, type TraceDirection, type TraceEntry, type TraceProblem } from './trace.js';

const TIME_KEYS = ['at', 'timestamp', 'time', 'ts', 'receivedAt'];
const CHARGER_KEYS = ['chargePointId', 'chargerId', 'charger', 'cp', 'chargeBoxId', 'identity'];
const FRAME_KEYS = ['text', 'raw', 'frame', 'message', 'data'];
const PROTOCOL_KEYS = ['protocol', 'subprotocol', 'ocpp'];

function directionOf(obj: Record<string, unknown>): TraceDirection | null {
  const from = obj.from ?? obj.source ?? obj.sender;
  if (from === 'charger' || from === 'cp' || from === 'chargePoint') return 'charger';
  if (from === 'csms' || from === 'cs' || from === 'centralSystem' || from === 'backend') return 'csms';
  const actor = obj.actor;
  if (actor === 'cp' || actor === 'charger') return 'charger';
  if (actor === 'cs' || actor === 'csms') return 'csms';
  const dir = typeof obj.direction === 'string' ? obj.direction.toLowerCase() : null;
  if (dir) {
    // "in"/"out" are from the central system's point of view (ChargeBench's log is the central system's).
    if (['in', 'rx', 'recv', 'received', 'cp→cs', 'cp->cs', 'cp2cs', 'upstream', 'from_cp', 'fromcharger'].includes(dir)) return 'charger';
    if (['out', 'tx', 'send', 'sent', 'cs→cp', 'cs->cp', 'cs2cp', 'downstream', 'to_cp', 'tocharger'].includes(dir)) return 'csms';
  }
  return null;
}

function timeOf(obj: Record<string, unknown>): number | null | 'bad' {
  for (const k of TIME_KEYS) {
    const v = obj[k];
    if (v === undefined || v === null) continue;
    if (typeof v === 'number') return v > 1e12 ? v : v * 1000;
    if (typeof v === 'string') {
      const t = Date.parse(v);
      return Number.isNaN(t) ? 'bad' : t;
    }
    return 'bad';
  }
  return null;
}

export function parseNdjsonTrace(text: string): Trace {
  const entries: TraceEntry[] = [];
  const problems: TraceProblem[] = [];
  const notes: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const bad = (message: string) => problems.push({ line, text: clip(raw), message });
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (err) {
      bad(`not JSON: ${(err as Error).message}`);
      return;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      bad('expected a JSON object per line (ChargeBench export); for a bare frame per line use the text format');
      return;
    }
    const rec = obj as Record<string, unknown>;
    const from = directionOf(rec);
    if (!from) {
      bad('no direction: expected "from": "charger"|"csms", "direction": "in"|"out" or "actor": "cp"|"cs"');
      return;
    }
    const frameKey = FRAME_KEYS.find((k) => rec[k] !== undefined);
    if (!frameKey) {
      bad(`no frame: expected one of ${FRAME_KEYS.map((k) => `"${k}"`).join(', ')}`);
      return;
    }
    const v = rec[frameKey];
    const frameText = typeof v === 'string' ? v : JSON.stringify(v);
    const protocolKey = PROTOCOL_KEYS.find((k) => rec[k] !== undefined && rec[k] !== null);
    const protocol = protocolKey ? protocolFromLabel(rec[protocolKey]) : undefined;
    if (protocol === null) {
      bad(`unknown OCPP version ${JSON.stringify(rec[protocolKey as string])}: expected "ocpp1.6" or "ocpp2.0.1"`);
      return;
    }
    let frame: Frame;
    try {
      frame = parseTraceFrame(frameText, protocol);
    } catch (err) {
      bad(`not an OCPP-J frame: ${(err as Error).message}`);
      return;
    }
    const at = timeOf(rec);
    if (at === 'bad') {
      bad('timestamp is not a date (ISO 8601 or epoch milliseconds expected)');
      return;
    }
    const chargerKey = CHARGER_KEYS.find((k) => typeof rec[k] === 'string');
    entries.push({ line, at, charger: chargerKey ? (rec[chargerKey] as string) : null, from, text: frameText, frame, ...(protocol ? { protocol } : {}) });
  });
  if (entries.some((e) => e.at === null)) notes.push('some lines have no timestamp; they are replayed right after the previous frame');
  return { format: 'ndjson', entries, problems, notes };
}
