/**
 * Checks a command payload in the renderer before it is sent, with the backend's own validation: the same ajv
 * set-up and OCA schemas (core/ocpp/ajvRules.ts), compiled ahead of time (core/ocpp/commandValidators.generated.ts,
 * as the page may not eval). Errors come at the field they are about (core/ocpp/fieldErrors.ts).
 */
import { COMMAND_VALIDATORS } from '../../../core/ocpp/commandValidators.generated.js';
import { fieldError, type FieldError } from '../../../core/ocpp/fieldErrors.js';
import type { ProtocolVersion } from '../../../core/ocpp/protocol.js';
import type { ErrorObject } from 'ajv';

export type { FieldError };

/** The parts of a JSON schema the forms read (the OCA schemas, `$ref`s resolved: schemas.ts). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  format?: string;
  items?: JsonSchema;
  additionalProperties?: boolean;
  minItems?: number;
  maxItems?: number;
}

type Check = ((payload: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The problems of a command's request payload in a version (1.6 for an unknown one); [] when it is valid. */
export function validateCommand(protocol: ProtocolVersion | null | undefined, action: string, payload: unknown): FieldError[] {
  const byAction = COMMAND_VALIDATORS[protocol === 'ocpp2.0.1' ? 'ocpp2.0.1' : 'ocpp1.6'] as Record<string, Check | undefined>;
  const check = byAction[action];
  if (!check) return [{ path: '(payload)', message: `is for ${action}, not a command of ${protocol ?? 'ocpp1.6'}` }];
  return check(payload) ? [] : (check.errors ?? []).map(fieldError);
}
