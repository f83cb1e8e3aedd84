/**
 * OCPP version negotiation by websocket subprotocol (OCPP-J: the versions go in Sec-WebSocket-Protocol, the
 * server picks one). One version per connection:
 * - the charger offers versions: the first of the edge's preference order it offered wins (a charger pinned to a
 *   version it offers gets that one);
 * - it offers none (Grizzl-E): its pinned version, else the edge's default (ocpp1.6); strict mode refuses it
 *   unless it is pinned (HTTP 400);
 * - it offers only versions the edge does not speak: refused the way RFC 6455 §4.2.2 and OCPP-J describe —
 *   the handshake completes without a Sec-WebSocket-Protocol header (no subprotocol selected) and the edge closes
 *   the connection at once (1002).
 */
import { PROTOCOL_VERSIONS, isProtocolVersion, type ProtocolVersion } from '../ocpp/protocol.js';

export const OCPP16_SUBPROTOCOL = 'ocpp1.6';
export const OCPP201_SUBPROTOCOL = 'ocpp2.0.1';

export interface NegotiationPolicy {
  /** The versions this edge speaks, most preferred first (used when a charger offers several). */
  preference: readonly ProtocolVersion[];
  /** Refuse handshakes offering no subprotocol, except from chargers pinned to a version. */
  requireSubprotocol: boolean;
  /** The version of a charger that offers none and is not pinned. */
  noSubprotocolVersion: ProtocolVersion;
}

export type Negotiation =
  | {
      ok: true;
      /** The subprotocol the handshake answers with; null when the charger offered none. */
      subprotocol: string | null;
      /** The OCPP version the connection speaks. */
      protocol: ProtocolVersion;
      /** offered: chosen from the charger's offer; pinned: its directory entry; default: it offered none. */
      by: 'offered' | 'pinned' | 'default';
    }
  /** none: nothing offered in strict mode (refused with HTTP 400); unsupported: handshake without subprotocol, then close. */
  | { ok: false; refusal: 'none' | 'unsupported'; message: string };

/** Splits a Sec-WebSocket-Protocol header (comma separated, possibly repeated) into its tokens. */
export function offeredSubprotocols(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

export function negotiate(header: string | undefined, policy: NegotiationPolicy, pinned?: ProtocolVersion): Negotiation {
  const offered = offeredSubprotocols(header);
  const speaks = policy.preference.map((p) => `"${p}"`).join(', ');
  if (offered.length === 0) {
    if (pinned) return { ok: true, subprotocol: null, protocol: pinned, by: 'pinned' };
    if (policy.requireSubprotocol) {
      return { ok: false, refusal: 'none', message: `No Sec-WebSocket-Protocol offered; this edge requires one of ${speaks} (strict mode)` };
    }
    return { ok: true, subprotocol: null, protocol: policy.noSubprotocolVersion, by: 'default' };
  }
  if (pinned && offered.includes(pinned)) return { ok: true, subprotocol: pinned, protocol: pinned, by: 'pinned' };
  const chosen = policy.preference.find((p) => offered.includes(p));
  if (chosen) return { ok: true, subprotocol: chosen, protocol: chosen, by: 'offered' };
  return {
    ok: false,
    refusal: 'unsupported',
    message: `Unsupported subprotocol(s) ${offered.map((p) => `"${p}"`).join(', ')}; this edge speaks ${speaks}`,
  };
}

/** Checks a configured preference order: known versions, each once, at least one. */
export function checkPreference(list: readonly string[]): ProtocolVersion[] {
  if (list.length === 0) throw new Error(`The OCPP version list is empty; name at least one of ${PROTOCOL_VERSIONS.join(', ')}`);
  const out: ProtocolVersion[] = [];
  for (const v of list) {
    if (!isProtocolVersion(v)) throw new Error(`Unknown OCPP version "${v}"; this build speaks ${PROTOCOL_VERSIONS.join(', ')}`);
    if (out.includes(v)) throw new Error(`OCPP version "${v}" is listed twice`);
    out.push(v);
  }
  return out;
}
