/**
 * The RabbitMQ container ChargeBench manages for its users: a named `rabbitmq:3-management` container with
 * AMQP (5672) and management UI (15672) published, its data on a named volume, a fixed hostname (RabbitMQ
 * keys its data directory by node name, so a stable hostname keeps queues across re-creation).
 *
 * start: engine check → image present? (pull with progress) → create (if absent) → start (if not running)
 *        → wait until AMQP accepts a connection.   status: engine + container state.   stop: stop, and remove
 *        on request (the volume is kept).  Every engine call is time-boxed (see timeBox.ts).
 */
import type Docker from 'dockerode';
import { detectDocker, describeDockerError, DockerUnavailableError, DEFAULT_CALL_TIMEOUT_MS, type DockerDetection } from './dockerEngine.js';
import { timeBoxed } from './timeBox.js';
import { waitForAmqp as defaultWaitForAmqp, redactUrl, type AmqpWaitOptions } from './amqpReady.js';

export interface RabbitBrokerOptions {
  containerName?: string;
  image?: string;
  volumeName?: string;
  /** Host port for AMQP. Default 5672. */
  amqpPort?: number;
  /** Host port for the management UI. Default 15672. */
  managementPort?: number;
  /** Host address the ports are published on. Default 127.0.0.1; 0.0.0.0 for edges on other machines. */
  bindAddress?: string;
  /** Broker user. RabbitMQ's `guest` only works from localhost: set a user for other machines. */
  user?: string;
  password?: string;
  /** Host this machine uses to reach the published AMQP port. Default 127.0.0.1. */
  amqpHost?: string;
  callTimeoutMs?: number;
  /** Pull: give up when no progress arrives for this long. Default 60 s. */
  pullIdleTimeoutMs?: number;
  /** Pull the image when it is missing. Default true. */
  pull?: boolean;
  /** Deadline for AMQP readiness after start. Default 90 s. */
  amqpTimeoutMs?: number;
  amqpIntervalMs?: number;
  /** Injected by tests; default waits with amqplib. */
  waitForAmqp?: (url: string, opts: AmqpWaitOptions) => Promise<{ attempts: number; elapsedMs: number }>;
}

export type BrokerStep = 'engine' | 'image' | 'pull' | 'create' | 'start' | 'wait' | 'ready' | 'stop' | 'remove';
export interface BrokerProgress {
  step: BrokerStep;
  message: string;
  /** 0..100 when the step can measure it (image pull). */
  percent?: number;
}
export type ProgressListener = (p: BrokerProgress) => void;

export const BROKER_DEFAULTS = {
  containerName: 'chargebench-rabbitmq',
  image: 'rabbitmq:3-management',
  volumeName: 'chargebench-rabbitmq-data',
  amqpPort: 5672,
  managementPort: 15672,
  bindAddress: '127.0.0.1',
  user: 'guest',
  password: 'guest',
  amqpHost: '127.0.0.1',
} as const;

export interface BrokerEndpoints {
  amqpUrl: string;
  managementUrl: string;
}

export interface BrokerStartResult extends BrokerEndpoints {
  containerId: string;
  containerName: string;
  created: boolean;
  pulled: boolean;
  alreadyRunning: boolean;
  waitedMs: number;
}

export type ContainerState = 'absent' | 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface BrokerStatus extends BrokerEndpoints {
  engine: DockerDetection;
  containerName: string;
  container: ContainerState;
  containerId?: string;
  image?: string;
  startedAt?: string;
}

export class BrokerError extends Error {
  override readonly name = 'BrokerError';
  constructor(
    message: string,
    readonly step: BrokerStep,
  ) {
    super(message);
  }
}

