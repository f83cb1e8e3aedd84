/**
 * "File → Export Message Log…": streams the bench API's NDJSON export into a file the user chose, without
 * holding the log in memory, and counts the frames written.
 */
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** Splits `http://127.0.0.1:PORT/#token=…` into the API base and the token. */
export function parseUiUrl(uiUrl: string): { baseUrl: string; token: string } {
  const u = new URL(uiUrl);
  const token = new URLSearchParams(u.hash.replace(/^#\/?\??/, '')).get('token');
  if (!token) throw new Error(`the UI URL carries no token: ${uiUrl}`);
  return { baseUrl: u.origin, token };
}

export async function exportMessageLog(uiUrl: string, filePath: string, fetchImpl: typeof fetch = fetch): Promise<{ frames: number; bytes: number }> {
  const { baseUrl, token } = parseUiUrl(uiUrl);
  const res = await fetchImpl(`${baseUrl}/api/export/messages.ndjson`, { headers: { 'x-chargebench-token': token } });
  if (!res.ok || !res.body) {
    const text = await res.text().catch(() => '');
    throw new Error(`the bench API refused the export (HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''})`);
  }
  let frames = 0;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) frames++;
      cb(null, chunk);
    },
  });
  const tmp = `${filePath}.part`;
  await pipeline(Readable.fromWeb(res.body as WebReadableStream), counter, createWriteStream(tmp));
  await rename(tmp, filePath);
  return { frames, bytes };
}
