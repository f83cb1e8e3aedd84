/**
 * How an ajv error of OCPP validation reads (Node-free: the backend's messages and the renderer's field errors).
 */
import type { ErrorObject } from 'ajv';

/** An error at a place of the payload: `path` is a JSON pointer ("/idTag"), "(payload)" for the whole of it. */
export interface FieldError {
  path: string;
  message: string;
}

/** The backend's one-line message: "<where> <what>". */
export function describeError(e: ErrorObject): string {
  const where = e.instancePath || '(payload)';
  if (e.keyword === 'additionalProperties')
    return `${where} has unknown property "${String((e.params as { additionalProperty?: string }).additionalProperty)}"`;
  if (e.keyword === 'enum') return `${where} must be one of ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

/** The error at the field it is about: a missing or unknown property at its own path (forms show it beside the field). */
export function fieldError(e: ErrorObject): FieldError {
  const p = e.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  if (e.keyword === 'required') return { path: `${e.instancePath}/${String(p.missingProperty)}`, message: 'is required' };
  if (e.keyword === 'additionalProperties') return { path: `${e.instancePath}/${String(p.additionalProperty)}`, message: 'is not allowed' };
  const path = e.instancePath || '(payload)';
  if (e.keyword === 'enum') return { path, message: `must be one of ${(p.allowedValues ?? []).join(', ')}` };
  return { path, message: e.message ?? 'is invalid' };
}
