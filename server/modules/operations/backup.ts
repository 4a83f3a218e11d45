import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { Migrator } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createDb } from '../../../db/database';
import { migrations } from '../../../db/migrations/index';
import { OperationError } from './connect';

/**
 * A Rounds backup is one gzip file of UTF-8 lines:
 *   1. a JSON header: format, format version, creation time, the schema migrations applied, every table with its
 *      columns and row count, and the owned sequences' values;
 *   2. per table, in foreign-key dependency order: a JSON line `{"table": name}`, the table's rows in PostgreSQL's
 *      COPY text format (one row a line; tabs, newlines and backslashes escaped), and a line `\.`;
 *   3. a JSON trailer `{"end": true, "sha256": ...}`: the SHA-256 of every byte before it (a file without the trailer
 *      was cut short; one whose bytes do not hash to it was altered). Files from before the checksum have none.
 * Every table is read inside one REPEATABLE READ READ ONLY transaction, so the file is one consistent snapshot
 * even while the app keeps writing.
 */
export const BACKUP_FORMAT = 'rounds-backup';
/** Bumped when the file layout changes in a way an older restore cannot read. */
export const BACKUP_FORMAT_VERSION = 1;

/** Tables the migrator owns: recreated by migrating, never copied. */
const MIGRATION_TABLES = ['schema_migrations', 'schema_migrations_lock'];

export interface BackupTable {
  name: string;
  columns: string[];
  rows: number;
}

export interface BackupSequence {
  table: string;
  column: string;
  /** The sequence's last value when the backup was taken (null when never used). */
  lastValue: number | null;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  /** When the snapshot was taken (the start of its transaction). */
  createdAt: string;
  roundsVersion: string;
  postgresVersion: string;
  /** The schema migrations applied in the backed-up database, in order. */
  migrations: string[];
  /** Every table in the order it is stored (and restored): a table comes after the tables it references. */
  tables: BackupTable[];
  sequences: BackupSequence[];
}

interface BackupTrailer {
  end: true;
  tables: number;
  rows: number;
  /** SHA-256 (hex) of the uncompressed bytes before the trailer line; absent in older backups. */
  sha256?: string;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Session settings that make COPY text identical and unambiguous whatever the server's defaults (as pg_dump does). */
async function setPortableSession(client: pg.Client): Promise<void> {
  await client.query(`SET client_encoding = 'UTF8'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET TimeZone = 'UTC'; SET extra_float_digits = 3`);
}

/** The application's tables in the public schema (partitions and the migrator's tables excluded). */
async function listTables(client: pg.Client): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  return result.rows.map((r) => r.name).filter((name) => !MIGRATION_TABLES.includes(name));
}

async function listColumns(client: pg.Client): Promise<Map<string, string[]>> {
  const result = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
  );
  const columns = new Map<string, string[]>();
  for (const row of result.rows) columns.set(row.table, [...(columns.get(row.table) ?? []), row.column]);
  return columns;
}

/** Orders tables so that every table follows the tables its foreign keys reference (self-references allowed). */
async function dependencyOrder(client: pg.Client, tables: string[]): Promise<string[]> {
  const result = await client.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid
       JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public'`,
  );
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of result.rows) {
    if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  }
  const ordered: string[] = [];
  const done = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p)));
    if (ready.length === 0) {
      const left = tables.filter((t) => !done.has(t));
      throw new OperationError(`The tables ${left.join(', ')} reference each other in a cycle: they cannot be ordered for a restore.`);
    }
    for (const t of ready) {
      done.add(t);
      ordered.push(t);
    }
  }
  return ordered;
}

