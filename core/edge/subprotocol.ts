/**
 * Websocket subprotocol negotiation. `ocpp1.6` is selected when offered; a handshake offering only other
 * protocols is refused; a handshake offering none (Grizzl-E) is accepted unless strict mode requires one.
 */
export const OCPP16_SUBPROTOCOL = 'ocpp1.6';

export type SubprotocolDecision = { ok: true; subprotocol: string | null } | { ok: false; message: string };

/** `header` is the raw Sec-WebSocket-Protocol request header (comma separated), if any. */
export function chooseSubprotocol(header: string | undefined, requireSubprotocol: boolean): SubprotocolDecision {
  const offered = (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (offered.length === 0) {
    return requireSubprotocol
      ? { ok: false, message: `No Sec-WebSocket-Protocol offered; this edge requires "${OCPP16_SUBPROTOCOL}" (strict mode)` }
      : { ok: true, subprotocol: null };
  }
  if (offered.includes(OCPP16_SUBPROTOCOL)) return { ok: true, subprotocol: OCPP16_SUBPROTOCOL };
  return {
    ok: false,
    message: `Unsupported subprotocol(s) ${offered.map((p) => `"${p}"`).join(', ')}; this edge speaks "${OCPP16_SUBPROTOCOL}"`,
  };
}
