/**
 * The protocol port of a simulated charger: what one OCPP version plugs into the version-independent machinery
 * (parts/connection.ts websocket + reconnect, parts/outbox.ts one CALL in flight + retries, parts/rpc.ts framing and
 * message ids, the Scheduler, the meter and EV model). OCPP 1.6 is `V16Port` (v16Port.ts: charger.ts + incoming/);
 * OCPP 2.0.1 is `V201Port` (v201/v201Port.ts: v201/station.ts + v201/incoming/), over the same machinery.
 */
import type { ErrorVocabulary, Payload, ProtocolVersion } from '../ocpp/index.js';

/** An answer to an incoming CALL: the frame to send and what the charger does once it is on the wire. */
export interface Answer {
  text: string;
  after?: () => void;
}

export interface ProtocolPort {
  readonly version: ProtocolVersion;
  /** The Sec-WebSocket-Protocol tokens to offer, before quirks (e.g. ['ocpp1.6']). */
  readonly subprotocols: readonly string[];
  /** Who is on the other end, for messages ('central system' in 1.6, 'the CSMS' in 2.0.1). */
  readonly peer: string;
  /** The version's RPC error codes (which code answers a frame that cannot be parsed). */
  readonly errors: ErrorVocabulary;
  /** A CALLRESULT payload for one of our CALLs that does not fit its schema: the problem, or null. */
  checkReply(action: string, payload: Payload): string | null;
  /** Answers the central system's CALL (validated against this version's schemas); null: the charger stays silent. */
  answer(messageId: string, action: string, payload: Payload): Answer | null;
}
