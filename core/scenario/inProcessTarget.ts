/**
 * ChargeBench's own central system, started in this process for a scenario run (backend + edge over the
 * in-process transport, a temporary data folder), with full control: send any CS→CP command, toggle
 * middleware, change settings.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe, type ServeHandle } from '../app/services.js';
import type { Backend } from '../backend/index.js';
import type { CentralSystemAction, RequestOf } from '../ocpp/index.js';
import { ANY_VERSION_CENTRAL_SYSTEM_ACTIONS } from '../ocpp/protocols.js';
import { setByPath, type CentralSystemControl, type ScenarioTarget } from './centralSystem.js';

export interface InProcessTarget extends ScenarioTarget {
  serve: ServeHandle;
  stop(): Promise<void>;
}

export function backendControl(backend: Backend): CentralSystemControl {
  return {
    async sendCall(chargerId, action, payload, opts) {
      // The backend sends it in the charger's own version (and refuses an action that version does not have).
      if (!ANY_VERSION_CENTRAL_SYSTEM_ACTIONS.includes(action)) throw new Error(`"${action}" is not a central-system action`);
      const reply = await backend.sendCall(
        chargerId,
        action as CentralSystemAction,
        payload as unknown as RequestOf<CentralSystemAction>,
        opts?.timeoutMs ? { timeoutMs: opts.timeoutMs } : {},
      );
      return reply as unknown as Record<string, unknown>;
    },
    async setMiddleware(name, enabled, action) {
      if (action) {
        await backend.middleware.setEnabled(action, name, enabled);
        return;
      }
      const chains = backend.middleware.list().filter((c) => c.middleware.some((m) => m.name === name));
      if (chains.length === 0) {
        const known = [...new Set(backend.middleware.catalog().map((c) => c.name))].join(', ');
        throw new Error(`no middleware named "${name}"; known: ${known}`);
      }
      for (const c of chains) await backend.middleware.setEnabled(c.chain, name, enabled);
    },
    async setSetting(key, value) {
      await backend.settings.update((draft) => setByPath(draft as unknown as Record<string, unknown>, key, value));
    },
  };
}

/** Starts ChargeBench's backend + edge on an ephemeral 127.0.0.1 port with a fresh temporary data folder. */
export async function startInProcessTarget(): Promise<InProcessTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'chargebench-scenario-'));
  const env = { ...process.env };
  delete env.AMQP_URL; // a scenario's own backend always uses the in-process transport
  delete env.CHARGEBENCH_DATA_DIR;
  let serve: ServeHandle;
  try {
    serve = await startServe({ dataDir, ocppPort: 0, host: '127.0.0.1', env });
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: serve.ocppUrl,
    label: 'in-process',
    control: backendControl(serve.backend),
    serve,
    async stop() {
      await serve.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
