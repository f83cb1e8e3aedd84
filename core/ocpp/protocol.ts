/**
 * The OCPP versions ChargeBench speaks. A version's name is also its websocket subprotocol (the
 * Sec-WebSocket-Protocol token OCPP-J negotiates). Pure (no imports): the renderer uses it too.
 */
export const PROTOCOL_VERSIONS = ['ocpp1.6', 'ocpp2.0.1'] as const;

export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];

/** What a charger speaks when nothing says otherwise (no subprotocol offered, rows from before versions existed). */
export const DEFAULT_PROTOCOL: ProtocolVersion = 'ocpp1.6';

/** For people: "OCPP 1.6J", "OCPP 2.0.1". */
export const PROTOCOL_LABELS: Readonly<Record<ProtocolVersion, string>> = { 'ocpp1.6': 'OCPP 1.6J', 'ocpp2.0.1': 'OCPP 2.0.1' };

export function isProtocolVersion(value: unknown): value is ProtocolVersion {
  return typeof value === 'string' && (PROTOCOL_VERSIONS as readonly string[]).includes(value);
}

/** A stored or reported version, or the default for none (older rows, chargers without a subprotocol). */
export function protocolVersionOr(value: unknown, fallback: ProtocolVersion = DEFAULT_PROTOCOL): ProtocolVersion {
  return isProtocolVersion(value) ? value : fallback;
}
