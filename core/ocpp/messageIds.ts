import { randomUUID } from 'node:crypto';

/** A fresh OCPP-J message id (a UUID: 36 characters, the maximum the spec allows). */
export function newMessageId(): string {
  return randomUUID();
}
