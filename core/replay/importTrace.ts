/** Reads a session log, picking the format from its content: NDJSON objects, or text lines with frames. */
import { readFile } from 'node:fs/promises';
import { parseNdjsonTrace } from './parseNdjson.js';
import { parseTextTrace, type Perspective } from './parseTextTrace.js';
import type { Trace } from './trace.js';

export interface ImportOptions {
  format?: 'ndjson' | 'text' | 'auto';
  perspective?: Perspective;
}

export function parseTrace(text: string, opts: ImportOptions = {}): Trace {
  const format = opts.format ?? 'auto';
  if (format === 'ndjson') return parseNdjsonTrace(text);
  if (format === 'text') return parseTextTrace(text, opts.perspective);
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return first?.trim().startsWith('{') ? parseNdjsonTrace(text) : parseTextTrace(text, opts.perspective);
}

export async function importTraceFile(file: string, opts: ImportOptions = {}): Promise<Trace> {
  const text = await readFile(file, 'utf8');
  return parseTrace(text, opts);
}
