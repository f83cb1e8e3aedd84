/**
 * Finding a Docker engine: builds a dockerode client (default socket / DOCKER_HOST, or an explicit socket
 * path) and probes it with /_ping and /version, time-boxed. When there is no usable engine the answer is a
 * plain sentence the Settings screen and the CLI show as is.
 */
import Docker from 'dockerode';
import { timeBoxed, DockerTimeoutError } from './timeBox.js';

export interface DockerConnectOptions {
  /** Unix socket (or Windows named pipe) of the engine; default: DOCKER_HOST or the platform default. */
  socketPath?: string;
  /** Time allowed for each control call (ping, inspect, create, start, stop). Default 5 s. */
  callTimeoutMs?: number;
}

export type DockerDetection = { available: true; version: string; apiVersion: string; os: string } | { available: false; reason: string; message: string };

export class DockerUnavailableError extends Error {
  override readonly name = 'DockerUnavailableError';
  constructor(readonly reason: string) {
    super(unavailableMessage(reason));
  }
}

export const DEFAULT_CALL_TIMEOUT_MS = 5_000;

export function unavailableMessage(reason: string): string {
  return `Docker is not available: ${reason}. Use the embedded transport or enter an existing broker URL.`;
}

export function createDockerClient(opts: DockerConnectOptions = {}): Docker {
  return opts.socketPath ? new Docker({ socketPath: opts.socketPath }) : new Docker();
}

/** Turns a low-level failure into the reason a user can act on. */
export function describeDockerError(err: unknown): string {
  if (err instanceof DockerTimeoutError) return `the Docker engine did not answer within ${err.timeoutMs / 1000} s (is it starting or stuck?)`;
  const e = err as { code?: string; message?: string; statusCode?: number; reason?: string; json?: { message?: string } };
  switch (e?.code) {
    case 'ENOENT':
      return 'no Docker engine socket found (Docker is not installed or not running)';
    case 'ECONNREFUSED':
      return 'the Docker engine refused the connection (Docker is not running)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied on the Docker socket (add your user to the "docker" group or start Docker Desktop)';
    case 'ECONNRESET':
      return 'the Docker engine closed the connection';
    default:
      break;
  }
  if (typeof e?.statusCode === 'number') {
    const detail = e.json?.message ?? e.reason ?? e.message ?? '';
    return `the Docker engine answered HTTP ${e.statusCode}${detail ? ` (${detail})` : ''}`;
  }
  return e?.message ? String(e.message) : String(err);
}

/** Probes the engine; never throws and never takes longer than about twice the call timeout. */
export async function detectDocker(docker: Docker, callTimeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<DockerDetection> {
  try {
    // dockerode accepts { abortSignal } on ping/version; its type definitions lag behind.
    const api = docker as unknown as { ping(o: { abortSignal: AbortSignal }): Promise<unknown>; version(o: { abortSignal: AbortSignal }): Promise<unknown> };
    await timeBoxed('Docker ping', callTimeoutMs, (abortSignal) => api.ping({ abortSignal }));
    const v = (await timeBoxed('Docker version', callTimeoutMs, (abortSignal) => api.version({ abortSignal }))) as {
      Version?: string;
      ApiVersion?: string;
      Os?: string;
    };
    return { available: true, version: v.Version ?? 'unknown', apiVersion: v.ApiVersion ?? 'unknown', os: v.Os ?? 'unknown' };
  } catch (err) {
    const reason = describeDockerError(err);
    return { available: false, reason, message: unavailableMessage(reason) };
  }
}
