/**
 * The charger steps on an OCPP 2.0.1 charging station (connect, disconnect, boot, plug, unplug, authorize, start,
 * stop, meter, fault, reboot, call, waitFor status). `connector` names the EVSE (each reference EVSE has one
 * connector); stop reasons may be 1.6's words (Local, Remote, HardReset…) or 2.0.1's (ImmediateReset, StoppedByEV…).
 */
import { OcppError } from '../ocpp/index.js';
import { SCENARIO_FAULTS } from '../simulator/actions/catalog.js';
import { stopReason201 } from '../simulator/v201/fleetActions.js';
import { injectFault201 } from '../simulator/v201/faults.js';
import type { ChargingStation } from '../simulator/v201/station.js';
import { durationMs, formatMs } from './duration.js';
import { callOutcome, DEFAULT_STEP_TIMEOUT_MS, fail, sleep, until, withTransactionIds, type Outcome, type RunContext } from './stepContext.js';
import type { Step } from './types.js';

function evseOf(st: ChargingStation, connector: number | undefined) {
  const id = connector ?? 1;
  const e = st.evse(id);
  if (!e) fail(`${st.id} has no EVSE ${id} (it has ${st.evses.length})`);
  return e;
}

/** Runs one charger step on a 2.0.1 station; null when the step is not a charger step. */
export async function runStationStep(ctx: RunContext, st: ChargingStation, step: Step): Promise<Outcome | null> {
  switch (step.do) {
    case 'connect':
      await st.powerOn().catch((err: Error) => fail(`${st.id} could not connect to ${ctx.target.label}: ${err.message}`));
      return { status: 'passed', message: `${st.id} connected (OCPP 2.0.1)` };
    case 'disconnect':
      await st.disconnect();
      return { status: 'passed', message: `${st.id} disconnected` };
    case 'boot': {
      const want = step.expectStatus ?? 'Accepted';
      if (st.connection !== 'connected') await st.powerOn().catch((err: Error) => fail(`${st.id} could not connect: ${err.message}`));
      else if (!st.autoBoot && st.registration !== want) st.sendBoot();
      const timeout = durationMs(step.timeout, DEFAULT_STEP_TIMEOUT_MS);
      if (!(await until(ctx, () => st.registration !== 'None', timeout + ctx.allowance)))
        fail(`${st.id}: no answer to BootNotification within ${formatMs(timeout)}`);
      if (st.registration !== want) fail(`BootNotification answered ${st.registration}, expected ${want}`);
      return { status: 'passed', message: `BootNotification ${st.registration} (interval ${st.lastBootResponse?.interval ?? '?'} s)` };
    }
    case 'plug': {
      const e = evseOf(st, step.connector);
      let ev;
      try {
        ev = st.sessions.plug(e.id, 1, step.ev);
      } catch (err) {
        fail((err as Error).message);
      }
      return { status: 'passed', message: `EV plugged into EVSE ${e.id} (SoC ${ev.soc.toFixed(0)}%, ${Math.round(ev.maxPowerW / 100) / 10} kW max)` };
    }
    case 'unplug': {
      const e = evseOf(st, step.connector);
      if (!e.ev) fail(`nothing is plugged into EVSE ${e.id}`);
      st.sessions.unplug(e.id);
      return { status: 'passed', message: `EV unplugged from EVSE ${e.id}` };
    }
    case 'authorize': {
      const info = await st.sessions.authorize({ idToken: step.idTag, type: 'ISO14443' });
      if (step.expectStatus && info.status !== step.expectStatus) fail(`Authorize ${step.idTag}: ${info.status}, expected ${step.expectStatus}`);
      return { status: 'passed', message: `Authorize ${step.idTag}: ${info.status}` };
    }
    case 'start': {
      const e = evseOf(st, step.connector);
      const tag = step.idTag ?? 'SCENARIO';
      const info = await st.sessions.start(e.id, tag).catch((err: Error) => fail(err.message));
      if (info.status !== 'Accepted') fail(`idToken ${tag} was not accepted (${info.status})`);
      if (!e.ev) return { status: 'passed', message: `authorized; the transaction starts when an EV is plugged into EVSE ${e.id}` };
      const started = () =>
        ctx.frames
          .all()
          .some(
            (f) =>
              f.charger === st.id &&
              f.frame?.[0] === 2 &&
              f.frame[2] === 'TransactionEvent' &&
              (f.frame[3] as { eventType?: string; transactionInfo?: { transactionId?: string } }).transactionInfo?.transactionId === e.tx?.id &&
              ctx.frames.replyTo(f) !== undefined,
          );
      if (!(await until(ctx, started, DEFAULT_STEP_TIMEOUT_MS + ctx.allowance)))
        fail(`TransactionEvent for EVSE ${e.id} was not answered within ${formatMs(DEFAULT_STEP_TIMEOUT_MS)}`);
      return { status: 'passed', message: `transaction ${e.tx?.id} started on EVSE ${e.id}` };
    }
    case 'stop': {
      const e = evseOf(st, step.connector);
      if (!e.tx) fail(`no transaction runs on EVSE ${e.id}`);
      const [reason, trigger] = stopReason201(step.reason ?? 'Local');
      const tx = st.sessions.stop(e.id, reason, trigger);
      return { status: 'passed', message: `transaction ${tx.id} stopped (${reason}, trigger ${trigger})` };
    }
    case 'meter': {
      const e = evseOf(st, step.connector);
      if (!e.tx) fail(`no transaction runs on EVSE ${e.id}: start one before metering`);
      if (!e.ev) fail(`no EV is plugged into EVSE ${e.id}`);
      st.sessions.advance(e);
      const startWh = e.meter.energyWh;
      e.ev.maxPowerW = step.kw * 1000;
      st.sessions.updateChargingState(e);
      const ms = durationMs(step.duration);
      await sleep(ctx, ms);
      if (e.tx) st.sessions.advance(e);
      const wh = e.meter.energyWh - startWh;
      const max = st.profile.hardware.maxPowerW;
      const capped = max < step.kw * 1000 ? ` (the station's maximum is ${max / 1000} kW)` : '';
      return {
        status: 'passed',
        message: `${Math.round(wh)} Wh delivered in ${formatMs(ms)}, average ${(wh / (ms / 3_600_000) / 1000).toFixed(2)} kW${capped}`,
      };
    }
    case 'fault': {
      const entry = SCENARIO_FAULTS[step.kind];
      if (!entry) fail(`unknown fault kind "${String(step.kind)}"`);
      const params = {
        connectorId: step.connector ?? 1,
        errorCode: step.errorCode,
        get delayMs() {
          return durationMs(step.delay, 10_000);
        },
      };
      for (const f of entry.faults(params)) await injectFault201(st, f).catch((err: Error) => fail(err.message));
      return { status: 'passed', message: `${step.kind} injected on ${st.id}` };
    }
    case 'reboot': {
      await st.reboot(step.type === 'Hard' ? 'RemoteReset' : 'LocalReset');
      return { status: 'passed', message: `${st.id} rebooting (${step.type ?? 'Soft'}); it reconnects after ${st.profile.hardware.timing.rebootS} s` };
    }
    case 'call': {
      const payload = (await withTransactionIds(ctx, st.id, step.payload ?? {})) as Record<string, unknown>;
      const seq0 = ctx.frames.length;
      let reply: Record<string, unknown> | null = null;
      let error: string | null = null;
      try {
        reply = (await st.call(step.action as never, payload as never, { beforeAccepted: true })) as Record<string, unknown>;
      } catch (err) {
        if (err instanceof OcppError) error = err.code;
        else fail(`${step.action} from ${st.id} failed: ${(err as Error).message}`);
      }
      return callOutcome(ctx, st.id, step, seq0, reply, error);
    }
    case 'waitFor': {
      if (!step.status) return null;
      const want = step.status;
      const e = evseOf(st, want.connector);
      const c = e.connectors[0];
      if (!c) fail(`EVSE ${e.id} of ${st.id} has no connector`);
      const timeout = durationMs(step.timeout);
      if (!(await until(ctx, () => c.status === want.status, timeout + ctx.allowance)))
        fail(`EVSE ${e.id} of ${st.id} is ${c.status}, not ${want.status}, after ${formatMs(timeout)}`);
      return { status: 'passed', message: `EVSE ${e.id} is ${want.status}` };
    }
    default:
      return null;
  }
}