function resolved(opts: RabbitBrokerOptions) {
  return { ...BROKER_DEFAULTS, callTimeoutMs: DEFAULT_CALL_TIMEOUT_MS, ...stripUndefined(opts) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function brokerEndpoints(opts: RabbitBrokerOptions = {}): BrokerEndpoints {
  const o = resolved(opts);
  const cred = `${encodeURIComponent(o.user)}:${encodeURIComponent(o.password)}`;
  return {
    amqpUrl: `amqp://${cred}@${o.amqpHost}:${o.amqpPort}`,
    managementUrl: `http://${o.amqpHost}:${o.managementPort}/`,
  };
}

/** The container spec (exported so tests and docs can see exactly what is created). */
export function containerSpec(opts: RabbitBrokerOptions = {}): Docker.ContainerCreateOptions {
  const o = resolved(opts);
  return {
    name: o.containerName,
    Image: o.image,
    Hostname: o.containerName,
    Env: [`RABBITMQ_DEFAULT_USER=${o.user}`, `RABBITMQ_DEFAULT_PASS=${o.password}`],
    Labels: { 'com.chargebench.role': 'broker' },
    ExposedPorts: { '5672/tcp': {}, '15672/tcp': {} },
    HostConfig: {
      PortBindings: {
        '5672/tcp': [{ HostIp: o.bindAddress, HostPort: String(o.amqpPort) }],
        '15672/tcp': [{ HostIp: o.bindAddress, HostPort: String(o.managementPort) }],
      },
      Mounts: [{ Type: 'volume', Source: o.volumeName, Target: '/var/lib/rabbitmq' }],
    },
  };
}

function statusCode(err: unknown): number | undefined {
  const c = (err as { statusCode?: unknown })?.statusCode;
  return typeof c === 'number' ? c : undefined;
}

async function requireEngine(docker: Docker, callTimeoutMs: number, progress: ProgressListener): Promise<void> {
  progress({ step: 'engine', message: 'checking the Docker engine' });
  const engine = await detectDocker(docker, callTimeoutMs);
  if (!engine.available) throw new DockerUnavailableError(engine.reason);
  progress({ step: 'engine', message: `Docker ${engine.version} (API ${engine.apiVersion}, ${engine.os})` });
}

interface InspectedContainer {
  Id: string;
  Config?: { Image?: string };
  State?: { Status?: string; Running?: boolean; StartedAt?: string };
}

async function inspectContainer(docker: Docker, name: string, callTimeoutMs: number): Promise<InspectedContainer | undefined> {
  try {
    return (await timeBoxed(`Docker inspect ${name}`, callTimeoutMs, (abortSignal) =>
      docker.getContainer(name).inspect({ abortSignal }),
    )) as InspectedContainer;
  } catch (err) {
    if (statusCode(err) === 404) return undefined;
    throw err;
  }
}

async function imagePresent(docker: Docker, image: string, callTimeoutMs: number): Promise<boolean> {
  try {
    await timeBoxed(`Docker image inspect ${image}`, callTimeoutMs, () => docker.getImage(image).inspect());
    return true;
  } catch (err) {
    if (statusCode(err) === 404) return false;
    throw err;
  }
}

interface PullEvent {
  id?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  progressDetail?: { current?: number; total?: number };
}

/** Pulls the image, turning the engine's per-layer events into one percentage; fails when it stalls. */
export async function pullImage(docker: Docker, image: string, idleTimeoutMs: number, callTimeoutMs: number, progress: ProgressListener): Promise<void> {
  progress({ step: 'pull', message: `pulling ${image} (first start only)`, percent: 0 });
  const controller = new AbortController();
  const stream = await timeBoxed(
    `Docker pull ${image}`,
    callTimeoutMs,
    () => docker.pull(image, { abortSignal: controller.signal }) as Promise<NodeJS.ReadableStream>,
  );
  const layers = new Map<string, { current: number; total: number }>();
  let lastReport = 0;
  let lastPercent = -1;
  await new Promise<void>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        controller.abort();
        reject(
          new BrokerError(
            `pulling ${image} stalled: no progress for ${Math.round(idleTimeoutMs / 1000)} s (check the network or run \`docker pull ${image}\`)`,
            'pull',
          ),
        );
      }, idleTimeoutMs);
    };
    armIdle();
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: PullEvent[]) => {
        clearTimeout(idle);
        const failed = output?.find((e) => e.error);
        if (err || failed) {
          reject(new BrokerError(`pulling ${image} failed: ${failed?.errorDetail?.message ?? failed?.error ?? err?.message}`, 'pull'));
        } else {
          progress({ step: 'pull', message: `pulled ${image}`, percent: 100 });
          resolve();
        }
      },
      (ev: PullEvent) => {
        armIdle();
        if (ev.id && ev.progressDetail?.total) {
          layers.set(ev.id, { current: ev.progressDetail.current ?? 0, total: ev.progressDetail.total });
        } else if (ev.id && /complete|already exists/i.test(ev.status ?? '')) {
          const l = layers.get(ev.id);
          if (l) l.current = l.total;
        }
        let cur = 0;
        let tot = 0;
        for (const l of layers.values()) {
          cur += l.current;
          tot += l.total;
        }
        const percent = tot > 0 ? Math.min(99, Math.floor((cur / tot) * 100)) : 0;
        const now = Date.now();
        if (percent !== lastPercent && now - lastReport >= 500) {
          lastReport = now;
          lastPercent = percent;
          progress({ step: 'pull', message: `pulling ${image}: ${percent}%`, percent });
        }
      },
    );
  });
}

