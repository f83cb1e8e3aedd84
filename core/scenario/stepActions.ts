/**
 * The scenario's action steps on its simulated chargers and the central system (connect, boot, plug, start, stop,
 * meter, fault, reboot, call, send, middleware, setting, wait, waitFor): each returns its outcome with evidence.
 */
import { OcppError, type ChargePointAction } from '../ocpp/index.js';
import type { Charger } from '../simulator/charger.js';
import type { ConnectorStatus } from '../simulator/connectorStatus.js';
import { SCENARIO_FAULTS } from '../simulator/actions/catalog.js';
import { injectFault } from '../simulator/faults.js';
import type { ScenarioTarget } from './centralSystem.js';
import { durationMs, formatMs } from './duration.js';
import type { RecordedFrame } from './frameLog.js';
import { containsSubset, frameMatches } from './match.js';
import { runStationStep } from './stationSteps.js';
import { callOutcome, DEFAULT_STEP_TIMEOUT_MS, fail, sleep, StepFailure, until, withTransactionIds, type Outcome, type RunContext } from './stepContext.js';
import { stepTitle } from './stepTitle.js';
import { CENTRAL_SYSTEM_KINDS, type Step } from './types.js';

export { StepFailure, type Outcome, type RunContext } from './stepContext.js';

function chargerIdOf(ctx: RunContext, step: { charger?: string }): string {
  const id = step.charger ?? ctx.defaultCharger;
  if (!id) throw new StepFailure('this step needs "charger" (the scenario has several)');
  if (!ctx.fleet.has(id)) throw new Error(`unknown charger "${id}"`);
  return id;
}

function chargerOf(ctx: RunContext, step: { charger?: string }): Charger {
  const id = chargerIdOf(ctx, step);
  const cp = ctx.fleet.get(id);
  if (!cp) throw new Error(`"${id}" speaks ${ctx.fleet.protocolOf(id)}, not OCPP 1.6`);
  return cp;
}

export async function runAction(ctx: RunContext, step: Step): Promise<Outcome> {
  if (CENTRAL_SYSTEM_KINDS.includes(step.do) && !ctx.target.control) {
    return { status: 'skipped', message: `skipped: "${step.do}" is not supported against an external CSMS (${ctx.target.label})` };
  }
  // A 2.0.1 station's charger steps have their own runner; central-system steps and waits are shared.
  const stationId =
    step.do === 'waitFor'
      ? (step.status?.charger ?? (step.status ? ctx.defaultCharger : undefined))
      : step.do === 'send'
        ? undefined
        : (step.charger ?? ctx.defaultCharger);
  const station = stationId !== undefined ? ctx.fleet.station(stationId) : undefined;
  if (station) {
    const out = await runStationStep(ctx, station, step);
    if (out) return out;
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
      return {
        status: 'passed',
        message: `EV plugged into connector ${step.connector ?? 1} (SoC ${ev.soc.toFixed(0)}%, ${Math.round(ev.maxPowerW / 100) / 10} kW max)`,
      };
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
      return {
        status: 'passed',
        message: `${Math.round(wh)} Wh delivered in ${formatMs(ms)}, average ${(wh / (ms / 3_600_000) / 1000).toFixed(2)} kW${capped}`,
      };
    }
    case 'fault': {
      const cp = chargerOf(ctx, step);
      const connectorId = step.connector ?? 1;
      const entry = SCENARIO_FAULTS[step.kind];
      if (!entry) fail(`unknown fault kind "${String(step.kind)}"`);
      // delay is read (and checked) only by the kinds that use it.
      const params = {
        connectorId,
        errorCode: step.errorCode,
        get delayMs() {
          return durationMs(step.delay, 10_000);
        },
      };
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
      return callOutcome(ctx, cp.id, step, seq0, reply, error);
    }
    case 'send': {
      const cp = { id: chargerIdOf(ctx, step) };
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
        return {
          status: 'failed',
          message: `${step.action} answered ${JSON.stringify(reply)}, expected ⊇ ${JSON.stringify(step.expect)}`,
          evidence,
          soft: true,
        };
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
  const call = ctx.frames
    .all()
    .slice(seq0)
    .find((f) => f.charger === chargerId && f.from === 'csms' && f.frame?.[0] === 2 && f.frame[2] === action);
  if (!call) return [];
  const reply = ctx.frames.replyTo(call);
  return reply ? [call, reply] : [call];
}
