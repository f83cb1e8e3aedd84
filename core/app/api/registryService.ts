/**
 * The registry: add/edit/remove charge points, Accept/Reject a Pending charger, refused connections. Writes go
 * through the backend's unit of work (backend.applyChange), after that charger's frames in hand.
 */
import type { ApiServices } from '../../api/services.js';
import type { RemovalResult } from '../../api/types.js';
import { conflict, notFound } from '../../api/errors.js';
import { hashPassword } from '../../edge/index.js';
import type { RegistryFields } from '../../store/index.js';
import type { BenchApiDeps } from './deps.js';
import type { LiveFeed } from './liveFeed.js';
import { registryEntry } from './views.js';

type Send = (chargePointId: string, action: string, payload: unknown) => ReturnType<ApiServices['commands']['send']>;

async function fieldsOf(b: {
  password?: string | null;
  notes?: string | null;
  expectedVendor?: string | null;
  expectedModel?: string | null;
  bootPolicy?: RegistryFields['bootPolicy'];
}): Promise<RegistryFields> {
  const f: RegistryFields = {};
  if (b.password !== undefined) f.passwordHash = b.password === null ? null : await hashPassword(b.password);
  if (b.notes !== undefined) f.notes = b.notes;
  if (b.expectedVendor !== undefined) f.expectedVendor = b.expectedVendor;
  if (b.expectedModel !== undefined) f.expectedModel = b.expectedModel;
  if (b.bootPolicy !== undefined) f.bootPolicy = b.bootPolicy;
  return f;
}

export function createRegistryService(deps: BenchApiDeps, feed: LiveFeed, send: Send): ApiServices['registry'] & { addMany(ids: string[]): Promise<number> } {
  const { backend } = deps;
  const { store } = backend;
  const now = (): string => new Date(deps.now?.() ?? Date.now()).toISOString();

  /** Registers ids (spawned chargers while unknown ones are refused); returns how many were new. */
  async function addMany(ids: string[]): Promise<number> {
    let added = 0;
    for (const id of ids) {
      const before = store.registry.get(id);
      if (before?.registeredAt && !before.removedAt) continue;
      await backend.applyChange(id, () => store.registry.add(id, now(), {}));
      deps.refusals?.forget(id);
      feed.emit({ kind: 'charger', chargePointId: id });
      added++;
    }
    return added;
  }

  return Object.assign(
    {
      async add(b: Parameters<ApiServices['registry']['add']>[0]) {
        const old = store.registry.get(b.id);
        if (old?.registeredAt && !old.removedAt) throw conflict(`Charger "${b.id}" is already registered; change it with PATCH /api/chargers/${b.id}`);
        const fields = await fieldsOf(b);
        const row = await backend.applyChange(b.id, () => store.registry.add(b.id, now(), fields));
        deps.refusals?.forget(b.id);
        feed.emit({ kind: 'charger', chargePointId: b.id });
        return registryEntry(row);
      },
      async update(id: string, patch: Parameters<ApiServices['registry']['update']>[1]) {
        const fields = await fieldsOf(patch);
        const row = await backend.applyChange(id, () => {
          store.registry.update(id, fields);
          return store.registry.get(id);
        });
        if (!row || row.removedAt) throw notFound(`No charger "${id}" is known to this bench`);
        feed.emit({ kind: 'charger', chargePointId: id });
        return registryEntry(row);
      },
      async remove(which: string[] | 'allOffline', history: 'keep' | 'delete'): Promise<RemovalResult> {
        const ids = which === 'allOffline' ? store.registry.offlineIds().filter((id) => !deps.sim?.has(id)) : which;
        const out: RemovalResult = { removed: [], history, skipped: [], deleted: { transactions: 0, frames: 0, meterSamples: 0 } };
        for (const id of ids) {
          const cp = store.chargePoints.get(id);
          const reg = store.registry.get(id);
          if (!cp || !reg || (reg.removedAt && history === 'keep')) {
            out.skipped.push({ id, reason: 'no such charger' });
            continue;
          }
          if (cp.online) {
            out.skipped.push({ id, reason: 'connected: disconnect it (or stop the simulated charger) first' });
            continue;
          }
          if (deps.sim?.has(id)) {
            out.skipped.push({ id, reason: 'a running simulated charger: stop it first' });
            continue;
          }
          if (history === 'delete') {
            const n = await backend.applyChange(id, () => store.registry.purge(id));
            out.deleted.transactions += n.transactions;
            out.deleted.frames += n.frames;
            out.deleted.meterSamples += n.meterSamples;
          } else {
            await backend.applyChange(id, () => store.registry.hide(id, now()));
          }
          out.removed.push(id);
          feed.emit({ kind: 'chargerRemoved', chargePointId: id });
        }
        if (ids.length === 1 && out.skipped[0]?.reason.startsWith('connected')) throw conflict(`Charger "${ids[0]}" is ${out.skipped[0].reason}`);
        return out;
      },
      async decide(id: string, decision: 'Accepted' | 'Rejected', trigger: boolean) {
        const row = await backend.applyChange(id, () => {
          store.registry.update(id, { bootPolicy: decision });
          return store.registry.get(id);
        });
        if (!row) throw notFound(`No charger "${id}" is known to this bench`);
        feed.emit({ kind: 'charger', chargePointId: id });
        const cp = store.chargePoints.get(id);
        let note: string;
        let triggered = null;
        if (!cp?.online) note = `Saved: ${id} is answered ${decision} when it next sends BootNotification (it is offline now).`;
        else if (cp.registrationStatus === 'Rejected')
          note = `Saved: ${id} was Rejected, so the central system may not talk to it; it is answered ${decision} when it boots again (after its retry interval).`;
        else if (!trigger) note = `Saved: ${id} is answered ${decision} at its next BootNotification.`;
        else {
          triggered = await send(id, 'TriggerMessage', { requestedMessage: 'BootNotification' });
          note = triggered.ok
            ? `Saved, and ${id} was asked to boot again now (TriggerMessage BootNotification: ${String((triggered.response as { status?: string } | undefined)?.status)}).`
            : `Saved; asking ${id} to boot again failed (${triggered.error?.code}): it is answered ${decision} at its next BootNotification.`;
        }
        return { registry: registryEntry(row), trigger: triggered, note };
      },
      refusals: () => deps.refusals?.list() ?? [],
    },
    { addMany },
  );
}
