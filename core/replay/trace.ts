/** A recorded OCPP-J session: frames in order with time, charger and direction, wherever they were imported from. */
import type { Frame } from '../ocpp/index.js';

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
