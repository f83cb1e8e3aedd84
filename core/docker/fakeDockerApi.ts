/**
 * Test double of the Docker Engine API: a small HTTP server on a unix socket in a temp dir, implementing the
 * endpoints the broker helper uses, with the real engine's status codes (404 unknown, 304 already
 * started/stopped, 409 name conflict / removing a running container, 500 port already allocated).
 * Used by tests only; dockerode talks to it through `socketPath` exactly as it talks to dockerd.
 */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface FakeContainer {
  Id: string;
  Name: string;
  Image: string;
  running: boolean;
  spec: Record<string, unknown>;
  StartedAt?: string;
}

export interface FakeDockerBehaviour {
  /** Images already present. */
  images: Set<string>;
  /** Make /containers/{id}/start fail as if the host port were taken. */
  portTaken?: boolean;
  /** Never answer these paths (prefix match), to test time-boxing. */
  hang?: string[];
  /** Pull emits an error event instead of completing. */
  pullError?: string;
}

export interface FakeDockerApi {
  socketPath: string;
  calls: string[];
  containers: Map<string, FakeContainer>;
  behaviour: FakeDockerBehaviour;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(text);
}

export async function startFakeDockerApi(behaviour: Partial<FakeDockerBehaviour> = {}): Promise<FakeDockerApi> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cb-fake-docker-'));
  const socketPath = path.join(dir, 'docker.sock');
  const calls: string[] = [];
  const containers = new Map<string, FakeContainer>();
  const b: FakeDockerBehaviour = { images: new Set(), ...behaviour };
  let nextId = 1;
  const find = (idOrName: string) => containers.get(idOrName) ?? [...containers.values()].find((c) => c.Name === idOrName);

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://docker');
      const p = decodeURIComponent(url.pathname.replace(/^\/v\d+(\.\d+)?/, ''));
      calls.push(`${req.method} ${p}`);
      if (b.hang?.some((h) => p.startsWith(h))) return; // never answer
      let m: RegExpMatchArray | null;
      if (req.method === 'GET' && p === '/_ping') return send(res, 200, 'OK');
      if (req.method === 'GET' && p === '/version') return send(res, 200, { Version: '27.0.0-fake', ApiVersion: '1.46', Os: 'linux' });
      if (req.method === 'GET' && (m = p.match(/^\/images\/(.+)\/json$/))) {
        return b.images.has(m[1]!) ? send(res, 200, { Id: 'sha256:fake', RepoTags: [m[1]] }) : send(res, 404, { message: `No such image: ${m[1]}` });
      }
      if (req.method === 'POST' && p === '/images/create') {
        const image = `${url.searchParams.get('fromImage')}:${url.searchParams.get('tag') ?? 'latest'}`;
        res.writeHead(200, { 'content-type': 'application/json' });
        const events: unknown[] = [{ status: `Pulling from library/${image}` }];
        for (const layer of ['l1', 'l2']) {
          events.push({ id: layer, status: 'Downloading', progressDetail: { current: 50, total: 100 } });
          events.push({ id: layer, status: 'Downloading', progressDetail: { current: 100, total: 100 } });
          events.push({ id: layer, status: 'Pull complete', progressDetail: {} });
        }
        if (b.pullError) events.push({ error: b.pullError, errorDetail: { message: b.pullError } });
        else events.push({ status: `Status: Downloaded newer image for ${image}` });
        for (const e of events) res.write(JSON.stringify(e) + '\r\n');
        if (!b.pullError) b.images.add(image);
        return res.end();
      }
      if (req.method === 'POST' && p === '/containers/create') {
        const name = url.searchParams.get('name') ?? `c${nextId}`;
        if (find(name)) return send(res, 409, { message: `Conflict. The container name "/${name}" is already in use` });
        const spec = JSON.parse(body || '{}') as Record<string, unknown>;
        if (!b.images.has(String(spec.Image))) return send(res, 404, { message: `No such image: ${spec.Image}` });
        const Id = `fake${String(nextId++).padStart(60, '0')}`;
        containers.set(Id, { Id, Name: name, Image: String(spec.Image), running: false, spec });
        return send(res, 201, { Id, Warnings: [] });
      }
      if ((m = p.match(/^\/containers\/([^/]+)(\/[a-z]+)?$/))) {
        const c = find(m[1]!);
        if (!c) return send(res, 404, { message: `No such container: ${m[1]}` });
        const op = m[2] ?? '';
        if (req.method === 'GET' && op === '/json') {
          return send(res, 200, {
            Id: c.Id,
            Name: `/${c.Name}`,
            Config: { Image: c.Image, Hostname: c.spec.Hostname },
            HostConfig: c.spec.HostConfig,
            State: { Status: c.running ? 'running' : 'exited', Running: c.running, StartedAt: c.StartedAt ?? '0001-01-01T00:00:00Z' },
          });
        }
        if (req.method === 'POST' && op === '/start') {
          if (c.running) return send(res, 304);
          if (b.portTaken)
            return send(res, 500, { message: 'driver failed programming external connectivity: Bind for 127.0.0.1:5672 failed: port is already allocated' });
          c.running = true;
          c.StartedAt = new Date().toISOString();
          return send(res, 204);
        }
        if (req.method === 'POST' && op === '/stop') {
          if (!c.running) return send(res, 304);
          c.running = false;
          return send(res, 204);
        }
        if (req.method === 'DELETE' && op === '') {
          if (c.running)
            return send(res, 409, {
              message: `cannot remove container "/${c.Name}": container is running: stop the container before removing or force remove`,
            });
          containers.delete(c.Id);
          return send(res, 204);
        }
      }
      return send(res, 404, { message: `page not found: ${req.method} ${p}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    socketPath,
    calls,
    containers,
    behaviour: b,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
