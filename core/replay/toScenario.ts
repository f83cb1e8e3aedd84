/**
 * Turns a recorded session into a scenario: a silent simulated charger (autoBoot off) sends the recorded CALLs in
 * order with the recorded replies as assertions (volatile fields such as currentTime, the heartbeat interval and transactionId left out),
 * the recorded pauses become waits, and every CALL the CSMS sent becomes an expectFrame with its payload. Run it
 * against the fixed CSMS and the bug report becomes a regression test.
 */
import { stringify } from 'yaml';
import { protocols } from '../ocpp/protocols.js';
import type { ChargerSpec, Scenario, Step } from '../scenario/types.js';
import { stableSubset } from './compare.js';
import { entriesByCharger } from './replay.js';
import { entriesProtocol, type Trace, type TraceEntry } from './trace.js';

export interface ToScenarioOptions {
  name?: string;
  /** Source file name, for the description. */
  source?: string;
  /** Id for a trace that names no charger (default REPLAY-1). */
  chargerId?: string;
  /** Pauses shorter than this (ms) are not turned into waits (default 1000). */
  minWaitMs?: number;
  /** Extra time allowed for each CSMS CALL beyond its recorded delay (ms, default 30000). */
  slackMs?: number;
  profile?: string;
}

function secondsText(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  return s >= 60 && Number.isInteger(s / 60) ? `${s / 60}m` : `${s}s`;
}

function replyTo(entries: readonly TraceEntry[], i: number): TraceEntry | undefined {
  const call = entries[i] as TraceEntry;
  for (let j = i + 1; j < entries.length; j++) {
    const e = entries[j] as TraceEntry;
    if (e.from !== call.from && e.frame[0] !== 2 && e.frame[1] === call.frame[1]) return e;
  }
  return undefined;
}

/** Replaces recorded transaction ids with "${transactionId}" so the scenario works with the ids the CSMS hands out. */
function withPlaceholders(payload: Record<string, unknown>, txIds: ReadonlySet<number>): Record<string, unknown> {
  if (payload.transactionId === undefined || !txIds.has(Number(payload.transactionId))) return payload;
  return { ...payload, transactionId: '${transactionId}' };
}

export function traceToScenario(trace: Trace, opts: ToScenarioOptions = {}): Scenario {
  const groups = entriesByCharger(trace, opts.chargerId ?? 'REPLAY-1');
  const minWait = opts.minWaitMs ?? 1000;
  const slack = opts.slackMs ?? 30_000;
  const chargers: ChargerSpec[] = [];
  const steps: Step[] = [];
  const many = groups.size > 1;
  // Steps of all chargers, merged in recorded order.
  const timeline: Array<{ at: number | null; order: number; step: Step }> = [];
  let order = 0;
  for (const [id, entries] of groups) {
    const version = entriesProtocol(entries);
    chargers.push({ id, ...(version !== 'ocpp1.6' ? { protocol: version } : {}), ...(opts.profile ? { profile: opts.profile } : {}), autoBoot: false });
    const charger = many ? { charger: id } : {};
    const txIds = new Set<number>();
    timeline.push({ at: entries[0]?.at ?? null, order: order++, step: { do: 'connect', ...charger } });
    let prevAt: number | null = entries[0]?.at ?? null;
    entries.forEach((e, i) => {
      if (e.frame[0] !== 2) return;
      const gap = prevAt !== null && e.at !== null ? e.at - prevAt : 0;
      if (e.at !== null) prevAt = e.at;
      const action = e.frame[2];
      const reply = replyTo(entries, i);
      if (e.from === 'charger') {
        if (!protocols[version].isChargerAction(action)) return;
        if (gap >= minWait) timeline.push({ at: e.at, order: order++, step: { do: 'wait', duration: secondsText(gap), ...charger } as Step });
        const step: Step = { do: 'call', ...charger, action, payload: withPlaceholders(e.frame[3], txIds), name: `line ${e.line}: ${action}` };
        if (reply?.frame[0] === 3) {
          if (action === 'StartTransaction' && reply.frame[2].transactionId !== undefined) txIds.add(Number(reply.frame[2].transactionId));
          step.expectReply = stableSubset(reply.frame[2], action, 'conf');
        } else if (reply?.frame[0] === 4) {
          step.expectError = reply.frame[2];
        }
        timeline.push({ at: e.at, order: order++, step });
      } else {
        const payload = stableSubset(withPlaceholders(e.frame[3], txIds), action, 'req');
        const expect: Step = {
          do: 'expectFrame',
          ...charger,
          from: 'csms',
          action,
          ...(Object.keys(payload).length ? { payload: Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== '${transactionId}')) } : {}),
          within: secondsText(gap + slack),
          name: `line ${e.line}: the CSMS sends ${action}`,
        } as Step;
        timeline.push({ at: e.at, order: order++, step: expect });
      }
    });
  }
  timeline.sort((a, b) => (a.at ?? 0) - (b.at ?? 0) || a.order - b.order);
  for (const t of timeline) steps.push(t.step);
  const first = trace.entries.find((e) => e.at !== null)?.at;
  return {
    name: opts.name ?? `Recorded session${opts.source ? ` ${opts.source}` : ''}`,
    description: [
      `Converted from ${opts.source ?? 'a recorded session'} by "chargebench scenario from-trace"${first ? ` (recorded ${new Date(first).toISOString()})` : ''}.`,
      'The charger sends exactly the recorded CALLs; the recorded replies are the assertions (volatile fields such as currentTime, the heartbeat interval and transactionId are left out).',
      ...(trace.problems.length
        ? [`${trace.problems.length} line(s) of the trace could not be read and are not in this scenario: ${trace.problems.map((p) => p.line).join(', ')}.`]
        : []),
    ].join(' '),
    tags: ['recorded'],
    chargers,
    steps,
  };
}

export function scenarioToYaml(scenario: Scenario): string {
  const header = '# yaml-language-server: $schema=https://chargebench.dev/schemas/scenario-1.json\n';
  return header + stringify(scenario, { lineWidth: 0, flowCollectionPadding: false, collectionStyle: 'block' });
}
