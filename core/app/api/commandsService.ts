/** Commands: one to one charger (its answer as a CommandResult), a charger's command history, command jobs. */
import type { ApiServices } from '../../api/services.js';
import type { ChargerFilter, ChargerSummary, CommandResult } from '../../api/types.js';
import { badRequest } from '../../api/errors.js';
import { CallFailedError } from '../../backend/index.js';
import { OcppError, type CentralSystemAction, type RequestOf } from '../../ocpp/index.js';
import { messageLogQuery } from '../../store/messageLogQuery.js';
import { CommandJobs } from './commandJobs.js';
import type { BenchApiDeps } from './deps.js';
import type { LiveFeed } from './liveFeed.js';
import type { Views } from './views.js';

/** The chargers a list filter shows (the Chargers screen, GET /api/chargers, command jobs by filter). */
export function matchesFilter(c: ChargerSummary, f: ChargerFilter): boolean {
  if (f.q) {
    const t = f.q.toLowerCase();
    if (!(c.id.toLowerCase().includes(t) || (c.vendor ?? '').toLowerCase().includes(t) || (c.model ?? '').toLowerCase().includes(t))) return false;
  }
  if (f.state && c.state !== f.state) return false;
  if (f.connected !== undefined && c.connected !== f.connected) return false;
  if (f.simulated !== undefined && c.simulated !== f.simulated) return false;
  if (f.protocol !== undefined && c.protocol !== f.protocol) return false;
  return true;
}

export function createCommandsService(deps: BenchApiDeps, feed: LiveFeed, views: Views): ApiServices['commands'] {
  const { backend } = deps;
  const log = messageLogQuery(backend.store.db);

  async function send(chargePointId: string, action: string, payload: unknown, timeoutMs?: number): Promise<CommandResult> {
    const started = Date.now();
    try {
      const response = await backend.sendCall(
        chargePointId,
        action as CentralSystemAction,
        payload as RequestOf<CentralSystemAction>,
        timeoutMs ? { timeoutMs } : {},
      );
      return { ok: true, action, response, latencyMs: Date.now() - started };
    } catch (err) {
      const latencyMs = Date.now() - started;
      if (err instanceof OcppError) return { ok: false, action, error: { code: err.code, description: err.message, details: err.details }, latencyMs };
      if (err instanceof CallFailedError) return { ok: false, action, error: { code: err.reason, description: err.message }, latencyMs };
      return { ok: false, action, error: { code: 'failed', description: (err as Error).message }, latencyMs };
    }
  }

  const jobs = new CommandJobs(send);
  jobs.registry.subscribe((job) => feed.emit({ kind: 'job', job }));

  return {
    send,
    history(chargePointId, q) {
      const page = log.page({ chargePointId, direction: 'out', messageType: 'CALL', ...(q.action ? { action: q.action } : {}), limit: q.limit });
      return page.entries
        .filter((e) => e.call)
        .map((e) => {
          const c = e.call!;
          const r = e.reply;
          return {
            frameId: c.id,
            action: c.action ?? '',
            at: c.at,
            payload: c.payload,
            state: c.state,
            reply: r ? { messageType: r.messageType, payload: r.payload, errorCode: r.errorCode, errorDescription: r.errorDescription } : null,
            latencyMs: e.latencyMs === null ? null : Math.round(e.latencyMs),
          };
        });
    },
    startJob(req) {
      const ids =
        req.chargePointIds ??
        views
          .allSummaries()
          .filter((c) => matchesFilter(c, req.filter ?? {}))
          .map((c) => c.id);
      if (ids.length === 0) throw badRequest('No charger matches: the job would send nothing');
      return jobs.start({
        action: req.action,
        payload: req.payload,
        chargePointIds: ids,
        ...(req.timeoutMs ? { timeoutMs: req.timeoutMs } : {}),
        concurrency: req.concurrency,
      });
    },
    jobs: () => jobs.list(),
    job: (id) => jobs.get(id),
  };
}
