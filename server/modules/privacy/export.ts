import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { SessionUser } from '../../http/access';
import { notFound } from '../../http/errors';
import { runInWorker, taskModule } from '../../workers/run';
import { writeAudit } from '../audit/audit';
import type { ExportRenderInput, RowsRequest } from './export.task';
import { AUTHOR_ONLY_COLUMNS, EMAIL_REFERENCES, PERSON_REFERENCES, SECRET_COLUMNS } from './inventory';
import { foreignKeys, tableColumns } from './schema-graph';

type Row = Record<string, unknown>;
export interface DataExport {
  exportedAt: string;
  about: { kind: 'person' | 'school'; id: string; name: string };
  tables: Record<string, Row[]>;
}

/** The columns of a table that may leave the system (secrets never do). */
const exportable = (table: string, columns: string[]) => columns.filter((c) => !SECRET_COLUMNS.has(`${table}.${c}`));

/** Rows per query: each page is parsed on the event loop in one go, so no query brings a whole big table at once. */
const PAGE_ROWS = 2000;

/**
 * The rows `where` selects, without secrets; author-only columns are blank unless the rows were reached through
 * their author column (`via`). Read a page at a time in the order they are stored (`ctid`): run it inside a
 * repeatable-read transaction, so that the pages are one snapshot.
 */
async function select(db: Db, table: string, columns: string[], where: ReturnType<typeof sql>, via?: string): Promise<Row[]> {
  const cols = exportable(table, columns);
  if (cols.length === 0) return [];
  const list = cols.map((c) => {
    const author = AUTHOR_ONLY_COLUMNS[`${table}.${c}`];
    return author && author !== via ? sql`NULL AS ${sql.id(c)}` : sql.id(c);
  });
  const out: Row[] = [];
  for (let after = '(0,0)'; ; ) {
    const { rows } = await sql<Row & { rounds_page_ctid: string }>`
      SELECT ${sql.join(list)}, ctid::text AS rounds_page_ctid FROM ${sql.id(table)}
      WHERE (${where}) AND ctid > ${after}::tid ORDER BY ctid LIMIT ${PAGE_ROWS}`.execute(db);
    for (const { rounds_page_ctid, ...row } of rows) {
      after = rounds_page_ctid;
      out.push(row);
    }
    if (rows.length < PAGE_ROWS) return out;
  }
}

/** Runs an export's reads as one snapshot (its pages and tables agree), with its audit entry. */
const snapshot = <T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> => db.transaction().setIsolationLevel('repeatable read').execute(work);

function add(into: Record<string, Row[]>, table: string, rows: Row[]) {
  if (rows.length > 0) into[table] = [...(into[table] ?? []), ...rows];
}

/** Everything Rounds holds about one person: rows about them, rows they wrote, and the audit entries about them. */
export async function exportPerson(db: Db, admin: SessionUser, personId: string, ip: string | null): Promise<DataExport> {
  return snapshot(db, (trx) => readPerson(trx, admin, personId, ip));
}

async function readPerson(db: Db, admin: SessionUser, personId: string, ip: string | null): Promise<DataExport> {
  const person = await db.selectFrom('people').select(['id', 'given_name', 'family_name', 'email']).where('id', '=', personId).where('district_id', '=', admin.districtId).executeTakeFirst();
  if (!person) throw notFound('That person');
  const present = await tableColumns(db);
  const tables: Record<string, Row[]> = {};
  add(tables, 'people', await select(db, 'people', present.get('people')!, sql`id = ${personId}`));
  for (const key of Object.keys(PERSON_REFERENCES)) {
    const [table, column] = key.split('.') as [string, string];
    const columns = present.get(table);
    if (!columns?.includes(column)) continue;
    add(tables, table, await select(db, table, columns, sql`${sql.id(column)} = ${personId}`, column));
  }
  if (person.email) {
    for (const key of EMAIL_REFERENCES) {
      const [table, column] = key.split('.') as [string, string];
      const columns = present.get(table);
      if (columns?.includes(column)) add(tables, table, await select(db, table, columns, sql`lower(${sql.id(column)}) = lower(${person.email})`));
    }
  }
  add(tables, 'audit_log', await select(db, 'audit_log', present.get('audit_log')!, sql`district_id = ${admin.districtId} AND (actor_id = ${personId} OR entity_id = ${personId})`));
  await writeAudit(db, { action: 'privacy.person_exported', actorId: admin.id, districtId: admin.districtId, entity: 'person', entityId: personId, ip });
  return { exportedAt: new Date().toISOString(), about: { kind: 'person', id: person.id, name: `${person.given_name} ${person.family_name}` }, tables };
}

