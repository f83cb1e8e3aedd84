/** The id-tag list the central system authorizes with. */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, IdTag, Instant, Nullable, Ok } from './common.js';
import { defineContract } from './contract.js';
import { AuthorizationStatusValues } from '../../ocpp/v16/types.generated.js';

export const ID_TAG_STATUSES = AuthorizationStatusValues;

export const IdTagView = Type.Object(
  { idTag: Type.String(), status: Type.String(), expiryDate: Nullable(Type.String()), parentIdTag: Nullable(Type.String()) },
  { title: 'IdTag' },
);
export type IdTagView = Static<typeof IdTagView>;

const IdTagParams = Type.Object({ idTag: { ...IdTag, errorMessage: 'idTag must be 1-20 printable ASCII characters (OCPP IdToken), got "{value}"' } });

export const idTags = {
  list: defineContract({ method: 'GET', path: '/api/id-tags', tag: 'Id tags', summary: 'The id tags and their status', response: Type.Array(IdTagView) }),
  put: defineContract({
    method: 'PUT',
    path: '/api/id-tags/:idTag',
    tag: 'Id tags',
    summary: 'Adds or changes an id tag',
    params: IdTagParams,
    body: Type.Object(
      { status: Enum(ID_TAG_STATUSES), expiryDate: Type.Optional(Instant), parentIdTag: Type.Optional(IdTag) },
      { additionalProperties: false },
    ),
    response: IdTagView,
  }),
  remove: defineContract({
    method: 'DELETE',
    path: '/api/id-tags/:idTag',
    tag: 'Id tags',
    summary: 'Removes an id tag',
    params: IdTagParams,
    response: Ok,
    errors: { 404: 'no such id tag' },
  }),
};
