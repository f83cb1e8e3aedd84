/**
 * The contracts are the API: every route implements exactly one contract and every contract has a route; the
 * OpenAPI document lists each with its parameters, body and responses; a request's problems are 400s that name
 * the field (the renderer's typed client builds its paths from the same contracts).
 */
import { describe, expect, it } from 'vitest';
import { allContracts, contracts, pathOf, queryString } from './contracts/index.js';
import { allRoutes } from './routes/index.js';
import { openApiDocument } from './openapi.js';
import { checkRequestPart } from './validation.js';
import { ERROR_STATUS, errorResponse, notFound } from './errors.js';
import { ConfigError } from '../config/errors.js';

describe('contracts and routes', () => {
  it('every contract is implemented by exactly one route, and every route has a contract', () => {
    const implemented = allRoutes.map((r) => r.contract);
    for (const c of allContracts())
      expect(
        implemented.filter((x) => x === c),
        `${c.method} ${c.path}`,
      ).toHaveLength(1);
    expect(implemented.length).toBe(allContracts().length);
    const keys = allContracts().map((c) => `${c.method} ${c.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('path parameters are declared for every :name in the path', () => {
    for (const c of allContracts()) {
      const names = [...c.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      expect(Object.keys(c.params?.properties ?? {}).sort(), `${c.method} ${c.path}`).toEqual(names.sort());
    }
  });

  it('the OpenAPI document covers every route, with its parameters, body and error answers', () => {
    const doc = openApiDocument({ version: 'test' }) as {
      paths: Record<
        string,
        Record<string, { operationId: string; parameters: Array<{ name: string; in: string }>; requestBody?: unknown; responses: Record<string, unknown> }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => ({ path, m, op })));
    expect(ops.length).toBe(allContracts().length);
    const reserve = doc.paths['/api/chargers/{id}/reservations']?.post;
    expect(reserve?.operationId).toBe('reservations.reserve');
    expect(reserve?.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path' })]);
    expect(reserve?.requestBody).toBeDefined();
    expect(Object.keys(reserve?.responses ?? {}).sort()).toEqual(['200', '400', '401', '404']);
    expect(doc.paths['/api/transactions']?.get?.parameters.map((p) => p.name)).toEqual([
      'chargePointId',
      'connectorId',
      'idTag',
      'state',
      'open',
      'from',
      'to',
      'offset',
      'limit',
    ]);
    expect(doc.paths['/api/openapi.json']?.get?.responses['401']).toBeUndefined();
    expect(doc.components.schemas.Reservation).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('errorMessage');
  });

  it('the client builds paths and queries the way the router reads them', () => {
    expect(pathOf(contracts.configuration.change.path, { id: 'CP 1', key: 'A/B' })).toBe('/api/chargers/CP%201/configuration/A%2FB');
    expect(queryString({ q: 'x y', limit: 5, empty: '', none: undefined })).toBe('?q=x+y&limit=5');
    expect(() => pathOf('/api/chargers/:id', {})).toThrow(/"id" missing/);
  });
});

describe('request validation', () => {
  const problem = (fn: () => void): string => {
    try {
      fn();
    } catch (err) {
      return (err as Error).message;
    }
    return '';
  };

  it('coerces query text, fills defaults, names the field when wrong', () => {
    const q: Record<string, unknown> = { limit: '20', connected: 'true' };
    checkRequestPart(contracts.chargers.list, 'query', q);
    expect(q).toEqual({ limit: 20, connected: true, offset: 0 });
    expect(problem(() => checkRequestPart(contracts.chargers.list, 'query', { limit: '1.5' }))).toBe('Parameter "limit" must be an integer, got "1.5"');
    expect(problem(() => checkRequestPart(contracts.transactions.list, 'query', { state: 'x' }))).toBe(
      'Parameter "state" must be one of active, stopped, orphaned, stale, got "x"',
    );
  });

  it('bodies are checked as sent (no coercion), nested fields named by their path', () => {
    expect(problem(() => checkRequestPart(contracts.middleware.set, 'body', { items: [{ name: 'A', enabled: 'yes' }] }))).toBe(
      'Parameter "items[0].enabled" must be true or false, got "yes"',
    );
    expect(problem(() => checkRequestPart(contracts.reservations.reserve, 'body', { connectorId: '1', idTag: 'T', expiryDate: '2030-01-01T00:00:00Z' }))).toBe(
      'Parameter "connectorId" must be an integer, got "1"',
    );
    expect(problem(() => checkRequestPart(contracts.registry.add, 'body', []))).toBe('Request body must be a JSON object');
    expect(problem(() => checkRequestPart(contracts.settings.update, 'body', { settings: { colour: 1 } }))).toMatch(
      /^Unknown setting "colour"; settable: heartbeatInterval/,
    );
  });
});

describe('error → status table', () => {
  it('maps the API errors and the rooms’ user errors; anything else is 500 (null)', () => {
    expect(errorResponse(notFound('gone'))).toEqual({ status: 404, body: { error: 'gone' } });
    expect(errorResponse(new ConfigError('bad setting'))?.status).toBe(400);
    expect(ERROR_STATUS.length).toBeGreaterThan(0);
    expect(errorResponse(new Error('bug'))).toBeNull();
  });
});
