/** The backend's middleware chains: order and switches per action, saved in the settings. */
import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from './contract.js';

export const MiddlewareView = Type.Object({ name: Type.String(), description: Type.String(), enabled: Type.Boolean() });
export type MiddlewareView = Static<typeof MiddlewareView>;

export const MiddlewareChainView = Type.Object(
  { action: Type.String(), items: Type.Array(MiddlewareView), customized: Type.Boolean({ description: 'Differs from the default (order or switches)' }) },
  { title: 'MiddlewareChain' },
);
export type MiddlewareChainView = Static<typeof MiddlewareChainView>;

export const middleware = {
  list: defineContract({
    method: 'GET',
    path: '/api/middleware',
    tag: 'Middleware',
    summary: 'Every chain with its middleware in run order',
    response: Type.Array(MiddlewareChainView),
  }),
  set: defineContract({
    method: 'PUT',
    path: '/api/middleware/:action',
    tag: 'Middleware',
    summary: "Sets a chain's order and switches (every member once)",
    params: Type.Object({ action: Type.String({ maxLength: 60 }) }),
    body: Type.Object(
      { items: Type.Array(Type.Object({ name: Type.String({ maxLength: 60 }), enabled: Type.Boolean() }, { additionalProperties: false })) },
      { additionalProperties: false },
    ),
    response: MiddlewareChainView,
    errors: { 400: 'no such chain, or items that are not its members once each' },
  }),
  reset: defineContract({
    method: 'POST',
    path: '/api/middleware/reset',
    tag: 'Middleware',
    summary: 'Back to the default chain (one action, or all)',
    body: Type.Object({ action: Type.Optional(Type.String({ maxLength: 60 })) }, { additionalProperties: false }),
    response: Type.Array(MiddlewareChainView),
  }),
};