/**
 * Everything Rounds holds for one school: every table with the school's id, the rows hanging off those
 * (through one foreign key), and the school's people with their roles and demographics. Secrets never leave.
 */
export async function exportSchool(db: Db, admin: SessionUser, schoolId: string, ip: string | null): Promise<DataExport> {
  return snapshot(db, (trx) => readSchool(trx, admin, schoolId, ip));
}

async function readSchool(db: Db, admin: SessionUser, schoolId: string, ip: string | null): Promise<DataExport> {
  const school = await db.selectFrom('schools').select(['id', 'name']).where('id', '=', schoolId).where('district_id', '=', admin.districtId).executeTakeFirst();
  if (!school) throw notFound('That school');
  const present = await tableColumns(db);
  const fks = await foreignKeys(db);
  const tables: Record<string, Row[]> = {};
  const direct = [...present].filter(([table, columns]) => columns.includes('school_id') && table !== 'audit_log').map(([t]) => t);
  for (const table of direct) add(tables, table, await select(db, table, present.get(table)!, sql`school_id = ${schoolId}`));
  add(tables, 'schools', await select(db, 'schools', present.get('schools')!, sql`id = ${schoolId}`));
  const people = sql`SELECT person_id FROM person_schools WHERE school_id = ${schoolId}`;
  add(tables, 'people', await select(db, 'people', present.get('people')!, sql`id IN (${people})`));
  for (const table of ['role_assignments', 'student_demographics']) {
    if (tables[table]) continue;
    add(tables, table, await select(db, table, present.get(table)!, sql`person_id IN (${people}) ${table === 'role_assignments' ? sql`AND (school_id = ${schoolId} OR school_id IS NULL)` : sql``}`));
  }
  // Rows without a school id of their own, hanging off one that has it (a class's meetings, a map's units).
  for (const fk of fks) {
    if (fk.columns.length !== 1 || present.get(fk.table)?.includes('school_id') || !direct.includes(fk.refTable) || tables[fk.table]) continue;
    if (['people', 'schools', 'districts'].includes(fk.refTable)) continue;
    add(tables, fk.table, await select(db, fk.table, present.get(fk.table)!, sql`${sql.id(fk.columns[0]!)} IN (SELECT ${sql.id(fk.refColumns[0]!)} FROM ${sql.id(fk.refTable)} WHERE school_id = ${schoolId})`));
  }
  add(tables, 'audit_log', await select(db, 'audit_log', present.get('audit_log')!, sql`school_id = ${schoolId}`));
  await writeAudit(db, { action: 'privacy.school_exported', actorId: admin.id, districtId: admin.districtId, schoolId, entity: 'school', entityId: schoolId, ip });
  return { exportedAt: new Date().toISOString(), about: { kind: 'school', id: school.id, name: school.name }, tables };
}

/** Rows handed to the rendering worker per message: small enough that copying one never stalls the event loop. */
const ROWS_PER_MESSAGE = 2000;

/**
 * The export as bytes: JSON (what `JSON.stringify(data)` gives), or a zip of export.json (indented) plus one CSV
 * per table. Serialising and compressing run in a worker thread (export.task.ts); the rows are handed over a chunk
 * at a time.
 */
export async function exportBytes(data: DataExport, format: 'json' | 'zip'): Promise<Buffer> {
  const input: ExportRenderInput = {
    format,
    exportedAt: data.exportedAt,
    about: data.about,
    tables: Object.entries(data.tables).map(([name, rows]) => ({ name, rows: rows.length })),
    chunk: ROWS_PER_MESSAGE,
  };
  const bytes = await runInWorker<Uint8Array>(taskModule(import.meta.url, './export.task'), 'renderExport', input, {
    onRequest: (message) => {
      const { table, from } = message as RowsRequest;
      return (data.tables[table] ?? []).slice(from, from + ROWS_PER_MESSAGE);
    },
    timeoutMs: 10 * 60_000,
    maxHeapMb: 2048,
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
