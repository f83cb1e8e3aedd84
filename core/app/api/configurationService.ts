/** A charger's configuration table: its keys as last read, the answer to each key's last change; reading and changing them. */
import type { ApiServices } from '../../api/services.js';
import type { ConfigKeyView, ConfigurationView } from '../../api/types.js';
import type { BenchApiDeps } from './deps.js';

export function createConfigurationService(deps: BenchApiDeps, commands: ApiServices['commands']): ApiServices['configuration'] {
  const { backend } = deps;
  const { store } = backend;

  function get(chargePointId: string): ConfigurationView {
    const keys = store.chargePoints.get(chargePointId)?.configuration ?? [];
    const changes = new Map(store.configuration.changes(chargePointId).map((c) => [c.key, c]));
    const info = store.configuration.readInfo(chargePointId);
    const rows: ConfigKeyView[] = keys.map((k) => {
      const c = changes.get(k.key);
      return { key: k.key, readonly: k.readonly, value: k.value ?? null, lastChange: c ? { value: c.value, status: c.status, at: c.at } : null };
    });
    // keys changed that the charger never listed (a ChangeConfiguration of an unknown key) show too
    for (const [key, c] of changes)
      if (!keys.some((k) => k.key === key)) rows.push({ key, readonly: false, value: null, lastChange: { value: c.value, status: c.status, at: c.at } });
    return { chargePointId, readAt: info.readAt, keys: rows.sort((a, b) => a.key.localeCompare(b.key)), unknownKeys: info.unknownKeys };
  }

  /** After the reply middleware's (or the unanswered-CALL tracker's) writes for this charger. */
  const settled = <T>(chargePointId: string, fn: () => T) => backend.applyChange(chargePointId, fn);

  return {
    get,
    async read(chargePointId, keys) {
      const result = await commands.send(chargePointId, 'GetConfiguration', keys && keys.length ? { key: keys } : {});
      return { configuration: await settled(chargePointId, () => get(chargePointId)), result };
    },
    async change(chargePointId, key, value) {
      const result = await commands.send(chargePointId, 'ChangeConfiguration', { key, value });
      const table = await settled(chargePointId, () => get(chargePointId));
      const row = table.keys.find((k) => k.key === key) ?? { key, readonly: false, value: null, lastChange: null };
      return { key: row, result };
    },
  };
}
