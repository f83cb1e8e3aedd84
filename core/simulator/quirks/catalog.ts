/**
 * The firmware quirk catalog: one entry (name, description, hook, value kind) and one function per quirk, each in
 * its own file. It feeds the profile schema (profile.ts), the Quirks type, `chargebench sim --list-profiles`, and
 * the quirk table in core/simulator/README.md (quirkTable(), kept up to date by a test).
 * Adding a quirk: a file here, one line in QUIRKS, and a `quirkHook(...)` call where its hook applies (hooks.ts).
 */
import { connector1Only } from './connector1Only.js';
import { doubleStartOnRemoteStart } from './doubleStartOnRemoteStart.js';
import { duplicateIdsAfterReboot } from './duplicateIdsAfterReboot.js';
import type { HookCtx, HookInput, QuirkDef, QuirkHook, QuirkValue } from './hooks.js';
import { malformedPongs } from './malformedPongs.js';
import { meterValuesBeforeStartConf } from './meterValuesBeforeStartConf.js';
import { noSubprotocol } from './noSubprotocol.js';
import { remoteStartMinDelayMs } from './remoteStartMinDelayMs.js';
import { stopTransactionRetryForever } from './stopTransactionRetryForever.js';
import { timestampsWithoutTimezone } from './timestampsWithoutTimezone.js';
import { transactionIdAsString } from './transactionIdAsString.js';

export const QUIRKS = [
  noSubprotocol,
  malformedPongs,
  remoteStartMinDelayMs,
  connector1Only,
  timestampsWithoutTimezone,
  transactionIdAsString,
  duplicateIdsAfterReboot,
  meterValuesBeforeStartConf,
  stopTransactionRetryForever,
  doubleStartOnRemoteStart,
] as const;

type Entry = (typeof QUIRKS)[number];
export type QuirkName = Entry['name'];

/** A profile's `quirks:`: each quirk on (true / a number of ms) or absent. */
export type Quirks = { [Q in Entry as Q['name']]?: QuirkValue<Q['value']> };

export const QUIRK_NAMES: readonly QuirkName[] = QUIRKS.map((q) => q.name);

/** The JSON schema of a profile's `quirks:` object, from the catalog. */
export const QUIRKS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(
    QUIRKS.map((q) => [
      q.name,
      q.value === 'boolean' ? { type: 'boolean', description: q.description } : { type: 'integer', minimum: 0, description: q.description },
    ]),
  ),
} as const;

type AnyQuirk = QuirkDef<QuirkName, QuirkHook, 'boolean' | 'ms'>;
const BY_HOOK = new Map<QuirkHook, AnyQuirk[]>();
for (const q of QUIRKS as readonly AnyQuirk[]) {
  const list = BY_HOOK.get(q.hook) ?? [];
  list.push(q);
  BY_HOOK.set(q.hook, list);
}

/** Runs the profile's quirks registered at `hook` over `input` (unchanged when none is on). */
export function quirkHook<H extends QuirkHook>(quirks: Quirks, hook: H, input: HookInput<H>, ctx: HookCtx<H>): HookInput<H> {
  const list = BY_HOOK.get(hook);
  if (!list) return input;
  let out = input;
  for (const q of list) {
    const value = quirks[q.name];
    if (value === undefined || value === false || value === 0) continue;
    out = (q.apply as (i: HookInput<H>, v: boolean | number, c: HookCtx<H>) => HookInput<H>)(out, value, ctx);
  }
  return out;
}

/** A quirk as set in a profile, for listings: `name` or `name=value`. */
export function quirkLabels(quirks: Quirks): string[] {
  return Object.entries(quirks)
    .filter(([, v]) => v !== false && v !== 0 && v !== undefined)
    .map(([k, v]) => (typeof v === 'number' ? `${k}=${v}` : k));
}
