/** A tiny method + path router: `/api/chargers/:id` patterns, params URL-decoded. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Params, badRequest, readJsonBody } from './http.js';
import type { ApiServices } from './services.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters (`:id`), URL-decoded. */
  params: Record<string, string>;
  query: Params;
  /** Reads and parses the JSON body (object required). */
  body(): Promise<Params>;
  services: ApiServices;
}

export interface Route {
  method: Method;
  path: string;
  /** Returns the JSON body to send with 200, or undefined after writing the response itself (raw). */
  handler(ctx: RouteContext): unknown;
  /** Allow the token as a `token` query parameter (downloads opened as links). */
  queryToken?: boolean;
}

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

export class Router {
  private readonly compiled: Compiled[] = [];

  add(routes: Route[]): this {
    for (const route of routes) {
      const names: string[] = [];
      const pattern = route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, n: string) => {
        names.push(n);
        return '([^/]+)';
      });
      this.compiled.push({ route, regex: new RegExp(`^${pattern}$`), names });
    }
    return this;
  }

  /** Finds the route; `allowed` lists the methods that match the path when the method does not. */
  match(method: string, pathname: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | null {
    const allowed: string[] = [];
    for (const c of this.compiled) {
      const m = c.regex.exec(pathname);
      if (!m) continue;
      if (c.route.method !== method) {
        allowed.push(c.route.method);
        continue;
      }
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => {
        try {
          params[n] = decodeURIComponent(m[i + 1] ?? '');
        } catch {
          throw badRequest(`Path parameter "${n}" is not valid URL encoding`);
        }
      });
      return { route: c.route, params };
    }
    return allowed.length ? { allowed } : null;
  }

  routes(): Route[] {
    return this.compiled.map((c) => c.route);
  }
}

export function makeContext(req: IncomingMessage, res: ServerResponse, url: URL, params: Record<string, string>, services: ApiServices): RouteContext {
  let body: Promise<Params> | undefined;
  return {
    req,
    res,
    url,
    params,
    query: Params.fromQuery(url),
    body: () => (body ??= readJsonBody(req).then((b) => Params.fromBody(b))),
    services,
  };
}
