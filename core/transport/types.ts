import type { ProtocolVersion } from '../ocpp/protocol.js';

/**
 * The seam between the websocket edge and the backend. Two implementations: in-process and RabbitMQ.
 * The transport moves envelopes; it never interprets OCPP payloads.
 *
 * edge ──EdgeEvent──▶ backend      (connect, every received frame as raw text, call outcomes, disconnect)
 * edge ◀──EdgeCommand── backend    (a reply to a charger's CALL, a server CALL to queue, a disconnect order)
 */

/** Identifies one websocket connection, so a late close of a replaced socket is told apart from the live one. */
export interface ConnectionRef {
  chargePointId: string;
  edgeId: string;
  connectionId: string;
}

interface EventBase extends ConnectionRef {
  /** Unique per envelope (edgeId:sequence); the backend uses it to detect redelivery (at-least-once). */
  eventId: string;
  /** ISO 8601 time the edge saw the event. */
  at: string;
}

export interface ConnectEvent extends EventBase {
  kind: 'connect';
  remoteAddress: string;
  /** The negotiated subprotocol, or null when the charger offered none (Grizzl-E). */
  subprotocol: string | null;
  /** The OCPP version the connection speaks (negotiated, pinned or the default); absent from older edges: ocpp1.6. */
  protocol?: ProtocolVersion;
}

/** A text frame received from the charger, passed on verbatim so even malformed frames are stored. */
export interface FrameEvent extends EventBase {
  kind: 'frame';
  text: string;
  /** The connection's OCPP version (the edge stamps it on every frame); absent from older edges: see the backend. */
  protocol?: ProtocolVersion;
}

/** The edge gave up waiting for the reply to a server CALL (timeout) or could not send it (closed, overflow). */
export interface CallFailedEvent extends EventBase {
  kind: 'callFailed';
  messageId: string;
  reason: 'timeout' | 'disconnected' | 'overflow' | 'replaced';
  description: string;
}

/** The edge actually wrote a queued server CALL to the socket (after queueing and any pre-CALL delay). */
export interface CallSentEvent extends EventBase {
  kind: 'callSent';
  messageId: string;
}

export interface DisconnectEvent extends EventBase {
  kind: 'disconnect';
  code: number;
  reason: string;
}

export type EdgeEvent = ConnectEvent | FrameEvent | CallFailedEvent | CallSentEvent | DisconnectEvent;

/** Send a frame to the charger now (a CALLRESULT/CALLERROR answering its CALL). */
export interface SendCommand {
  kind: 'send';
  chargePointId: string;
  /** When set, only deliver on this connection (a reply must not go to a newer connection). */
  connectionId?: string;
  text: string;
}

/** Queue a server-initiated CALL: one outstanding per charger, FIFO, with timeout and optional pre-CALL delay. */
export interface CallCommand {
  kind: 'call';
  chargePointId: string;
  messageId: string;
  text: string;
  timeoutMs: number;
  /** Wait this long before writing the CALL (Grizzl-E needs a delay before RemoteStart). */
  delayMs: number;
}

/** Close the charger's connection (e.g. refused at boot, or a user action). */
export interface DisconnectCommand {
  kind: 'disconnect';
  chargePointId: string;
  code: number;
  reason: string;
}

export type EdgeCommand = SendCommand | CallCommand | DisconnectCommand;

export interface TransportStatus {
  kind: 'in-process' | 'amqp';
  connected: boolean;
  /** Broker URL with the password masked (amqp only). */
  url?: string;
  /** Messages waiting in the request queue, when known. */
  queueDepth?: number;
  /** Frames held at the edge while the broker is away. */
  heldFrames?: number;
  detail?: string;
}

/** Raised to the backend when a command cannot reach the charger's edge (no route, edge gone). */
export class NoRouteError extends Error {
  constructor(
    readonly chargePointId: string,
    detail: string,
  ) {
    super(`Charger ${chargePointId} is not connected to any edge: ${detail}`);
    this.name = 'NoRouteError';
  }
}

/** The backend's side of a transport. */
export interface BackendTransport {
  /**
   * Starts consuming edge events. The handler's promise resolving means the event is handled and stored;
   * only then is it acknowledged. A rejected handler leaves the event for redelivery.
   */
  start(handler: (event: EdgeEvent) => Promise<void>): Promise<void>;
  /** Routes a command to the edge that holds the charger; rejects with NoRouteError when none does. */
  send(command: EdgeCommand): Promise<void>;
  /**
   * Whether an event may reach the handler twice (a broker redelivers what was not acked). Then the backend
   * looks each frame up by its eventId before handling it. Absent counts as true.
   */
  readonly redelivers?: boolean;
  status(): TransportStatus;
  stop(): Promise<void>;
}

/** The edge's side of a transport. */
export interface EdgeTransport {
  readonly edgeId: string;
  /** Starts receiving commands for chargers on this edge. */
  start(handler: (command: EdgeCommand) => void): Promise<void>;
  /** Resolves once the backend side has the event safely (broker confirm, or in-process handled). */
  publish(event: EdgeEvent): Promise<void>;
  /** Called when commands for this edge may have been lost (e.g. its broker queue vanished); optional. */
  onCommandsLost?(listener: () => void): void;
  status(): TransportStatus;
  stop(): Promise<void>;
}
