/**
 * Reads the charge point id from the websocket URL path. Accepted forms: /ocpp/{id}, /ws/{id} (Levity) and /{id}.
 * Ids are URL-decoded and validated: 1..48 characters (OCPP's identity length), letters, digits and - _ . ~ * + @ |
 * (no '/' or ':' — ':' would break HTTP Basic auth, whose user name is the id).
 */
export const MAX_CHARGE_POINT_ID_LENGTH = 48;
const ID_PATTERN = /^[A-Za-z0-9\-_.~*+@|]+$/;

export type ParsedPath = { ok: true; chargePointId: string } | { ok: false; status: 400 | 404; message: string };

const PREFIXES = ['/ocpp/', '/ws/', '/'];

export function parseChargePointPath(rawUrl: string | undefined): ParsedPath {
  const url = rawUrl ?? '/';
  const path = url.split('?')[0] ?? '/';
  const prefix = PREFIXES.find((p) => path.startsWith(p) && path.length > p.length);
  if (!prefix) {
    return { ok: false, status: 404, message: `No charge point id in path "${path}": connect to /ocpp/{chargePointId}` };
  }
  const encoded = path.slice(prefix.length);
  if (encoded.includes('/')) {
    return { ok: false, status: 404, message: `Unknown path "${path}": connect to /ocpp/{chargePointId} (one path segment)` };
  }
  let id: string;
  try {
    id = decodeURIComponent(encoded);
  } catch {
    return { ok: false, status: 400, message: `Charge point id "${encoded}" is not valid URL encoding` };
  }
  const problem = chargePointIdProblem(id);
  return problem ? { ok: false, status: 400, message: problem } : { ok: true, chargePointId: id };
}

/** Why an id is unacceptable, or null when it is fine. */
export function chargePointIdProblem(id: string): string | null {
  if (id.length === 0) return 'Charge point id is empty';
  if (id.length > MAX_CHARGE_POINT_ID_LENGTH) {
    return `Charge point id is ${id.length} characters long; at most ${MAX_CHARGE_POINT_ID_LENGTH} are allowed`;
  }
  if (!ID_PATTERN.test(id)) {
    return `Charge point id "${id}" contains characters other than letters, digits and - _ . ~ * + @ |`;
  }
  return null;
}
