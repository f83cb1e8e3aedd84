/** Settings, middleware chains and id tags: the backend's configuration as the Settings and Middleware screens use it. */
import type { ApiServices } from '../../api/services.js';
import type { SettingsView } from '../../api/types.js';
import { ConfigError } from '../../config/errors.js';
import { SETTING_DEFS, findSetting, setValueAt, valueAt, type SettingDef, type SettingValues } from '../../config/settingsSchema.js';
import type { BenchApiDeps } from './deps.js';

export function createSettingsServices(deps: BenchApiDeps): Pick<ApiServices, 'settings' | 'middleware' | 'idTags'> {
  const { backend } = deps;
  const { store } = backend;

  function settingsView(): SettingsView {
    const s = backend.settings.get();
    const t = deps.transportStatus();
    const values: Record<string, unknown> = {};
    for (const d of SETTING_DEFS as readonly SettingDef[])
      values[d.name] = d.owner === 'edge' ? (deps.unknownChargers?.get() ?? d.default) : valueAt(s, d.name);
    return {
      ...(values as SettingValues),
      amqpUrl: t.kind === 'amqp' ? (t.url ?? null) : null,
      transport: t.kind,
      dataDir: deps.dataDir,
    };
  }

  function chainView(c: { chain: string; middleware: Array<{ name: string; description: string; enabled: boolean }> }) {
    return { action: c.chain, items: c.middleware, customized: backend.settings.get().middleware[c.chain] !== undefined };
  }

  return {
    settings: {
      get: settingsView,
      async update(patch) {
        const unknownChargers = patch['edge.unknownChargers'];
        if (unknownChargers !== undefined) {
          if (!deps.unknownChargers) throw new ConfigError('The unknown-charger policy is set on the edge, which does not run in this process');
          deps.unknownChargers.set(unknownChargers);
        }
        await backend.settings.update((d) => {
          for (const [name, value] of Object.entries(patch)) {
            const def = findSetting(name);
            if (def?.owner === 'settings.json' && value !== undefined) setValueAt(d as unknown as Record<string, unknown>, def.name, value);
          }
        });
        return settingsView();
      },
    },
    middleware: {
      list: () => backend.middleware.list().map((c) => chainView(c)),
      async set(action, items) {
        let info = await backend.middleware.reorder(
          action,
          items.map((i) => i.name),
        );
        for (const it of items) {
          const cur = info.middleware.find((m) => m.name === it.name);
          if (cur && cur.enabled !== it.enabled) info = await backend.middleware.setEnabled(action, it.name, it.enabled);
        }
        return chainView(info);
      },
      async reset(action) {
        if (action) {
          await backend.settings.update((d) => {
            delete d.middleware[action];
          });
        } else await backend.middleware.reset();
        return backend.middleware.list().map((c) => chainView(c));
      },
    },
    idTags: {
      list: () =>
        store.idTags.list({ limit: 10_000 }).rows.map((t) => ({ idTag: t.idTag, status: t.status, expiryDate: t.expiryDate, parentIdTag: t.parentIdTag })),
      async upsert(tag) {
        const r = await backend.applyChange(null, () =>
          store.idTags.upsert({
            idTag: tag.idTag,
            status: tag.status as never,
            expiryDate: tag.expiryDate ?? undefined,
            parentIdTag: tag.parentIdTag ?? undefined,
          }),
        );
        return { idTag: r.idTag, status: r.status, expiryDate: r.expiryDate, parentIdTag: r.parentIdTag };
      },
      remove: (idTag) => backend.applyChange(null, () => store.idTags.delete(idTag)),
    },
  };
}
