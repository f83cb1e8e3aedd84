/**
 * The bench API's errors and the one table that turns any error into an HTTP status. Services and routes throw
 * these (or the rooms' own errors listed in ERROR_STATUS); the server answers `{ error, details? }` with the
 * status found here, and 500 for anything else.
 */
import { ConfigError } from '../config/errors.js';
import { IdTagInputError } from '../store/idTags.js';

/** An error that carries its own HTTP status (also 413/415 from body reading). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The request is wrong: names the parameter and what it must be. */
export class BadRequestError extends HttpError {
  constructor(message: string, details?: unknown) {
    super(400, message, details);
    this.name = 'BadRequestError';
  }
}

/** What the request names does not exist. */
export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, message);
    this.name = 'NotFoundError';
  }
}

/** The request is fine but the thing it acts on is not in a state that allows it (connected, read-only, not open…). */
export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message);
    this.name = 'ConflictError';
  }
}

export const badRequest = (message: string, details?: unknown): BadRequestError => new BadRequestError(message, details);
export const notFound = (message: string): NotFoundError => new NotFoundError(message);
export const conflict = (message: string): ConflictError => new ConflictError(message);

type ErrorClass = abstract new (...args: never[]) => Error;

/** Errors of other rooms that are the user's to fix, and their status. HttpError and its kinds carry their own. */
export const ERROR_STATUS: ReadonlyArray<readonly [ErrorClass, number]> = [
  [ConfigError, 400],
  [IdTagInputError, 400],
];

/** The status and body for an error, or null when it is not one the user can act on (answered 500, logged). */
export function errorResponse(err: unknown): { status: number; body: { error: string; details?: unknown } } | null {
  if (err instanceof HttpError) return { status: err.status, body: { error: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } };
  for (const [cls, status] of ERROR_STATUS) if (err instanceof cls) return { status, body: { error: err.message } };
  return null;
}
