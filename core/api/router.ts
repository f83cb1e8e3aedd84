/**
 * Routes are contracts (core/api/contracts) with a handler: `route(contracts.chargers.get, ({ params, services }) => …)`.
 * The router matches method + path (`:id` segments URL-decoded); the server validates the request against the
 * contract before the handler runs, so a handler sees typed, checked parameters with their defaults.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Contract, ResultOf, Validated } from './contracts/contract.js';
import { badRequest } from './errors.js';
import type { ApiServices } from './services.js';

export type { Method } from './contracts/contract.js';

export interface RouteContext<C extends Contract = Contract> extends Validated<C> {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  services: ApiServices;
}

export interface Route<C extends Contract = Contract> {
  contract: C;
  /** Returns the JSON body to send with 200; a route without a response schema writes its own (or 204). */
  handle(ctx: RouteContext<C>): unknown;
}

/** Implements a contract; the handler's return type is the contract's response type. */
export function route<C extends Contract>(contract: C, handle: (ctx: RouteContext<C>) => ResultOf<C> | Promise<ResultOf<C>>): Route {
  return { contract, handle: handle as Route['handle'] };
}

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

export class Router {
  private readonly compiled: Compiled[] = [];

  add(routes: Route[]): this {
    for (const r of routes) {
      const names: string[] = [];
      const pattern = r.contract.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, n: string) => {
        names.push(n);
        return '([^/]+)';
      });
      this.compiled.push({ route: r, regex: new RegExp(`^${pattern}$`), names });
    }
    return this;
  }

  /** Finds the route; `allowed` lists the methods that match the path when the method does not. */
  match(method: string, pathname: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | null {
    const allowed: string[] = [];
    for (const c of this.compiled) {
      const m = c.regex.exec(pathname);
      if (!m) continue;
      if (c.route.contract.method !== method) {
        allowed.push(c.route.contract.method);
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
