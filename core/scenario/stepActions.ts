/**
 * The scenario's action steps on its simulated chargers and the central system (connect, boot, plug, start, stop,
 * meter, fault, reboot, call, send, middleware, setting, wait, waitFor): each returns its outcome with evidence.
 */
import { OcppError, type ChargePointAction } from '../ocpp/index.js';
import type { Charger } from '../simulator/charger.js';
import type { ConnectorStatus } from '../simulator/connectorStatus.js';
import { SCENARIO_FAULTS } from '../simulator/actions/catalog.js';
import { injectFault } from '../simulator/faults.js';
import type { Fleet } from '../simulator/fleet.js';
import type { Clock } from '../util/clock.js';
import type { ScenarioTarget } from './centralSystem.js';
import { durationMs, formatMs } from './duration.js';
import type { FrameLog, RecordedFrame } from './frameLog.js';
import { containsSubset, frameMatches } from './match.js';
import type { StepStatus } from './result.js';
import { stepTitle } from './stepTitle.js';
import { latestTransaction } from './transactions.js';
import { CENTRAL_SYSTEM_KINDS, type Step } from './types.js';

export interface Outcome {
  status: StepStatus;
  message: string;
  evidence?: RecordedFrame[];
  /** A failed check that does not stop the run (a send whose reply differs from `expect`). */
  soft?: boolean;
}

export class StepFailure extends Error {}

const DEFAULT_STEP_TIMEOUT_MS = 120_000;

export interface RunContext {
  clock: Clock;
  speed: number;
  /** Simulated ms added to every wait for real latency (REAL_LATENCY_ALLOWANCE_MS × speed). */
  allowance: number;
  frames: FrameLog;
  fleet: Fleet;
  target: ScenarioTarget;
  defaultCharger: string | undefined;
  signal: AbortSignal;
}

function sleep(ctx: RunContext, ms: number): Promise<void> {
  if (ms <= 0 || ctx.signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      ctx.clock.clearTimeout(t);
      ctx.signal.removeEventListener('abort', done);
      resolve();
    };
    const t = ctx.clock.setTimeout(done, ms);
    ctx.signal.addEventListener('abort', done);
  });
}

/** Waits (on the run's clock) until `test` holds, re-checking on every frame and status change. */
function until(ctx: RunContext, test: () => boolean, timeoutMs: number): Promise<boolean> {
  if (test()) return Promise.resolve(true);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (v: boolean) => {
      if (settled) return;
      settled = true;
      offFrames();
      offBus();
      ctx.clock.clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const check = () => {
      if (test()) finish(true);
    };
    const offFrames = ctx.frames.subscribe(check);
    const offBus = ctx.fleet.bus.subscribe(check, { kinds: ['status', 'connection', 'registration', 'transaction'] });
    const timer = ctx.clock.setTimeout(() => finish(test()), timeoutMs);
    const onAbort = () => finish(false);
    ctx.signal.addEventListener('abort', onAbort);
  });
}

function chargerOf(ctx: RunContext, step: { charger?: string }): Charger {
  const id = step.charger ?? ctx.defaultCharger;
  if (!id) throw new StepFailure('this step needs "charger" (the scenario has several)');
  const cp = ctx.fleet.get(id);
  if (!cp) throw new Error(`unknown charger "${id}"`);
  return cp;
}

function fail(message: string): never {
  throw new StepFailure(message);
}

/** Replaces "${transactionId}" / "${transactionId:N}" with the charger's latest transaction id (from the frames). */
function fillPlaceholders(ctx: RunContext, chargerId: string, value: unknown): unknown {
  if (typeof value === 'string') {
    const m = /^\$\{transactionId(?::(\d+))?\}$/.exec(value);
    if (!m) return value;
    const tx = latestTransaction(ctx.frames, chargerId, m[1] !== undefined ? Number(m[1]) : undefined);
    if (tx?.transactionId === undefined) fail(`${value}: ${chargerId} has no answered StartTransaction yet`);
    return tx.transactionId;
  }
  if (Array.isArray(value)) return value.map((v) => fillPlaceholders(ctx, chargerId, v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(ctx, chargerId, v)]));
  return value;
}

