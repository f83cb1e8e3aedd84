/** Edge settings with their defaults. */
import type { Clock } from '../util/clock.js';
import type { ProtocolVersion } from '../ocpp/protocol.js';
import type { EdgeTransport } from '../transport/types.js';
import type { ChargerDirectory } from './chargerDirectory.js';

export interface EdgeTlsOptions {
  /** PEM certificate (chain) file for wss:// (security profile 2). */
  certFile: string;
  /** PEM private key file. */
  keyFile: string;
  /** Optional PEM CA bundle (served as the chain). */
  caFile?: string;
  /**
   * Security profile 3 (mutual TLS): PEM CA certificate(s) that sign the chargers' client certificates. Every
   * charger must then present a certificate from these CAs whose subject CN or a subjectAltName is its charge
   * point id; others are refused (HTTP 401/403, with the reason logged).
   */
  clientCaFile?: string;
}

export interface EdgeOptions {
  transport: EdgeTransport;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  clock?: Clock;
  directory?: ChargerDirectory;
  /** Accept charge point ids the directory does not know (default true, as the seed did). */
  acceptUnknownChargers?: boolean;
  /** Security profile 1 for every charger: HTTP Basic auth required (chargers with a password hash always need it). */
  requireBasicAuth?: boolean;
  /** Strict mode: refuse handshakes that offer no Sec-WebSocket-Protocol (default false: Grizzl-E sends none); pinned chargers are exempt. */
  requireSubprotocol?: boolean;
  /**
   * The OCPP versions chargers may connect with, most preferred first (default ocpp1.6, then ocpp2.0.1): a charger
   * offering several gets the first of these it offered.
   */
  protocols?: readonly ProtocolVersion[];
  /** The version of a charger that offers no subprotocol and has no pinned version (default ocpp1.6, as Grizzl-E; the first of `protocols` when those leave 1.6 out). */
  noSubprotocolVersion?: ProtocolVersion;
  /** Websocket ping interval in seconds (0 = off); a charger's directory entry overrides it. */
  pingIntervalSec?: number;
  /** Largest accepted websocket message in bytes; bigger ones close the connection with 1009. */
  maxFrameBytes?: number;
  /** Frames from one charger handed to the transport and not yet confirmed; beyond it the charger is refused and disconnected. */
  maxPendingFrames?: number;
  /** Server CALLs allowed to wait per charger behind the outstanding one. */
  maxQueuedCalls?: number;
  tls?: EdgeTlsOptions;
  /** Told of every refused handshake (unknown id, bad password, bad path…), e.g. to show it in the bench UI. */
  onRefused?: (refusal: EdgeRefusal) => void;
}

export interface EdgeRefusal {
  /** The id the path named, or null when it named no valid id. */
  chargePointId: string | null;
  path: string;
  remoteAddress: string;
  /** The HTTP status the handshake was refused with. */
  status: number;
  reason: string;
  at: string;
  /** An unknown id refused because unknown chargers are refused: registering it lets it in. */
  unknownId: boolean;
}

export const EDGE_DEFAULTS = {
  host: '127.0.0.1',
  port: 9000,
  acceptUnknownChargers: true,
  requireBasicAuth: false,
  requireSubprotocol: false,
  protocols: ['ocpp1.6', 'ocpp2.0.1'] as readonly ProtocolVersion[],
  pingIntervalSec: 60,
  maxFrameBytes: 1024 * 1024,
  maxPendingFrames: 200,
  maxQueuedCalls: 100,
} as const;
