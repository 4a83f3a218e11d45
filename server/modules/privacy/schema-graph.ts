import { sql } from 'kysely';
import type { Db } from '../../../db/database';

/** A foreign key between two tables (one or more columns), as PostgreSQL has it. */
export interface ForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  /** `a` no action, `r` restrict, `c` cascade, `n` set null, `d` set default. */
  onDelete: string;
}

/** Every foreign key of the public schema. */
export async function foreignKeys(db: Db): Promise<ForeignKey[]> {
  const rows = await sql<{ table: string; columns: string[]; ref_table: string; ref_columns: string[]; on_delete: string }>`
    SELECT c.conrelid::regclass::text AS table,
           array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns,
           c.confrelid::regclass::text AS ref_table,
           array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS ref_columns,
           c.confdeltype::text AS on_delete
    FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace
    WHERE c.contype = 'f' AND ns.nspname = current_schema()
  `.execute(db);
  return rows.rows.map((r) => ({ table: r.table, columns: r.columns, refTable: r.ref_table, refColumns: r.ref_columns, onDelete: r.on_delete }));
}

/** Every table of the public schema (not views) with its columns in order (from the catalog, which shows every table whatever the caller may read). */
export async function tableColumns(db: Db): Promise<Map<string, string[]>> {
  const rows = await sql<{ table_name: string; columns: string[] }>`
    SELECT c.relname::text AS table_name, array_agg(a.attname::text ORDER BY a.attnum)::text[] AS columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'kysely%'
    GROUP BY c.relname ORDER BY c.relname
  `.execute(db);
  return new Map(rows.rows.map((r) => [r.table_name, r.columns]));
}

const ident = (name: string) => sql.id(name);
const list = (names: string[]) => sql.join(names.map(ident));

/**
 * Deletes the rows of `table` that `where` selects, after deleting (the same way) every row elsewhere that refers
 * to them through a foreign key that does not SET NULL (cascades included, so their own dependents go first).
 * Returns rows deleted per table.
 */
export async function deleteWithDependents(
  trx: Db,
  fks: ForeignKey[],
  table: string,
  where: ReturnType<typeof sql>,
  counts: Record<string, number> = {},
  depth = 0,
): Promise<Record<string, number>> {
  if (depth > 8) throw new Error(`deleting ${table}: foreign keys nest deeper than expected`);
  for (const fk of fks.filter((f) => f.refTable === table && !['n', 'd'].includes(f.onDelete))) {
    const childWhere = sql`(${list(fk.columns)}) IN (SELECT ${list(fk.refColumns)} FROM ${ident(table)} WHERE ${where})`;
    await deleteWithDependents(trx, fks, fk.table, childWhere, counts, depth + 1);
  }
  const result = await sql`DELETE FROM ${ident(table)} WHERE ${where}`.execute(trx);
  const n = Number(result.numAffectedRows ?? 0);
  if (n > 0) counts[table] = (counts[table] ?? 0) + n;
  return counts;
}
