import { contracts } from '../contracts/index.js';
import { notFound } from '../errors.js';
import { route } from '../router.js';
import { instantMs } from './messages.js';

const c = contracts.idTags;

export const idTagRoutes = [
  route(c.list, ({ services }) => services.idTags.list()),
  route(c.put, ({ services, params, body }) => {
    const expiry = instantMs(body.expiryDate);
    return services.idTags.upsert({
      idTag: params.idTag,
      status: body.status,
      expiryDate: expiry === undefined ? null : new Date(expiry).toISOString(),
      parentIdTag: body.parentIdTag ?? null,
    });
  }),
  route(c.remove, async ({ services, params }) => {
    if (!(await services.idTags.remove(params.idTag))) throw notFound(`No id tag "${params.idTag}"`);
    return { ok: true as const };
  }),
];
