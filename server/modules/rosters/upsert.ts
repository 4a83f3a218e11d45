import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../db/types';
import type { EntityCounts } from '../../../schemas/rosters';

type Tx = Kysely<Database>;

/** One set-based upsert: `source` selects rows with exactly `columns`, identified by `key`. */
export interface UpsertSpec {
  table: 'schools' | 'academic_sessions' | 'courses' | 'classes' | 'people' | 'enrollments' | 'student_demographics';
  /** The SELECT producing the rows, its output columns named as `columns`. */
  source: RawBuilder<unknown>;
  /** Every column inserted, in order. */
  columns: readonly string[];
  /** The unique key rows are matched on. */
  key: readonly string[];
}

const list = (names: readonly string[], prefix = '') => names.map((n) => `${prefix}${n}`).join(', ');

/**
 * Updates the rows that changed, then inserts the new ones: two set-based statements. Rows already identical are
 * neither written nor locked, and `updated_at` moves only when something changed. (The caller holds the district's
 * import lock, so no other import inserts the same keys meanwhile.) Returns how many rows were created and updated.
 */
export async function upsert(trx: Tx, spec: UpsertSpec): Promise<{ created: number; updated: number }> {
  const compare = spec.columns.filter((c) => !spec.key.includes(c));
  const setList = compare.map((c) => `${c} = s.${c}`).join(', ');
  const keyJoin = (a: string, b: string) => spec.key.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
  const table = sql.raw(spec.table);
  const updated = await sql<{ n: number }>`
    WITH src AS (${spec.source}),
    up AS (
      UPDATE ${table} t SET ${sql.raw(setList)}, updated_at = now()
      FROM src s
      WHERE ${sql.raw(keyJoin('t', 's'))} AND ROW(${sql.raw(list(compare, 't.'))}) IS DISTINCT FROM ROW(${sql.raw(list(compare, 's.'))})
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM up
  `.execute(trx);
  const created = await sql<{ n: number }>`
    WITH src AS (${spec.source}),
    ins AS (
      INSERT INTO ${table} (${sql.raw(list(spec.columns))})
      SELECT ${sql.raw(list(spec.columns, 's.'))} FROM src s
      WHERE NOT EXISTS (SELECT 1 FROM ${table} e WHERE ${sql.raw(keyJoin('e', 's'))})
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins
  `.execute(trx);
  return { created: created.rows[0]?.n ?? 0, updated: updated.rows[0]?.n ?? 0 };
}

/** A district administrator made by hand is never inactivated for being absent from a roster (no lock-out). */
const KEEP_ADMINS = sql`AND NOT EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.person_id = t.id AND ra.role = 'district_admin' AND ra.source <> 'roster')`;

/**
 * Marks the district's roster-managed rows that are absent from the staged bundle inactive (never deletes).
 * `present` is a condition on `t` that is true when the row is in the bundle.
 */
export async function inactivateAbsent(
  trx: Tx,
  table: 'schools' | 'academic_sessions' | 'courses' | 'classes' | 'people' | 'enrollments',
  districtId: string,
  staging: string,
): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH u AS (
      UPDATE ${sql.raw(table)} t SET status = 'inactive', updated_at = now()
      WHERE t.district_id = ${districtId} AND t.rostered AND t.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM ${sql.raw(staging)} s WHERE s.sourced_id = t.sourced_id)
        ${table === 'people' ? KEEP_ADMINS : sql``}
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM u
  `.execute(trx);
  return result.rows[0]?.n ?? 0;
}

/** Rows in a staging table. */
export async function stagedCount(trx: Tx, staging: string): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(staging)}`.execute(trx);
  return result.rows[0]?.n ?? 0;
}

/** Upserts a staged kind of record and inactivates the absent ones, returning its counts. */
export async function sync(
  trx: Tx,
  spec: UpsertSpec & { staging: string; districtId: string; inactivate: boolean },
): Promise<EntityCounts> {
  const inBundle = await stagedCount(trx, spec.staging);
  const { created, updated } = await upsert(trx, spec);
  const inactivated =
    spec.inactivate && spec.table !== 'student_demographics' ? await inactivateAbsent(trx, spec.table, spec.districtId, spec.staging) : 0;
  return { inBundle, created, updated, unchanged: inBundle - created - updated, inactivated };
}
