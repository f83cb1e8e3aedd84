/** Small HTTP helpers for the bench API: JSON body reading with a size cap, and JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringifyBounded } from '../util/boundedJson.js';
import { BadRequestError, HttpError } from './errors.js';

const MAX_BODY_BYTES = 1024 * 1024;

/** The request's JSON body; `undefined` when it has none. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) throw new HttpError(415, 'Send the request body as JSON (Content-Type: application/json)');
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new BadRequestError(`Request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Sends a JSON body; a value nested too deep to serialize whole (a charger's payload) is sent depth-bounded. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = stringifyBounded(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}
