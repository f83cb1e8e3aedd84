/**
 * Reads the charge point id from the websocket URL path. Accepted forms: /ocpp/{id}, /ws/{id} (Levity) and /{id}.
 * Ids are URL-decoded and validated by the one id rule (core/ocpp/chargePointId.ts). A bare /ocpp or /ws carries
 * no id (it is not a charger named "ocpp").
 */
import { chargePointIdProblem } from '../ocpp/chargePointId.js';

export { MAX_CHARGE_POINT_ID_LENGTH, chargePointIdProblem } from '../ocpp/chargePointId.js';

export type ParsedPath = { ok: true; chargePointId: string } | { ok: false; status: 400 | 404; message: string };

const PREFIXES = ['/ocpp/', '/ws/', '/'];
/** The prefixes themselves, with or without the slash: a charger that forgot to append its id. */
const NO_ID_PATHS = ['/ocpp', '/ocpp/', '/ws', '/ws/'];

export function parseChargePointPath(rawUrl: string | undefined): ParsedPath {
  const url = rawUrl ?? '/';
  const path = url.split('?')[0] ?? '/';
  const prefix = PREFIXES.find((p) => path.startsWith(p) && path.length > p.length);
  if (!prefix || NO_ID_PATHS.includes(path)) {
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