function explainStartFailure(err: unknown, o: ReturnType<typeof resolved>): string {
  const detail = describeDockerError(err);
  if (/port is already allocated|address already in use|bind/i.test(detail)) {
    return (
      `could not publish ports ${o.amqpPort}/${o.managementPort}: another program (another RabbitMQ?) already uses them. ` +
      `Enter that broker's URL as an existing broker, or choose other ports (--amqp-port, --management-port). (${detail})`
    );
  }
  return `could not start container ${o.containerName}: ${detail}`;
}

export async function startRabbitBroker(docker: Docker, opts: RabbitBrokerOptions = {}, progress: ProgressListener = () => {}): Promise<BrokerStartResult> {
  const o = resolved(opts);
  const { amqpUrl, managementUrl } = brokerEndpoints(opts);
  await requireEngine(docker, o.callTimeoutMs, progress);

  let info = await inspectContainer(docker, o.containerName, o.callTimeoutMs);
  let created = false;
  let pulled = false;
  if (!info) {
    progress({ step: 'image', message: `checking image ${o.image}` });
    if (!(await imagePresent(docker, o.image, o.callTimeoutMs))) {
      if (o.pull === false) throw new BrokerError(`image ${o.image} is not present and pulling is off: run \`docker pull ${o.image}\``, 'image');
      await pullImage(docker, o.image, o.pullIdleTimeoutMs ?? 60_000, o.callTimeoutMs, progress);
      pulled = true;
    }
    progress({ step: 'create', message: `creating container ${o.containerName} (volume ${o.volumeName})` });
    try {
      await timeBoxed(`Docker create ${o.containerName}`, o.callTimeoutMs, (abortSignal) => docker.createContainer({ ...containerSpec(opts), abortSignal }));
    } catch (err) {
      throw new BrokerError(`could not create container ${o.containerName}: ${describeDockerError(err)}`, 'create');
    }
    created = true;
    info = await inspectContainer(docker, o.containerName, o.callTimeoutMs);
    if (!info) throw new BrokerError(`container ${o.containerName} vanished right after it was created`, 'create');
  }

  const alreadyRunning = info.State?.Running === true;
  if (alreadyRunning) {
    progress({ step: 'start', message: `container ${o.containerName} is already running` });
  } else {
    progress({ step: 'start', message: `starting container ${o.containerName}` });
    try {
      await timeBoxed(`Docker start ${o.containerName}`, o.callTimeoutMs, (abortSignal) => docker.getContainer(info!.Id).start({ abortSignal }));
    } catch (err) {
      if (statusCode(err) !== 304) throw new BrokerError(explainStartFailure(err, o), 'start');
    }
  }

  progress({ step: 'wait', message: `waiting for RabbitMQ to accept AMQP connections at ${redactUrl(amqpUrl)}` });
  const wait = o.waitForAmqp ?? defaultWaitForAmqp;
  let waited: { attempts: number; elapsedMs: number };
  try {
    waited = await wait(amqpUrl, {
      timeoutMs: o.amqpTimeoutMs ?? 90_000,
      intervalMs: o.amqpIntervalMs ?? 1_000,
      onAttempt: (attempt, elapsedMs) => progress({ step: 'wait', message: `waiting for AMQP (attempt ${attempt}, ${Math.round(elapsedMs / 1000)} s)` }),
    });
  } catch (err) {
    throw new BrokerError(`${(err as Error).message}. See \`docker logs ${o.containerName}\`.`, 'wait');
  }
  progress({ step: 'ready', message: `RabbitMQ is ready at ${redactUrl(amqpUrl)} (management UI ${managementUrl})` });
  return { containerId: info.Id, containerName: o.containerName, amqpUrl, managementUrl, created, pulled, alreadyRunning, waitedMs: waited.elapsedMs };
}

