/**
 * The one rule for charge point ids, used wherever an id enters or is looked up: the edge (the websocket URL), the
 * bench API (paths and filters), the simulator's id prefixes, the store (a charge point row) and the UI router.
 * An id is 1..48 characters (OCPP's identity length) of letters, digits and - _ . ~ * + @ |, and not "." or ".."
 * (URL path segments a browser or HTTP client resolves away, so such a charger could never be opened). No '/',
 * no ':' (HTTP Basic auth's user name is the id), no '%', '#', '?' or spaces.
 * Pure (no imports): the renderer uses it too.
 */
export const MAX_CHARGE_POINT_ID_LENGTH = 48;

export const CHARGE_POINT_ID_CHARACTERS = 'letters, digits and - _ . ~ * + @ |';

/** The characters an id may contain (an id prefix uses the same set). */
export const CHARGE_POINT_ID_CHARSET = /^[A-Za-z0-9\-_.~*+@|]*$/;

/** A whole valid id, as one regular expression (for parameter validation). */
export const CHARGE_POINT_ID_PATTERN = /^(?!\.\.?$)[A-Za-z0-9\-_.~*+@|]{1,48}$/;

/** Why an id is unacceptable, or null when it is fine. */
export function chargePointIdProblem(id: string): string | null {
  if (id.length === 0) return 'Charge point id is empty';
  if (id.length > MAX_CHARGE_POINT_ID_LENGTH) {
    return `Charge point id is ${id.length} characters long; at most ${MAX_CHARGE_POINT_ID_LENGTH} are allowed`;
  }
  if (!CHARGE_POINT_ID_CHARSET.test(id)) {
    return `Charge point id "${id}" contains characters other than ${CHARGE_POINT_ID_CHARACTERS}`;
  }
  if (id === '.' || id === '..') return `Charge point id "${id}" is not usable: "." and ".." are not ids in a URL path`;
  return null;
}

export function isChargePointId(id: unknown): id is string {
  return typeof id === 'string' && chargePointIdProblem(id) === null;
}
