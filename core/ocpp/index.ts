/**
 * core/ocpp: the OCPP-J framing (version-independent) and, per version, the protocol (v16/, v201/), collected in the
 * registry `protocols[version]`. OCPP 1.6 stays at the top level, as 1.6 code has always imported it (Action,
 * RequestOf, checkPayload, the generated types and enum lists…); 2.0.1 is the `v201` namespace.
 */
export * from './protocol.js';
export * from './protocolModule.js';
export * from './protocols.js';
export * from './errors.js';
export * from './frames.js';
export * from './payloadValidator.js';
export * from './messageIds.js';
export * from './chargePointId.js';
// OCPP 1.6 at the top level (Action, CHARGE_POINT_ACTIONS, checkPayload, ChargePointStatus, IdTagInfo…).
export * from './v16/index.js';
export { OCPP16_ERROR_CODES as OCPP_ERROR_CODES, OCPP16_ERROR_MEANING as OCPP_ERROR_MEANING, isOcpp16ErrorCode as isOcppErrorCode } from './v16/errors.js';
export * as v16 from './v16/index.js';
export * as v201 from './v201/index.js';
