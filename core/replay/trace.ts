/** A recorded OCPP-J session: frames in order with time, charger and direction, wherever they were imported from. */
import { FrameParseError, parseFrame, type Frame } from '../ocpp/index.js';
import { PROTOCOL_VERSIONS, type ProtocolVersion } from '../ocpp/protocol.js';
import { protocols } from '../ocpp/protocols.js';

export type TraceDirection = 'charger' | 'csms';

export interface TraceEntry {
  /** 1-based line in the source file. */
  line: number;
  /** Milliseconds since the epoch, or null when the line had no timestamp. */
  at: number | null;
  /** The charger's id when the source names it, else null (single-charger trace). */
  charger: string | null;
  /** Who sent the frame. */
  from: TraceDirection;
  text: string;
  frame: Frame;
  /** The OCPP version, when the source records it (ChargeBench's export does). */
  protocol?: ProtocolVersion;
}

export interface TraceProblem {
  line: number;
  /** The offending line (truncated to 200 characters). */
  text: string;
  message: string;
}

export interface Trace {
  format: 'ndjson' | 'text';
  entries: TraceEntry[];
  /** Lines that could not be read, each with its number: never dropped silently. */
  problems: TraceProblem[];
  /** Notes about assumptions made (perspective guessed, timestamps without timezone...). */
  notes: string[];
}

export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The chargers named in a trace (or one unnamed charger, as null). */
export function traceChargers(trace: Trace): Array<string | null> {
  return [...new Set(trace.entries.map((e) => e.charger))];
}

/** "ocpp2.0.1", "2.0.1", "OCPP 2.0.1", 2.0 … as a version, or null. */
export function protocolFromLabel(value: unknown): ProtocolVersion | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const v = String(value)
    .toLowerCase()
    .replace(/[\s_-]/g, '')
    .replace(/^ocpp/, '')
    .replace(/j$/, '');
  return v === '2.0.1' || v === '201' ? 'ocpp2.0.1' : v === '1.6' || v === '16' ? 'ocpp1.6' : null;
}

/** Parses a frame in the given version, or (version unknown) in any version whose error codes it uses. */
export function parseTraceFrame(text: string, protocol?: ProtocolVersion): Frame {
  if (protocol) return parseFrame(text, protocols[protocol].errors);
  let first: unknown;
  for (const v of PROTOCOL_VERSIONS) {
    try {
      return parseFrame(text, protocols[v].errors);
    } catch (err) {
      if (!(err instanceof FrameParseError) || err.fault !== 'unknownErrorCode') throw err;
      first ??= err;
    }
  }
  throw first;
}

/**
 * The OCPP version one charger's entries speak: the one recorded with them, else the one whose actions they use
 * (TransactionEvent, NotifyReport … are 2.0.1's; StartTransaction, MeterValues with connectorId … 1.6's), else 1.6.
 */
export function entriesProtocol(entries: readonly TraceEntry[]): ProtocolVersion {
  const recorded = entries.find((e) => e.protocol)?.protocol;
  if (recorded) return recorded;
  const only = (v: ProtocolVersion, a: string) => protocols[v].isAction(a) && !PROTOCOL_VERSIONS.some((o) => o !== v && protocols[o].isAction(a));
  for (const e of entries) {
    if (e.frame[0] !== 2) continue;
    const found = PROTOCOL_VERSIONS.find((v) => only(v, e.frame[2] as string));
    if (found) return found;
  }
  return 'ocpp1.6';
}
