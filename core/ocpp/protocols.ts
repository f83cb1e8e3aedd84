/**
 * The protocol registry: `protocols[version]` gives a version's actions and their directions, schemas,
 * validator, error codes and enumerations, so code handling a frame asks its connection's version instead of
 * assuming one. Adding a version = a folder core/ocpp/vXXX (schemas in core/ocpp/schemas/, generated types,
 * action table, errors, validation, protocol.ts) and one line in each table here.
 */
import { DEFAULT_PROTOCOL, PROTOCOL_VERSIONS, isProtocolVersion, type ProtocolVersion } from './protocol.js';
import type { ProtocolModule } from './protocolModule.js';
import { ocpp16 } from './v16/protocol.js';
import type * as V16 from './v16/index.js';
import { ocpp201 } from './v201/protocol.js';
import type * as V201 from './v201/index.js';

export const protocols: { readonly [V in ProtocolVersion]: ProtocolModule<V> } = {
  'ocpp1.6': ocpp16,
  'ocpp2.0.1': ocpp201,
};

/** The module for a stored or reported version; the default (1.6) for none or one this build does not know. */
export function protocolOf(version: string | null | undefined): ProtocolModule {
  return protocols[isProtocolVersion(version) ? version : DEFAULT_PROTOCOL];
}

/** Each version's message types, for code generic over the version. */
export interface ProtocolMessages {
  'ocpp1.6': { requests: V16.OcppRequests; responses: V16.OcppResponses; chargerAction: V16.ChargePointAction; centralSystemAction: V16.CentralSystemAction };
  'ocpp2.0.1': { requests: V201.OcppRequests; responses: V201.OcppResponses; chargerAction: V201.ChargingStationAction; centralSystemAction: V201.CsmsAction };
}

export type ActionOf<V extends ProtocolVersion> = keyof ProtocolMessages[V]['requests'] & string;
export type ChargerActionOf<V extends ProtocolVersion> = ProtocolMessages[V]['chargerAction'];
export type CentralSystemActionOf<V extends ProtocolVersion> = ProtocolMessages[V]['centralSystemAction'];
export type RequestFor<V extends ProtocolVersion, A extends ActionOf<V>> = ProtocolMessages[V]['requests'][A];
export type ResponseFor<V extends ProtocolVersion, A extends ActionOf<V>> = ProtocolMessages[V]['responses'][A & keyof ProtocolMessages[V]['responses']];

/** Every action any version defines (message-log filters across versions). */
export const ANY_VERSION_ACTIONS: readonly string[] = [...new Set(PROTOCOL_VERSIONS.flatMap((v) => protocols[v].actions))].sort();

/** Every action any version's central system sends (server CALLs, whatever the charger's version). */
export const ANY_VERSION_CENTRAL_SYSTEM_ACTIONS: readonly string[] = [...new Set(PROTOCOL_VERSIONS.flatMap((v) => protocols[v].centralSystemActions))].sort();
