export { startEdge, type Edge, type EdgeHealth } from './edge.js';
export { EDGE_DEFAULTS, type EdgeOptions, type EdgeRefusal, type EdgeTlsOptions } from './options.js';
export { staticChargerDirectory, loadChargerDirectoryFile, type ChargerDirectory, type ChargerEntry } from './chargerDirectory.js';
export { hashPassword, verifyPassword } from './passwords.js';
export { parseChargePointPath, chargePointIdProblem } from './chargePointId.js';
export {
  negotiate,
  checkPreference,
  offeredSubprotocols,
  OCPP16_SUBPROTOCOL,
  OCPP201_SUBPROTOCOL,
  type Negotiation,
  type NegotiationPolicy,
} from './subprotocol.js';
export { checkClientCertificate, certificateNames } from './clientCertificate.js';
