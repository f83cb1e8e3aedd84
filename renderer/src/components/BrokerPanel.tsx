/**
 * Settings → RabbitMQ broker: runs the RabbitMQ Docker helper (core/docker via /api/broker) with progress (the
 * job followed on the live stream), or, when Docker is absent, says so plainly and offers the embedded transport or an existing broker URL.
 */
import { useCallback, useEffect, useState } from 'react';
import { call, contracts } from '../api/client.js';
import { useJob } from '../api/useJob.js';
import { CopyButton } from './Copy.js';
import type { BrokerJobView, BrokerStatus } from '../../../core/api/contracts/broker.js';
import { redactUrl } from '../../../core/util/redactUrl.js';

// core/docker's own types say more than the contract's schema (checked against it where the route returns them).
const brokerApi = {
  status: () => call(contracts.broker.status) as Promise<BrokerStatus>,
  job: () => call(contracts.broker.job) as Promise<{ job: BrokerJobView | null }>,
  start: () => call(contracts.broker.start) as Promise<{ job: BrokerJobView }>,
  stop: (remove: boolean) => call(contracts.broker.stop, { body: { remove } }) as Promise<{ job: BrokerJobView }>,
};

const redact = redactUrl;

export function BrokerPanel({ transportKind }: { transportKind?: string }) {
  const [status, setStatus] = useState<BrokerStatus | null>(null);
  /** The latest job as GET or the start/stop call returned it; `job` follows it on the live stream. */
  const [started, setStarted] = useState<BrokerJobView | null>(null);
  const job = useJob('broker', started);
  const [error, setError] = useState<string | null>(null);
  const [existingUrl, setExistingUrl] = useState('amqp://guest:guest@127.0.0.1:5672');

  const refresh = useCallback(async () => {
    try {
      setStatus(await brokerApi.status());
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);

  useEffect(() => {
    void refresh();
    brokerApi.job().then(
      ({ job: j }) => setStarted(j),
      (err: Error) => setError(err.message),
    );
  }, [refresh]);

  // a job that ended changed the container: read its status again
  const ended = job !== null && job.state !== 'running';
  useEffect(() => {
    if (ended) void refresh();
  }, [ended, job?.id, refresh]);

  async function act(what: 'start' | 'stop', remove = false) {
    setError(null);
    try {
      const { job: j } = await (what === 'start' ? brokerApi.start() : brokerApi.stop(remove));
      setStarted(j);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const running = job?.state === 'running';
  const last = job?.progress.at(-1);
  const engineOk = status?.engine.available === true;
  const result = job?.state === 'done' && job.action === 'start' ? (job.result as { amqpUrl?: unknown } | null) : null;
  const readyUrl = typeof result?.amqpUrl === 'string' ? result.amqpUrl : null;
  const commandFor = (url: string) => `npx chargebench serve --amqp ${url}`;

  return (
    <section className="panel" aria-label="RabbitMQ broker" data-testid="broker-panel">
      <h2>RabbitMQ broker</h2>
      {!status && !error && <p className="muted">Checking for Docker…</p>}
      {status && !engineOk && (
        <div role="status" data-testid="docker-unavailable">
          <p className="bad-text">{status.engine.available ? '' : status.engine.message}</p>
          <p className="muted small">
            The embedded transport {transportKind === 'amqp' ? 'is available' : 'is running now'} and needs nothing else. To use a broker you already have,
            start the bench with its URL:
          </p>
          <label htmlFor="existing-broker">Existing broker URL</label>
          <input
            id="existing-broker"
            type="text"
            value={existingUrl}
            onChange={(e) => setExistingUrl(e.target.value)}
            spellCheck={false}
            style={{ width: '100%', boxSizing: 'border-box' }}
          />
          <p className="mono small">
            {commandFor(redact(existingUrl))} <CopyButton text={commandFor(existingUrl)} label="Copy command" />
          </p>
        </div>
      )}
      {status && engineOk && (
        <>
          <dl className="kv">
            <dt>Docker</dt>
            <dd>{status.engine.available ? `${status.engine.version} (API ${status.engine.apiVersion})` : ''}</dd>
            <dt>Container</dt>
            <dd className="mono">
              {status.containerName}: {status.container}
            </dd>
            {status.container === 'running' && (
              <>
                <dt>AMQP</dt>
                <dd className="mono">
                  {redact(status.amqpUrl)} <CopyButton text={status.amqpUrl} />
                </dd>
                <dt>Management UI</dt>
                <dd className="mono">
                  <a href={status.managementUrl} target="_blank" rel="noreferrer">
                    {status.managementUrl}
                  </a>
                </dd>
              </>
            )}
          </dl>
          <div className="row">
            <button className="btn primary" type="button" disabled={running} onClick={() => void act('start')}>
              {status.container === 'running' ? 'Check broker' : 'Start RabbitMQ in Docker'}
            </button>
            <button className="btn" type="button" disabled={running || status.container === 'absent'} onClick={() => void act('stop')}>
              Stop
            </button>
            <button className="btn" type="button" disabled={running || status.container === 'absent'} onClick={() => void act('stop', true)}>
              Stop and remove
            </button>
          </div>
        </>
      )}
      {job && (
        <div role="status" aria-live="polite" data-testid="broker-job">
          {running && last && (
            <p>
              {last.message}
              {last.percent !== undefined && <progress max={100} value={last.percent} aria-label="Image pull" />}
            </p>
          )}
          {job.state === 'failed' && <p className="bad-text">{job.error}</p>}
          {readyUrl && (
            <p className="ok-text">
              RabbitMQ is ready. Restart the bench on it: <span className="mono">{commandFor(redact(readyUrl))}</span>{' '}
              <CopyButton text={commandFor(readyUrl)} label="Copy command" />
            </p>
          )}
        </div>
      )}
      {error && <p className="bad-text">{error}</p>}
    </section>
  );
}
