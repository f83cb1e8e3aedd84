import { AuthorizationStatusValues } from '../../ocpp/index.js';
import { badRequest, notFound } from '../http.js';
import type { Route } from '../router.js';

const STATUSES = AuthorizationStatusValues;
const ID_TAG = /^[\x21-\x7e]{1,20}$/;

export const idTagRoutes: Route[] = [
  { method: 'GET', path: '/api/id-tags', handler: ({ services }) => services.idTags.list() },
  {
    method: 'PUT',
    path: '/api/id-tags/:idTag',
    handler: async ({ services, params, body }) => {
      const idTag = params.idTag ?? '';
      if (!ID_TAG.test(idTag)) throw badRequest('idTag must be 1-20 printable ASCII characters (OCPP IdToken)');
      const b = await body();
      const expiry = b.time('expiryDate');
      const parent = b.string('parentIdTag', { max: 20 });
      if (parent !== undefined && !ID_TAG.test(parent)) throw badRequest('parentIdTag must be 1-20 printable ASCII characters');
      return services.idTags.upsert({
        idTag,
        status: b.oneOf('status', STATUSES, { required: true }) as string,
        expiryDate: expiry === undefined ? null : new Date(expiry).toISOString(),
        parentIdTag: parent ?? null,
      });
    },
  },
  {
    method: 'DELETE',
    path: '/api/id-tags/:idTag',
    handler: ({ services, params }) => {
      if (!services.idTags.remove(params.idTag ?? '')) throw notFound(`No id tag "${params.idTag}"`);
      return { ok: true };
    },
  },
];