/** fillPlaceholders, after waiting for the CSMS's StartTransaction answer when a placeholder needs its id. */
async function withTransactionIds(ctx: RunContext, chargerId: string, payload: Record<string, unknown>): Promise<unknown> {
  const wanted = /"\$\{transactionId(?::(\d+))?\}"/.exec(JSON.stringify(payload));
  if (wanted) {
    const connectorId = wanted[1] !== undefined ? Number(wanted[1]) : undefined;
    await until(ctx, () => latestTransaction(ctx.frames, chargerId, connectorId)?.transactionId !== undefined, DEFAULT_STEP_TIMEOUT_MS + ctx.allowance);
  }
  return fillPlaceholders(ctx, chargerId, payload);
}

export async function runAction(ctx: RunContext, step: Step): Promise<Outcome> {
  if (CENTRAL_SYSTEM_KINDS.includes(step.do) && !ctx.target.control) {
    return { status: 'skipped', message: `skipped: "${step.do}" is not supported against an external CSMS (${ctx.target.label})` };
  }
  switch (step.do) {
    case 'connect': {
      const cp = chargerOf(ctx, step);
      await cp.powerOn().catch((err: Error) => fail(`${cp.id} could not connect to ${ctx.target.label}: ${err.message}`));
      return { status: 'passed', message: `${cp.id} connected` };
    }
    case 'disconnect': {
      const cp = chargerOf(ctx, step);
      await cp.disconnect();
      return { status: 'passed', message: `${cp.id} disconnected` };
    }
    case 'boot': {
      const cp = chargerOf(ctx, step);
      const want = step.expectStatus ?? 'Accepted';
      if (cp.connection !== 'connected') await cp.powerOn().catch((err: Error) => fail(`${cp.id} could not connect: ${err.message}`));
      else if (!cp.autoBoot && cp.registration !== want) cp.sendBoot();
      const timeout = durationMs(step.timeout, DEFAULT_STEP_TIMEOUT_MS);
      const ok = await until(ctx, () => cp.registration !== 'None', timeout + ctx.allowance);
      if (!ok) fail(`${cp.id}: no answer to BootNotification within ${formatMs(timeout)}`);
      if (cp.registration !== want) fail(`BootNotification answered ${cp.registration}, expected ${want}`);
      return { status: 'passed', message: `BootNotification ${cp.registration} (interval ${cp.lastBootResponse?.interval ?? '?'} s)` };
    }
    case 'plug': {
      const cp = chargerOf(ctx, step);
      const ev = cp.plug(step.connector ?? 1, step.ev);
      return { status: 'passed', message: `EV plugged into connector ${step.connector ?? 1} (SoC ${ev.soc.toFixed(0)}%, ${Math.round(ev.maxPowerW / 100) / 10} kW max)` };
    }
    case 'unplug': {
      const cp = chargerOf(ctx, step);
      cp.unplug(step.connector ?? 1);
      return { status: 'passed', message: `EV unplugged from connector ${step.connector ?? 1}` };
    }
    case 'authorize': {
      const cp = chargerOf(ctx, step);
      const info = await cp.authorize(step.idTag);
      if (step.expectStatus && info.status !== step.expectStatus) fail(`Authorize ${step.idTag}: ${info.status}, expected ${step.expectStatus}`);
      return { status: 'passed', message: `Authorize ${step.idTag}: ${info.status}` };
    }
    case 'start': {
      const cp = chargerOf(ctx, step);
      const connectorId = step.connector ?? 1;
      const info = await cp.start(connectorId, step.idTag ?? 'SCENARIO');
      if (info.status !== 'Accepted') fail(`idTag ${step.idTag ?? 'SCENARIO'} was not accepted (${info.status})`);
      const c = cp.connector(connectorId);
      if (!c.ev) return { status: 'passed', message: `authorized; the transaction starts when an EV is plugged into connector ${connectorId}` };
      const ok = await until(ctx, () => c.tx?.id !== null && c.tx?.id !== undefined, DEFAULT_STEP_TIMEOUT_MS + ctx.allowance);
      if (!ok) fail(`StartTransaction on connector ${connectorId} was not answered within ${formatMs(DEFAULT_STEP_TIMEOUT_MS)}`);
      return { status: 'passed', message: `transaction ${c.tx?.id} started on connector ${connectorId}` };
    }
    case 'stop': {
      const cp = chargerOf(ctx, step);
      const connectorId = step.connector ?? 1;
      if (!cp.connector(connectorId).tx) fail(`no transaction runs on connector ${connectorId}`);
      const tx = cp.stopTransaction(connectorId, (step.reason ?? 'Local') as Parameters<Charger['stopTransaction']>[1]);
      return { status: 'passed', message: `transaction ${tx.id ?? '(unconfirmed)'} stopped (${step.reason ?? 'Local'})` };
    }
    case 'meter': {
      const cp = chargerOf(ctx, step);
      const connectorId = step.connector ?? 1;
      const c = cp.connector(connectorId);
      if (!c.tx) fail(`no transaction runs on connector ${connectorId}: start one before metering`);
      if (!c.ev) fail(`no EV is plugged into connector ${connectorId}`);
      cp.advance(c);
      const startWh = c.meter.energyWh;
      c.ev.maxPowerW = step.kw * 1000;
      cp.updateChargingStatus(c);
      const ms = durationMs(step.duration);
      await sleep(ctx, ms);
      if (c.tx) cp.advance(c);
      const wh = c.meter.energyWh - startWh;
      const capped = cp.profile.maxPowerW < step.kw * 1000 ? ` (the charger's maximum is ${cp.profile.maxPowerW / 1000} kW)` : '';
      return { status: 'passed', message: `${Math.round(wh)} Wh delivered in ${formatMs(ms)}, average ${((wh / (ms / 3_600_000)) / 1000).toFixed(2)} kW${capped}` };
    }
    case 'fault': {
      const cp = chargerOf(ctx, step);
      const connectorId = step.connector ?? 1;
      const entry = SCENARIO_FAULTS[step.kind];
      if (!entry) fail(`unknown fault kind "${String(step.kind)}"`);
      // delay is read (and checked) only by the kinds that use it.
      const params = { connectorId, errorCode: step.errorCode, get delayMs() { return durationMs(step.delay, 10_000); } };
      for (const f of entry.faults(params)) await injectFault(cp, f);
      return { status: 'passed', message: `${step.kind} injected on ${cp.id}` };
    }
    case 'reboot': {
      const cp = chargerOf(ctx, step);
      await cp.reboot(step.type ?? 'Soft');
      return { status: 'passed', message: `${cp.id} rebooting (${step.type ?? 'Soft'}); it reconnects after ${cp.profile.timing.rebootS} s` };
    }
    case 'call': {
      const cp = chargerOf(ctx, step);
      const payload = (await withTransactionIds(ctx, cp.id, step.payload ?? {})) as Record<string, unknown>;
      const seq0 = ctx.frames.length;
      let reply: Record<string, unknown> | null = null;
      let error: string | null = null;
      try {
        // beforeAccepted: a recorded session may send anything at any time, as the real charger did.
        reply = (await cp.call(step.action as ChargePointAction, payload as never, { beforeAccepted: true })) as unknown as Record<string, unknown>;
      } catch (err) {
        if (err instanceof OcppError) error = err.code;
        else fail(`${step.action} from ${cp.id} failed: ${(err as Error).message}`);
      }
      const call = ctx.frames.all().slice(seq0).find((f) => f.charger === cp.id && f.from === 'charger' && f.frame?.[0] === 2 && f.frame[2] === step.action);
      const answer = call ? ctx.frames.replyTo(call) : undefined;
      const evidence = [call, answer].filter((f): f is RecordedFrame => f !== undefined);
      const got = error ? `CALLERROR ${error}` : JSON.stringify(reply);
      if (step.expectError !== undefined && error !== step.expectError) return { status: 'failed', message: `${step.action} answered ${got}, expected CALLERROR ${step.expectError}`, evidence, soft: true };
      if (step.expectError === undefined && error) return { status: 'failed', message: `${step.action} answered ${got}`, evidence, soft: true };
      if (step.expectReply && !containsSubset(reply, step.expectReply)) return { status: 'failed', message: `${step.action} answered ${got}, expected ⊇ ${JSON.stringify(step.expectReply)}`, evidence, soft: true };
      return { status: 'passed', message: `${step.action} answered ${got}`, evidence };
    }
    case 'send': {
      const cp = chargerOf(ctx, step);
      const control = ctx.target.control as NonNullable<ScenarioTarget['control']>;
      const payload = (await withTransactionIds(ctx, cp.id, step.payload ?? {})) as Record<string, unknown>;
      const seq0 = ctx.frames.length;
      let reply: Record<string, unknown>;
      try {
        // The backend waits in real time: a simulated timeout is scaled down, but never below 1 s of real time.
        const timeoutMs = step.timeout !== undefined ? Math.max(1000, durationMs(step.timeout) / ctx.speed) : undefined;
        reply = await control.sendCall(cp.id, step.action, payload, timeoutMs !== undefined ? { timeoutMs } : {});
      } catch (err) {
        fail(`${step.action} to ${cp.id} failed: ${(err as Error).message}`);
      }
      const evidence = await callEvidence(ctx, cp.id, step.action, seq0);
      if (step.expect && !containsSubset(reply, step.expect)) {
        return { status: 'failed', message: `${step.action} answered ${JSON.stringify(reply)}, expected ⊇ ${JSON.stringify(step.expect)}`, evidence, soft: true };
      }
      return { status: 'passed', message: `${step.action} answered ${JSON.stringify(reply)}`, evidence };
    }
    case 'middleware': {
      await (ctx.target.control as NonNullable<ScenarioTarget['control']>).setMiddleware(step.name, step.enabled, step.action);
      return { status: 'passed', message: `middleware ${step.name} ${step.enabled ? 'enabled' : 'disabled'}` };
    }
    case 'setting': {
      await (ctx.target.control as NonNullable<ScenarioTarget['control']>).setSetting(step.key, step.value);
      return { status: 'passed', message: `${step.key} set to ${JSON.stringify(step.value)}` };
    }
    case 'wait': {
      const ms = durationMs(step.duration);
      await sleep(ctx, ms);
      return { status: 'passed', message: `waited ${formatMs(ms)}` };
    }
    case 'waitFor': {
      const timeout = durationMs(step.timeout);
      const started = ctx.clock.now();
      if (step.frame) {
        const match = step.frame;
        const found = await ctx.frames.waitFor((f) => frameMatches(ctx.frames, f, match), ctx.frames.length, timeout + ctx.allowance, ctx.signal);
        if (!found) fail(`no ${stepTitle(step, ctx.defaultCharger).replace(/^wait for /, '')}`);
        const reply = found.frame?.[0] === 2 ? ctx.frames.replyTo(found) : undefined;
        return { status: 'passed', message: `seen after ${formatMs(Math.max(0, found.at - started))}`, evidence: reply ? [found, reply] : [found] };
      }
      const st = step.status as NonNullable<typeof step.status>;
      const cp = chargerOf(ctx, st);
      const c = cp.connector(st.connector ?? 1);
      const ok = await until(ctx, () => c.status === (st.status as ConnectorStatus), timeout + ctx.allowance);
      if (!ok) fail(`connector ${c.id} of ${cp.id} is ${c.status}, not ${st.status}, after ${formatMs(timeout)}`);
      return { status: 'passed', message: `connector ${c.id} is ${st.status}` };
    }
    default:
      throw new Error(`step kind "${step.do}" is not an action`);
  }
}

/** The CALL the CSMS sent (and the charger's reply), found in the log after seq0. */
async function callEvidence(ctx: RunContext, chargerId: string, action: string, seq0: number): Promise<RecordedFrame[]> {
  const call = ctx.frames.all().slice(seq0).find((f) => f.charger === chargerId && f.from === 'csms' && f.frame?.[0] === 2 && f.frame[2] === action);
  if (!call) return [];
  const reply = ctx.frames.replyTo(call);
  return reply ? [call, reply] : [call];
}