/** Sequences owned by a column (serial, bigserial and identity columns) in the public schema. */
async function listOwnedSequences(client: pg.Client): Promise<{ sequence: string; table: string; column: string }[]> {
  const result = await client.query<{ sequence: string; table: string; column: string }>(
    `SELECT s.relname AS sequence, t.relname AS table, a.attname AS column
       FROM pg_class s
       JOIN pg_namespace n ON n.oid = s.relnamespace
       JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE s.relkind = 'S' AND n.nspname = 'public' AND d.deptype IN ('a', 'i')
      ORDER BY t.relname, a.attname`,
  );
  return result.rows;
}

async function appliedMigrations(client: pg.Client): Promise<string[] | undefined> {
  const exists = await client.query<{ ok: boolean }>(`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS ok`);
  if (!exists.rows[0]?.ok) return undefined;
  return (await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name);
}

async function write(stream: NodeJS.WritableStream, data: string | Buffer, failed: Promise<unknown>, hash?: ReturnType<typeof createHash>): Promise<void> {
  hash?.update(data);
  if (!stream.write(data)) await Promise.race([once(stream as NodeJS.EventEmitter, 'drain'), failed]);
}

export interface BackupOptions {
  /** The Rounds version recorded in the header. */
  version: string;
  /** Replace an existing file at the path. */
  overwrite?: boolean;
  /** Called after each table is written (progress; tests use it to interleave writes). */
  onTable?: (table: BackupTable) => void | Promise<void>;
}

/**
 * Writes a consistent gzip backup of the database at `url` to `file` (mode 0600: it holds personal data and
 * password hashes). The file appears only when complete: it is written to `<file>.partial` and renamed.
 */
export async function writeBackup(url: string, file: string, options: BackupOptions): Promise<BackupHeader> {
  const target = path.resolve(file);
  if (!options.overwrite && existsSync(target)) {
    throw new OperationError(`${target} already exists. Choose another file name, or delete that file first.`);
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let output: { gzip: zlib.Gzip; done: Promise<void> } | undefined;
  try {
    await setPortableSession(client);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // The first query fixes the snapshot every table is read from.
    const migrationList = await appliedMigrations(client);
    if (!migrationList) throw new OperationError('This database has no Rounds schema (no schema_migrations table): there is nothing to back up.');
    const tables = await listTables(client);
    // Hold off schema changes (not writes) while the tables are read, as pg_dump does.
    await client.query(`SET LOCAL lock_timeout = '30s'`);
    if (tables.length > 0) await client.query(`LOCK TABLE ${tables.map(quoteIdent).join(', ')} IN ACCESS SHARE MODE`);
    const columns = await listColumns(client);
    const ordered = await dependencyOrder(client, tables);
    const counts: BackupTable[] = [];
    for (const name of ordered) {
      const count = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(name)}`);
      counts.push({ name, columns: columns.get(name) ?? [], rows: Number(count.rows[0]!.n) });
    }
    const sequences: BackupSequence[] = [];
    for (const s of await listOwnedSequences(client)) {
      const value = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${quoteIdent(s.sequence)}`);
      const row = value.rows[0]!;
      sequences.push({ table: s.table, column: s.column, lastValue: row.is_called ? Number(row.last_value) : null });
    }
    const server = await client.query<{ server_version: string; at: Date }>(`SELECT current_setting('server_version') AS server_version, now() AS at`);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: server.rows[0]!.at.toISOString(),
      roundsVersion: options.version,
      postgresVersion: server.rows[0]!.server_version,
      migrations: migrationList,
      tables: counts,
      sequences,
    };

    const gzip = zlib.createGzip({ level: 6 });
    const done = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
    done.catch(() => {});
    output = { gzip, done };
    const hash = createHash('sha256');
    await write(gzip, JSON.stringify(header) + '\n', done, hash);
    let totalRows = 0;
    for (const table of counts) {
      await write(gzip, JSON.stringify({ table: table.name }) + '\n', done, hash);
      const list = table.columns.map(quoteIdent).join(', ');
      const copy = client.query(copyTo(`COPY (SELECT ${list} FROM ${quoteIdent(table.name)}) TO STDOUT`));
      for await (const chunk of copy as AsyncIterable<Buffer>) await write(gzip, chunk, done, hash);
      if (copy.rowCount !== table.rows) {
        throw new Error(`Table ${table.name}: counted ${table.rows} rows but copied ${copy.rowCount} in the same snapshot.`);
      }
      totalRows += table.rows;
      await write(gzip, '\\.\n', done, hash);
      await options.onTable?.(table);
    }
    const trailer: BackupTrailer = { end: true, tables: counts.length, rows: totalRows, sha256: hash.digest('hex') };
    gzip.end(JSON.stringify(trailer) + '\n');
    await done;
    await client.query('COMMIT');
    const handle = await fs.open(partial, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(partial, target);
    return header;
  } catch (error) {
    output?.gzip.destroy();
    await output?.done.catch(() => {});
    await fs.rm(partial, { force: true });
    // The transaction only read: closing the connection (finally) ends it, even in the middle of a COPY.
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Splits a byte stream into lines (without the newline), handed over a chunk's worth at a time. */
async function* lineBatches(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer[]> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of input) {
    const data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    const lines: Buffer[] = [];
    let start = 0;
    for (;;) {
      const nl = data.indexOf(10, start);
      if (nl === -1) break;
      lines.push(data.subarray(start, nl));
      start = nl + 1;
    }
    rest = Buffer.from(data.subarray(start));
    if (lines.length > 0) yield lines;
  }
  if (rest.length > 0) yield [rest];
}

