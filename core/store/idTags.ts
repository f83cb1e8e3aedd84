/** The id-tag list used for authorization (CRUD). */
import type { Database } from 'better-sqlite3';
import { ID_TAG_STATUSES, type IdTagRow, type IdTagStatus, type Page } from './types.js';
import { clampLimit, likeContains, normalizeTime, str, where, type SqlRow } from './rows.js';

export interface IdTagInput {
  idTag: string;
  status: IdTagStatus;
  expiryDate?: string | null;
  parentIdTag?: string | null;
  note?: string | null;
}

/** Rejects bad input with a message the user can act on (the API turns it into a 400). */
export class IdTagInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdTagInputError';
  }
}

function toRow(r: SqlRow): IdTagRow {
  return {
    idTag: String(r.id_tag),
    status: r.status as IdTagStatus,
    expiryDate: str(r.expiry_date),
    parentIdTag: str(r.parent_id_tag),
    note: str(r.note),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

function check(input: IdTagInput): { expiry: string | null } {
  if (typeof input.idTag !== 'string' || input.idTag.length < 1 || input.idTag.length > 20)
    throw new IdTagInputError('idTag must be 1..20 characters (OCPP IdToken)');
  if (!ID_TAG_STATUSES.includes(input.status)) throw new IdTagInputError(`status must be one of ${ID_TAG_STATUSES.join(', ')}`);
  if (input.parentIdTag !== undefined && input.parentIdTag !== null && (input.parentIdTag.length < 1 || input.parentIdTag.length > 20)) {
    throw new IdTagInputError('parentIdTag must be 1..20 characters');
  }
  if (input.parentIdTag === input.idTag) throw new IdTagInputError('an id tag cannot be its own parent');
  let expiry: string | null = null;
  if (input.expiryDate) {
    expiry = normalizeTime(input.expiryDate);
    if (!expiry) throw new IdTagInputError(`expiryDate "${input.expiryDate}" is not a date-time (use ISO 8601, e.g. 2027-01-01T00:00:00Z)`);
  }
  return { expiry };
}

export function idTagRepo(db: Database, now: () => string) {
  const get = db.prepare(`SELECT * FROM id_tags WHERE id_tag = ?`);
  const upsert = db.prepare(`INSERT INTO id_tags (id_tag, status, expiry_date, parent_id_tag, note, created_at, updated_at)
    VALUES (@idTag, @status, @expiry, @parent, @note, @at, @at)
    ON CONFLICT(id_tag) DO UPDATE SET status = excluded.status, expiry_date = excluded.expiry_date, parent_id_tag = excluded.parent_id_tag,
      note = excluded.note, updated_at = excluded.updated_at`);
  const del = db.prepare(`DELETE FROM id_tags WHERE id_tag = ?`);
  return {
    get(idTag: string): IdTagRow | undefined {
      const r = get.get(idTag) as SqlRow | undefined;
      return r ? toRow(r) : undefined;
    },
    list(q: { search?: string; status?: IdTagStatus; limit?: number; offset?: number } = {}): Page<IdTagRow> {
      const parts: string[] = [];
      const params: unknown[] = [];
      if (q.search) {
        parts.push(`(id_tag LIKE ? ESCAPE '\\' OR note LIKE ? ESCAPE '\\')`);
        params.push(likeContains(q.search), likeContains(q.search));
      }
      if (q.status) {
        parts.push('status = ?');
        params.push(q.status);
      }
      const w = where(parts);
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM id_tags ${w}`).get(...params) as { n: number }).n;
      const rows = db
        .prepare(`SELECT * FROM id_tags ${w} ORDER BY id_tag LIMIT ? OFFSET ?`)
        .all(...params, clampLimit(q.limit, 100, 10_000), Math.max(0, q.offset ?? 0)) as SqlRow[];
      return { rows: rows.map(toRow), total };
    },
    /** Creates or replaces a tag; throws IdTagInputError on bad input. */
    upsert(input: IdTagInput): IdTagRow {
      const { expiry } = check(input);
      upsert.run({ idTag: input.idTag, status: input.status, expiry, parent: input.parentIdTag ?? null, note: input.note ?? null, at: now() });
      return toRow(get.get(input.idTag) as SqlRow);
    },
    delete(idTag: string): boolean {
      return del.run(idTag).changes > 0;
    },
  };
}
export type IdTagRepo = ReturnType<typeof idTagRepo>;
