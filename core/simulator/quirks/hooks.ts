/**
 * The places in a simulated charger where firmware quirks apply ("hooks"), with what each hook hands a quirk and
 * what it expects back. A quirk is one function at one hook (see catalog.ts); the charger calls `quirkHook(...)`
 * at each place and never tests a quirk flag itself.
 */
export interface QuirkHooks {
  /** Opening the websocket: the subprotocols offered and how pings are answered (null: correctly, by the library). */
  connect: { input: { subprotocols: string[]; pong: ((ping: Buffer) => Buffer) | null }; ctx: null };
  /** Powering on: the message-id counter restarts at this value (null: it keeps counting, from a random start). */
  messageIds: { input: number | null; ctx: null };
  /** Every timestamp the charger writes (RFC 3339 UTC in). */
  timestamp: { input: string; ctx: null };
  /** transactionId as it goes on the wire in MeterValues and StopTransaction. */
  transactionId: { input: number | string; ctx: null };
  /** A StatusNotification about to be sent: false keeps it back. */
  statusNotification: { input: boolean; ctx: { connectorId: number } };
  /** A RemoteStartTransaction arrived: true refuses it for its timing. */
  remoteStartTiming: { input: boolean; ctx: { msSinceStatusChange: number } };
  /** A RemoteStartTransaction for a connector with a running transaction: true starts a second one there. */
  remoteStartOnBusy: { input: boolean; ctx: null };
  /** A transaction message failed (CALLERROR, timeout): true retries it forever. */
  transactionRetry: { input: boolean; ctx: { action: string } };
  /** StartTransaction just went on the wire: true also sends a MeterValues without transactionId right away. */
  startTransactionSent: { input: boolean; ctx: null };
}

export type QuirkHook = keyof QuirkHooks;
export type HookInput<H extends QuirkHook> = QuirkHooks[H]['input'];
export type HookCtx<H extends QuirkHook> = QuirkHooks[H]['ctx'];

/** How a quirk is set in a profile: on/off, or a number of milliseconds. */
export type QuirkValueKind = 'boolean' | 'ms';
export type QuirkValue<K extends QuirkValueKind> = K extends 'boolean' ? boolean : number;

export interface QuirkDef<N extends string = string, H extends QuirkHook = QuirkHook, K extends QuirkValueKind = QuirkValueKind> {
  /** The key under `quirks:` in a profile. */
  name: N;
  /** What the firmware does, in one sentence (docs, --list-profiles, the profile schema). */
  description: string;
  hook: H;
  value: K;
  /** The quirk at its hook: gets what the hook has so far, the profile's value, and the hook's context. */
  apply(input: HookInput<H>, value: QuirkValue<K>, ctx: HookCtx<H>): HookInput<H>;
}

/** Declares a quirk (keeps its literal name and kinds for the profile types). */
export function defineQuirk<const N extends string, H extends QuirkHook, K extends QuirkValueKind>(def: QuirkDef<N, H, K>): QuirkDef<N, H, K> {
  return def;
}