function openBackup(file: string): { lines: AsyncGenerator<Buffer[]>; close(): void } {
  if (!existsSync(file)) throw new OperationError(`There is no file ${path.resolve(file)}.`);
  const source = createReadStream(file);
  const gunzip = zlib.createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  return {
    lines: lineBatches(gunzip),
    close() {
      source.destroy();
      gunzip.destroy();
    },
  };
}

/** What is wrong with a file that could not be read to its end, in words (gzip's own checks find most damage). */
function describeReadError(file: string, error: unknown): Error {
  if (error instanceof OperationError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = (error as Error | undefined)?.message ?? String(error);
  if (code === 'Z_BUF_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new OperationError(`${file} is not a complete Rounds backup: it is truncated (the compressed data stops before its end: ${message}). Nothing was changed.`);
  }
  if (code === 'Z_DATA_ERROR') {
    if (/incorrect header check/.test(message)) return new OperationError(`${file} is not a Rounds backup: it is not a gzip file. Nothing was changed.`);
    if (/incorrect (data|length) check/.test(message)) {
      return new OperationError(`${file} is corrupt: checksum mismatch (the gzip checksum does not match the content: ${message}). Nothing was changed.`);
    }
    return new OperationError(`${file} is corrupt: its compressed data is damaged (${message}). Nothing was changed.`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function parseHeader(file: string, line: Buffer | undefined): BackupHeader {
  let header: BackupHeader;
  try {
    header = JSON.parse(line?.toString('utf8') ?? '') as BackupHeader;
  } catch {
    throw new OperationError(`${file} is not a Rounds backup (its first line is not a backup header). Nothing was changed.`);
  }
  if (header?.format !== BACKUP_FORMAT) throw new OperationError(`${file} is not a Rounds backup (its header names no Rounds backup format). Nothing was changed.`);
  if (header.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new OperationError(
      `${file} was written by a newer Rounds (backup format ${header.formatVersion}; this version reads ${BACKUP_FORMAT_VERSION}). Restore it with Rounds ${header.roundsVersion} or newer.`,
    );
  }
  return header;
}

/** Reads only the header of a backup file (what it holds, from which schema version). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const backup = openBackup(file);
  try {
    const first = await backup.lines.next();
    return parseHeader(file, first.done ? undefined : first.value[0]);
  } catch (error) {
    throw describeReadError(file, error);
  } finally {
    backup.close();
  }
}

/**
 * Reads the whole file before anything is touched: the gzip stream to its end (its CRC), the header, every table's
 * marker in order with exactly the rows the header counts, the trailer and its SHA-256. Throws an OperationError that
 * names the file and says what is wrong (truncated, checksum mismatch, not a Rounds backup, damaged).
 */
export async function verifyBackup(file: string): Promise<BackupHeader> {
  const backup = openBackup(file);
  const hash = createHash('sha256');
  const take = (line: Buffer) => {
    hash.update(line);
    hash.update(NEWLINE);
  };
  const damaged = (what: string) => new OperationError(`${file} is damaged: ${what}. Nothing was changed.`);
  let header: BackupHeader | undefined;
  let trailer: BackupTrailer | undefined;
  let index = -1;
  let inTable = false;
  let rows = 0;
  const read = (line: Buffer) => {
    if (trailer) throw damaged('it has data after its end marker');
    if (!header) {
      header = parseHeader(file, line);
      take(line);
      return;
    }
    if (inTable) {
      take(line);
      if (line.length === 2 && line[0] === 0x5c && line[1] === 0x2e) {
        const table = header.tables[index]!;
        if (rows !== table.rows) throw damaged(`table ${table.name} holds ${rows} rows where its header says ${table.rows}`);
        inTable = false;
      } else rows += 1;
      return;
    }
    let marker: { table?: string; end?: boolean };
    try {
      marker = JSON.parse(line.toString('utf8')) as { table?: string; end?: boolean };
    } catch {
      throw damaged(`after table ${header.tables[index]?.name ?? '(none)'} comes a line that is neither a table nor the end`);
    }
    if (marker?.end === true) {
      trailer = marker as BackupTrailer;
      return;
    }
    take(line);
    index += 1;
    const table = header.tables[index];
    if (!table || marker?.table !== table.name) throw damaged(`expected table ${table?.name ?? '(none)'}, found ${String(marker?.table)}`);
    inTable = true;
    rows = 0;
  };
  // Damage found in the content is often a corrupt or cut compressed stream underneath: the first problem is kept
  // and the file read on, so that gzip's own verdict (checksum mismatch, truncated) is what the message says.
  let problem: unknown;
  try {
    for await (const lines of backup.lines) {
      if (problem) continue;
      try {
        for (const line of lines) read(line);
      } catch (error) {
        problem = error;
      }
    }
  } catch (error) {
    throw describeReadError(file, error);
  } finally {
    backup.close();
  }
  if (problem) throw describeReadError(file, problem);
  if (!header) throw new OperationError(`${file} is not a Rounds backup: it is empty. Nothing was changed.`);
  if (!trailer || inTable || index !== header.tables.length - 1) {
    const where = inTable ? `inside table ${header.tables[index]!.name}` : `after table ${header.tables[index]?.name ?? '(none)'}`;
    throw new OperationError(`${file} is not a complete Rounds backup: it is truncated (it is cut short: it ends ${where}). Nothing was changed.`);
  }
  const total = header.tables.reduce((n, t) => n + t.rows, 0);
  if (trailer.tables !== header.tables.length || trailer.rows !== total) throw damaged(`its end marker counts ${trailer.tables} tables and ${trailer.rows} rows, its header ${header.tables.length} and ${total}`);
  if (trailer.sha256 !== undefined && trailer.sha256 !== hash.digest('hex')) {
    throw new OperationError(`${file} is corrupt: checksum mismatch (its content does not hash to the SHA-256 recorded at its end: it was altered after it was written). Nothing was changed.`);
  }
  return header;
}

/** Checks that this version of Rounds can build the backup's schema: its migrations must be the first of ours. */
function checkMigrations(header: BackupHeader): string {
  const known = Object.keys(migrations).sort();
  const unknown = header.migrations.filter((m) => !known.includes(m));
  if (unknown.length > 0) {
    throw new OperationError(
      `This backup was made by a newer version of Rounds (${header.roundsVersion}): it has the schema migration ${unknown[0]}, ` +
        `which this version does not know. Restore it with Rounds ${header.roundsVersion} or newer.`,
    );
  }
  if (header.migrations.length === 0 || header.migrations.some((m, i) => known[i] !== m)) {
    throw new OperationError(`This backup's schema migrations (${header.migrations.join(', ') || 'none'}) do not match this version of Rounds.`);
  }
  return header.migrations.at(-1)!;
}

/** Tables of the target that hold rows (an empty list means the database is empty). */
async function tablesWithRows(client: pg.Client): Promise<string[]> {
  const full: string[] = [];
  for (const table of await listTables(client)) {
    const result = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(table)}) AS any`);
    if (result.rows[0]?.any) full.push(table);
  }
  return full;
}

function refuseNonEmpty(full: string[]): never {
  const shown = full.slice(0, 5).join(', ') + (full.length > 5 ? ` and ${full.length - 5} more` : '');
  throw new OperationError(
    `The target database is not empty (rows in ${shown}). A restore goes only into an empty database: ` +
      `a new ROUNDS_DATA_DIR, or a new empty database named by DATABASE_URL. Nothing was changed.`,
  );
}

async function migrateTo(url: string, last: string): Promise<void> {
  const db = createDb(url, { max: 1 });
  try {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
      migrationTableName: 'schema_migrations',
      migrationLockTableName: 'schema_migrations_lock',
    });
    const result = await migrator.migrateTo(last);
    if (result.error) {
      const failed = result.results?.find((r) => r.status === 'Error');
      throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, { cause: result.error });
    }
  } finally {
    await db.destroy();
  }
}

export interface RestoreOptions {
  /** Called after each table is loaded. */
  onTable?: (table: BackupTable) => void | Promise<void>;
  /** The file was checked with verifyBackup just before (the command line does, to say so before connecting). */
  verified?: boolean;
}

/**
 * Restores a backup into the EMPTY database at `url`: reads the whole file first (verifyBackup: a truncated, corrupt
 * or foreign file is refused before the database is touched), migrates it to the backup's schema version, then loads
 * every table in dependency order and resets the sequences, all in one transaction (a failure leaves it empty).
 * The app migrates the schema the rest of the way when it starts.
 */
export async function restoreBackup(url: string, file: string, options: RestoreOptions = {}): Promise<BackupHeader> {
  const header = options.verified ? await readBackupHeader(file) : await verifyBackup(file);
  const last = checkMigrations(header);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const backup = openBackup(file);
  try {
    await setPortableSession(client);
    const appliedList = await appliedMigrations(client);
    if (!appliedList && (await listTables(client)).length > 0) {
      throw new OperationError('The target database has tables that are not a Rounds schema. Restore into a new empty database. Nothing was changed.');
    }
    const applied = appliedList ?? [];
    const extra = applied.filter((m) => !header.migrations.includes(m));
    if (extra.length > 0) {
      throw new OperationError(
        `The target database's schema is newer than the backup's (it has ${extra.join(', ')}). Restore into a new empty database. Nothing was changed.`,
      );
    }
    const full = await tablesWithRows(client);
    if (full.length > 0) refuseNonEmpty(full);

    await migrateTo(url, last);

    await client.query('BEGIN');
    const tables = await listTables(client);
    // Nothing else may write while the data goes in; then check again that it is still empty.
    await client.query(`SET LOCAL lock_timeout = '30s'`);
    // The rows go in exactly as they were: triggers (e.g. the visit rollups, which the backup holds already)
    // must not act on them again.
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query(`LOCK TABLE ${tables.map(quoteIdent).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    const fullNow = await tablesWithRows(client);
    if (fullNow.length > 0) refuseNonEmpty(fullNow);
    const columns = await listColumns(client);
    for (const table of header.tables) {
      const have = columns.get(table.name);
      if (!have) throw new OperationError(`The backup has a table ${table.name} that the schema (${last}) does not: it cannot be restored.`);
      const missing = table.columns.filter((c) => !have.includes(c));
      if (missing.length > 0) throw new OperationError(`Table ${table.name} of the schema has no column ${missing.join(', ')}, which the backup has.`);
    }

    let index = -1; // the table being read; -1 before the first, header.tables.length after the last
    let copy: ReturnType<typeof copyFrom> | undefined;
    let copyDone: Promise<void> = Promise.resolve();
    let batch: Buffer[] = [];
    let batchBytes = 0;
    let trailer: BackupTrailer | undefined;
    let headerSeen = false;
    const flush = async () => {
      if (!copy || batch.length === 0) return;
      const data = Buffer.concat(batch);
      batch = [];
      batchBytes = 0;
      await write(copy, data, copyDone);
    };

    try {
      for await (const lines of backup.lines) {
        for (const line of lines) {
          if (!headerSeen) {
            headerSeen = true;
            continue;
          }
          if (copy) {
            if (line.length === 2 && line[0] === 0x5c && line[1] === 0x2e) {
              // "\." ends the table.
              await flush();
              copy.end();
              await copyDone;
              const table = header.tables[index]!;
              if (copy.rowCount !== table.rows) {
                throw new OperationError(`Table ${table.name}: the backup says ${table.rows} rows but holds ${copy.rowCount}. The file is damaged.`);
              }
              copy = undefined;
              await options.onTable?.(table);
              continue;
            }
            batch.push(line, NEWLINE);
            batchBytes += line.length + 1;
            if (batchBytes >= 256 * 1024) await flush();
            continue;
          }
          const marker = JSON.parse(line.toString('utf8')) as { table?: string; end?: boolean };
          if (marker.end) {
            trailer = marker as BackupTrailer;
            continue;
          }
          index += 1;
          const table = header.tables[index];
          if (!table || marker.table !== table.name) {
            throw new OperationError(`The backup is damaged: expected table ${table?.name ?? '(none)'}, found ${marker.table}.`);
          }
          const list = table.columns.map(quoteIdent).join(', ');
          copy = client.query(copyFrom(`COPY ${quoteIdent(table.name)} (${list}) FROM STDIN`));
          copyDone = finished(copy);
          copyDone.catch(() => {});
        }
      }
      if (copy || !trailer || index !== header.tables.length - 1) {
        throw new OperationError(`${file} is cut short: it ends ${copy ? 'inside' : 'after'} table ${header.tables[index]?.name ?? '(none)'}. Nothing was restored.`);
      }
    } catch (error) {
      // An open COPY is abandoned with CopyFail, so the connection can roll back.
      if (copy) {
        copy.destroy(error instanceof Error ? error : new Error(String(error)));
        await copyDone.catch(() => {});
      }
      throw describeReadError(file, error);
    }

    // Sequences continue after the highest restored value (or the value they had at backup time, if higher).
    for (const s of await listOwnedSequences(client)) {
      const max = await client.query<{ max: string | null }>(`SELECT max(${quoteIdent(s.column)})::text AS max FROM ${quoteIdent(s.table)}`);
      const saved = header.sequences.find((x) => x.table === s.table && x.column === s.column)?.lastValue ?? null;
      const values = [max.rows[0]?.max == null ? null : Number(max.rows[0].max), saved].filter((v): v is number => v !== null);
      const value = values.length > 0 ? Math.max(...values) : null;
      if (value === null || value < 1) await client.query('SELECT setval($1::regclass, 1, false)', [quoteIdent(s.sequence)]);
      else await client.query('SELECT setval($1::regclass, $2, true)', [quoteIdent(s.sequence), value]);
    }
    await client.query('COMMIT');
    return header;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    backup.close();
    await client.end().catch(() => {});
  }
}

const NEWLINE = Buffer.from('\n');
