/**
 * The edge reads only a frame's envelope (message type and id) — enough to match a charger's reply to the
 * outstanding server CALL and to answer a CALL it cannot forward. Payloads are the backend's business.
 */
export interface Envelope {
  type: number;
  id: string;
}

export function peekEnvelope(text: string): Envelope | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value)) return null;
  const [type, id] = value as unknown[];
  if (typeof type !== 'number' || typeof id !== 'string') return null;
  return { type, id };
}
