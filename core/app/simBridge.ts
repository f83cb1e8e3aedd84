/**
 * Adapts core/simulator's Fleet to the bench API's SimPort: spawn jobs with progress, charger views, the GUI's
 * EV actions and fault kinds mapped onto fleet actions. Wiring only.
 */
import { randomBytes } from 'node:crypto';
import type { ProfileView, SimActionRequest, SimChargerView, SimStopMode, SpawnJobView, SpawnRequest } from '../api/types.js';
import { listProfiles, PANEL_FAULTS, panelFault, type Fleet, type FaultSpec, type StopMode } from '../simulator/index.js';
import { listProfiles201, loadProfile201 } from '../simulator/v201/profile.js';
import type { SimPort } from './simPort.js';
import { badRequest } from '../api/errors.js';
import { JobRegistry } from '../util/jobs.js';

type ChangeListener = Parameters<SimPort['onChange']>[0];

const GIVE_UP_AFTER_MS = 60_000;
/** Spawn jobs kept for GET /api/simulator/jobs (the oldest go first). */
const KEPT_SPAWN_JOBS = 50;

const STOP_MODES: Record<SimStopMode, StopMode> = { endSessions: 'end', powerCut: 'powerCut', disconnect: 'close' };

export function createSimBridge(fleet: Fleet, ocppBaseUrl: string): SimPort {
  const listeners = new Set<ChangeListener>();
  const jobs = new JobRegistry<'spawn', SpawnJobView>('spawn', {
    keep: KEPT_SPAWN_JOBS,
    nextId: () => randomBytes(4).toString('hex'),
    snapshot: (j) => ({ ...j }),
  });
  const notify = (e: Parameters<ChangeListener>[0]): void => {
    for (const l of listeners) l(e);
  };
  jobs.subscribe((e) => notify({ kind: 'job', job: e.job }));
  let profiles: ProfileView[] | null = null;

  // A charger that is powered off after a power cut, as against one rebooting (a Reset it accepted, a reboot
  // action): both are unpowered for a while, only the first is a fault to show.
  const cutOff = new Set<string>();
  const unsubscribe = fleet.subscribe(
    (e) => {
      if (e.kind === 'connection') {
        if (e.state === 'disconnected' && e.reason === 'power cut') cutOff.add(e.chargerId);
        else if (e.state !== 'disconnected') cutOff.delete(e.chargerId);
      }
      notify({ kind: 'charger', id: e.chargerId });
    },
    { kinds: ['connection', 'registration', 'status', 'transaction', 'meter'] },
  );

  const snapshotOf = (id: string) => fleet.get(id)?.snapshot() ?? fleet.station(id)?.snapshot();

  function view(id: string): SimChargerView | null {
    const cp = fleet.get(id) ?? fleet.station(id);
    if (!cp) return null;
    const s = cp.snapshot();
    const faults: string[] = [];
    if (!s.powered && cutOff.has(id)) faults.push('powerCut');
    const f = cp.faults;
    if (f && 'describe' in f) faults.push(...f.describe());
    else if (f) {
      if (f.unresponsive) faults.push('unresponsive');
      if (f.answerDelayMs > 0) faults.push(`answerLate ${f.answerDelayMs} ms`);
      if (f.callErrors > 0) faults.push(`callError ×${f.callErrors}`);
    }
    for (const c of s.connectors) if (c.status === 'Faulted') faults.push(`connector ${c.connectorId} Faulted${'errorCode' in c ? ` (${c.errorCode})` : ''}`);
    return {
      id,
      protocol: fleet.protocolOf(id) ?? 'ocpp1.6',
      profile: s.profile,
      state: `${s.connection}${s.registration !== 'Accepted' ? ` / ${s.registration}` : ''}`,
      connectors: s.connectors
        .filter((c) => c.connectorId > 0)
        .map((c) => ({
          connectorId: c.connectorId,
          status: c.status,
          plugged: c.plugged,
          transactionId: c.transactionId,
          powerW: c.powerW,
          soc: c.soc,
          energyWh: c.energyWh,
        })),
      faults,
    };
  }

  function faultSpec(req: SimActionRequest): FaultSpec {
    const spec =
      req.fault === undefined
        ? null
        : panelFault(req.fault, { connectorId: req.connectorId, errorCode: req.errorCode, delayMs: req.delayMs, count: req.count });
    if (spec) return spec;
    const kinds = PANEL_FAULTS.map((f) => f.kind);
    throw badRequest(`Unknown fault "${req.fault}": use ${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}`);
  }

  return {
    profiles() {
      if (profiles) return profiles;
      // Every 1.6 profile also runs as a 2.0.1 station; the 2.0.1 profiles of other names only as 2.0.1.
      const v16 = listProfiles().map((p) => ({
        name: p.name,
        description: p.description,
        vendor: p.vendor,
        model: p.model,
        connectors: p.connectors,
        maxPowerW: p.maxPowerW,
        quirks: p.quirks,
        protocols: ['ocpp1.6', 'ocpp2.0.1'] as ProfileView['protocols'],
      }));
      const only201 = listProfiles201()
        .filter((name) => !v16.some((p) => p.name === name))
        .map((name) => loadProfile201(name))
        .map((p) => ({
          name: p.name,
          description: p.description,
          vendor: p.hardware.vendor,
          model: p.hardware.model,
          connectors: p.evses.length,
          maxPowerW: p.hardware.maxPowerW,
          quirks: [],
          protocols: ['ocpp2.0.1'] as ProfileView['protocols'],
        }));
      profiles = [...v16, ...only201];
      return profiles;
    },
    spawn(req: SpawnRequest): SpawnJobView {
      const started = jobs.start((id) => ({
        id,
        request: req,
        spawned: 0,
        connected: 0,
        failed: 0,
        done: false,
        error: null,
        startedAt: new Date().toISOString(),
      }));
      const job = jobs.live(started.id) as SpawnJobView;
      const publish = (): void => jobs.changed(job);
      let giveUp: ReturnType<typeof setTimeout> | undefined;
      fleet
        .spawn(
          {
            url: ocppBaseUrl,
            count: req.count,
            protocol: req.ocpp,
            profile: req.profile,
            idPrefix: req.idPrefix,
            rampPerSecond: req.rampPerSec,
            autoSessions: req.autoSessions,
            ...(req.meterIntervalS ? { configuration: { MeterValueSampleInterval: req.meterIntervalS } } : {}),
          },
          (p) => {
            job.spawned = p.spawned;
            job.connected = p.connected;
            if (!job.done && p.connected >= p.total) {
              job.done = true;
              if (giveUp) clearTimeout(giveUp);
            }
            publish();
          },
        )
        .then(
          () => {
            giveUp = setTimeout(() => {
              if (job.done) return;
              job.done = true;
              job.failed = job.request.count - job.connected;
              job.error = job.failed
                ? `${job.failed} charger(s) did not connect within ${GIVE_UP_AFTER_MS / 1000} s; see their state in the Chargers list (refused connections are listed there, with the reason)`
                : null;
              publish();
            }, GIVE_UP_AFTER_MS);
            giveUp.unref?.();
          },
          (err: Error) => {
            job.done = true;
            job.error = err.message;
            publish();
          },
        );
      return started;
    },
    jobs: () => jobs.list().reverse(),
    plannedIds: (req) => fleet.plannedIds({ count: req.count, idPrefix: req.idPrefix }),
    ids: () => fleet.ids(),
    has: (id) => fleet.has(id),
    view,
    async stop(ids, mode = 'endSessions') {
      const list = ids === 'all' ? fleet.ids() : ids.filter((id) => fleet.has(id));
      const how = { mode: STOP_MODES[mode] };
      if (ids === 'all') await fleet.stopAll(how);
      else await Promise.all(list.map((id) => fleet.remove(id, how)));
      for (const id of list) notify({ kind: 'charger', id, removed: true });
      return list.length;
    },
    async act(id, req) {
      const connectorId = req.connectorId;
      switch (req.action) {
        case 'plug':
          return fleet.act(id, { type: 'plug', connectorId });
        case 'unplug':
          return fleet.act(id, { type: 'unplug', connectorId });
        case 'startSession': {
          const snap = snapshotOf(id);
          const c = snap?.connectors.find((k) => k.connectorId === (connectorId ?? 1));
          if (c && !c.plugged) await fleet.act(id, { type: 'plug', connectorId });
          return fleet.act(id, { type: 'start', connectorId, idTag: req.idTag });
        }
        case 'stopSession':
          return fleet.act(id, { type: 'stop', connectorId });
        case 'fault':
          return fleet.act(id, { type: 'fault', fault: faultSpec(req) });
        case 'clearFault': {
          const snap = snapshotOf(id);
          if (snap && !snap.powered) await fleet.act(id, { type: 'fault', fault: { kind: 'powerOn' } });
          await fleet.act(id, { type: 'fault', fault: { kind: 'clear' } });
          for (const c of snap?.connectors ?? [])
            if (c.status === 'Faulted') await fleet.act(id, { type: 'fault', fault: { kind: 'clearFault', connectorId: c.connectorId } });
          return undefined;
        }
        case 'reboot':
          return fleet.act(id, { type: 'reboot', resetType: 'Soft' });
        case 'disconnect':
          return fleet.act(id, { type: 'disconnect' });
        case 'reconnect':
          return fleet.act(id, { type: 'connect' });
        default:
          throw badRequest(`Unknown action "${req.action}"`);
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stopAll() {
      unsubscribe();
      await fleet.stopAll({ mode: 'end', maxWaitMs: 5000 });
    },
  };
}
