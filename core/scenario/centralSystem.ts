/**
 * What a scenario can ask of the central system under test. Only ChargeBench's own backend (in-process) offers
 * this; against an external CSMS URL the central-system steps are reported as skipped.
 */
export interface CentralSystemControl {
  /** Sends a CS→CP CALL to a connected charger; resolves with the CALLRESULT payload, rejects on CALLERROR/timeout. */
  sendCall(chargerId: string, action: string, payload: Record<string, unknown>, opts?: { timeoutMs?: number }): Promise<Record<string, unknown>>;
  /** Switches a middleware on or off, in one chain (action) or in every chain that has it. */
  setMiddleware(name: string, enabled: boolean, action?: string): Promise<void>;
  /** Changes a backend setting by dotted key (e.g. heartbeatInterval, boot.policy, autoRemoteStart.delayMs). */
  setSetting(key: string, value: unknown): Promise<void>;
}

/** Where a scenario's chargers connect, and what can be controlled there. */
export interface ScenarioTarget {
  /** Websocket base URL; each charger connects to URL/{chargerId}. */
  url: string;
  /** "in-process" or the external URL, for reports. */
  label: string;
  control: CentralSystemControl | null;
}

/** Sets draft[a][b][c] = value for key "a.b.c", refusing keys that do not exist (typos must not pass silently). */
export function setByPath(draft: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let obj: Record<string, unknown> = draft;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = obj[parts[i] as string];
    if (!next || typeof next !== 'object' || Array.isArray(next)) throw new Error(`unknown setting "${key}" (no "${parts.slice(0, i + 1).join('.')}" section)`);
    obj = next as Record<string, unknown>;
  }
  const last = parts[parts.length - 1] as string;
  if (!(last in obj)) throw new Error(`unknown setting "${key}"; known here: ${Object.keys(obj).join(', ')}`);
  obj[last] = value;
}
