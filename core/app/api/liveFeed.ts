/**
 * The backend's, simulator's and jobs' events (every job registry's, core/util/jobs.ts) as the bench API's live events, plus what the views need from
 * them: the latest power per charger/connector (from MeterValues), AutoRemoteStart's recent decisions per
 * charger, and the message rate.
 */
import { FrameRate } from '../frameRate.js';
import type { LiveEvent } from '../../api/services.js';
import type { AutoRemoteStartView, FrameView } from '../../api/types.js';
import type { FrameRow } from '../../store/index.js';
import { frameContent } from '../../store/storedFrameView.js';
import { samplesToPoints } from '../../store/meterSeriesQuery.js';
import type { BenchApiDeps } from './deps.js';

/** AutoRemoteStart decisions kept per charger for its page. */
const DECISIONS_PER_CHARGER = 20;

/** A stored frame (backend event) as the API's FrameView. */
export function frameRowView(r: FrameRow): FrameView {
  return {
    id: r.id,
    chargePointId: r.chargePointId,
    direction: r.direction,
    messageId: r.messageId,
    action: r.action,
    at: r.at,
    errorCode: r.errorCode,
    errorDescription: r.errorDescription,
    ...frameContent(r.raw, r.messageType),
    callFrameId: r.callFrameId,
    state: r.state,
    queuedAt: r.queuedAt,
    sentAt: r.sentAt,
  };
}

export interface LiveFeed {
  emit(e: LiveEvent): void;
  subscribe(listener: (e: LiveEvent) => void): () => void;
  /** Latest power (W) per connector of a charger, from its MeterValues. */
  power(chargePointId: string): ReadonlyMap<number, number> | undefined;
  decisions(chargePointId: string): AutoRemoteStartView[];
  messagesPerSec(): number;
  close(): void;
}

export function createLiveFeed(deps: BenchApiDeps): LiveFeed {
  const { backend } = deps;
  const listeners = new Set<(e: LiveEvent) => void>();
  const emit = (e: LiveEvent): void => {
    for (const l of listeners) l(e);
  };
  const power = new Map<string, Map<number, number>>();
  const rate = new FrameRate();
  const decisions = new Map<string, AutoRemoteStartView[]>();
  const charger = (chargePointId: string): void => emit({ kind: 'charger', chargePointId });

  const offs: Array<() => void> = [];
  offs.push(
    backend.events.on('autoRemoteStart', (d) => {
      let list = decisions.get(d.chargePointId);
      if (!list) decisions.set(d.chargePointId, (list = []));
      list.unshift(d);
      if (list.length > DECISIONS_PER_CHARGER) list.length = DECISIONS_PER_CHARGER;
      emit({ kind: 'autoRemoteStart', decision: d });
    }),
  );
  offs.push(
    backend.events.on('frame', (f) => {
      rate.add(Date.now());
      // the view is built only when a subscriber reads it (no live client, or none watching frames: no cost per frame)
      let view: FrameView | undefined;
      emit({
        kind: 'frame',
        get frame() {
          return (view ??= frameRowView(f));
        },
      });
    }),
  );
  // a server CALL reached the wire (new id, its place in wire order) or ended unanswered: the log row is replaced
  offs.push(backend.events.on('frameUpdated', (u) => emit({ kind: 'frame', frame: { ...frameRowView(u.frame), replacesId: u.previousId } })));
  offs.push(
    backend.events.on('chargePoint', (e) => {
      // gone offline: its last power reading is history, not its power now
      if (e.change === 'disconnected' || e.change === 'offline') power.delete(e.chargePoint.id);
      if (e.change === 'connected') deps.refusals?.forget(e.chargePoint.id);
      charger(e.chargePoint.id);
    }),
  );
  offs.push(backend.events.on('connector', (c) => charger(c.chargePointId)));
  offs.push(
    backend.events.on('transaction', (e) => {
      if (e.change === 'stopped') power.get(e.transaction.chargePointId)?.delete(e.transaction.connectorId);
      charger(e.transaction.chargePointId);
    }),
  );
  // the charger's page shows its reservations, profiles and configuration: a change there is a change of the charger
  offs.push(backend.events.on('reservation', (r) => charger(r.chargePointId)));
  offs.push(backend.events.on('chargingProfile', (p) => charger(p.chargePointId)));
  offs.push(backend.events.on('configuration', (c) => charger(c.chargePointId)));
  // OCPP 2.0.1: a device model part stored, an event reported: the charger's page is stale
  offs.push(backend.events.on('deviceModel', (d) => charger(d.chargePointId)));
  offs.push(backend.events.on('chargerEvent', (e) => charger(e.chargePointId)));
  offs.push(
    backend.events.on('meterValues', (m) => {
      const points = samplesToPoints(
        m.samples
          .filter((s) => s.numericValue !== null)
          .map((s) => ({ tsMs: Date.parse(s.timestamp), value: s.numericValue as number, measurand: s.measurand, phase: s.phase, unit: s.unit })),
      );
      for (const point of points) {
        emit({ kind: 'meter', chargePointId: m.chargePointId, connectorId: m.connectorId, transactionId: m.transactionId, point });
        if (point.powerW !== undefined) {
          let byConn = power.get(m.chargePointId);
          if (!byConn) power.set(m.chargePointId, (byConn = new Map()));
          byConn.set(m.connectorId, point.powerW);
        }
      }
      charger(m.chargePointId);
    }),
  );
  if (deps.sim) {
    offs.push(
      deps.sim.onChange((e) => {
        if (e.kind === 'job') emit({ kind: 'job', job: { kind: 'spawn', job: e.job } });
        else if (e.removed && !backend.store.chargePoints.get(e.id)) emit({ kind: 'chargerRemoved', chargePointId: e.id });
        else charger(e.id);
      }),
    );
  }

  for (const registry of deps.jobs ?? []) offs.push(registry.subscribe((job) => emit({ kind: 'job', job })));

  return {
    emit,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    power: (id) => power.get(id),
    decisions: (id) => [...(decisions.get(id) ?? [])],
    messagesPerSec: () => rate.perSecond(Date.now()),
    close() {
      for (const off of offs) off();
      listeners.clear();
    },
  };
}