export async function rabbitBrokerStatus(docker: Docker, opts: RabbitBrokerOptions = {}): Promise<BrokerStatus> {
  const o = resolved(opts);
  const endpoints = brokerEndpoints(opts);
  const engine = await detectDocker(docker, o.callTimeoutMs);
  const base = { ...endpoints, engine, containerName: o.containerName };
  if (!engine.available) return { ...base, container: 'absent' };
  const info = await inspectContainer(docker, o.containerName, o.callTimeoutMs);
  if (!info) return { ...base, container: 'absent' };
  const state = (info.State?.Status ?? (info.State?.Running ? 'running' : 'exited')) as ContainerState;
  return {
    ...base,
    container: state,
    containerId: info.Id,
    ...(info.Config?.Image ? { image: info.Config.Image } : {}),
    ...(info.State?.StartedAt ? { startedAt: info.State.StartedAt } : {}),
  };
}

export interface BrokerStopResult {
  existed: boolean;
  stopped: boolean;
  removed: boolean;
}

/** Stops the container (grace period 10 s) and, when `remove` is set, removes it. The data volume stays. */
export async function stopRabbitBroker(
  docker: Docker,
  opts: RabbitBrokerOptions & { remove?: boolean } = {},
  progress: ProgressListener = () => {},
): Promise<BrokerStopResult> {
  const o = resolved(opts);
  await requireEngine(docker, o.callTimeoutMs, progress);
  const info = await inspectContainer(docker, o.containerName, o.callTimeoutMs);
  if (!info) {
    progress({ step: 'stop', message: `no container named ${o.containerName}: nothing to stop` });
    return { existed: false, stopped: false, removed: false };
  }
  let stopped = false;
  if (info.State?.Running) {
    progress({ step: 'stop', message: `stopping container ${o.containerName}` });
    try {
      // The engine waits up to t seconds for RabbitMQ to stop before killing it; allow for that.
      await timeBoxed(`Docker stop ${o.containerName}`, o.callTimeoutMs + 10_000, (abortSignal) => docker.getContainer(info.Id).stop({ t: 10, abortSignal }));
      stopped = true;
    } catch (err) {
      if (statusCode(err) !== 304) throw new BrokerError(`could not stop container ${o.containerName}: ${describeDockerError(err)}`, 'stop');
    }
  } else {
    progress({ step: 'stop', message: `container ${o.containerName} is not running` });
  }
  let removed = false;
  if (opts.remove) {
    progress({ step: 'remove', message: `removing container ${o.containerName} (volume ${o.volumeName} is kept)` });
    try {
      await timeBoxed(`Docker remove ${o.containerName}`, o.callTimeoutMs, (abortSignal) => docker.getContainer(info.Id).remove({ abortSignal }));
      removed = true;
    } catch (err) {
      if (statusCode(err) !== 404) throw new BrokerError(`could not remove container ${o.containerName}: ${describeDockerError(err)}`, 'remove');
    }
  }
  return { existed: true, stopped, removed };
}
