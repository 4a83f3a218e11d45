import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateToLatest, type Db } from '../../db/database';
import { seedDemo } from '../../db/seed/demo';
import { readBackupHeader, restoreBackup, verifyBackup, writeBackup, type BackupHeader } from '../modules/operations/backup';
import { testPasswordHash } from '../test/helpers';
import { freshDatabase, runCliCommand } from './helpers';

const cleanups: (() => Promise<unknown>)[] = [];
let dir: string;
let source: { url: string; db: Db };

/** Row count and an order-independent checksum of every row of a table. */
async function tableChecksum(db: Db, table: string, where = sql`true`) {
  const row = await sql<{ n: number; sum: string }>`
    SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), '')) AS sum
      FROM ${sql.table(table)} t WHERE ${where}`.execute(db);
  return row.rows[0]!;
}

/** Every object of the public schema and every row count: what a refused restore must leave exactly as it was. */
async function untouched(db: Db) {
  const objects = await sql<{ relname: string; relkind: string }>`
    SELECT c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' ORDER BY c.relname`.execute(db);
  return objects.rows.map((r) => `${r.relkind} ${r.relname}`);
}

async function openFresh(): Promise<{ url: string; db: Db }> {
  const database = await freshDatabase();
  const db = createDb(database.url, { max: 4 });
  cleanups.push(async () => {
    await db.destroy();
    await database.drop();
  });
  return { url: database.url, db };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-backup-test-'));
  source = await openFresh();
  await migrateToLatest(source.db);
  await seedDemo(source.db, { passwordHash: await testPasswordHash() });
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await fs.rm(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  let file: string;
  let header: BackupHeader;
  let restored: { url: string; db: Db };
  const writes = { committed: 0 };
  let personId: string;

  it('takes a consistent snapshot while an app-like pool keeps writing, and restores it into an empty database', async () => {
    personId = (await source.db.selectFrom('people').select('id').where('email', '=', 'admin@demo.test').executeTakeFirstOrThrow()).id;
    // The writer does what a sign-in does: a session row and its audit row, in one transaction.
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        const token = randomBytes(16).toString('hex');
        await source.db.transaction().execute(async (trx) => {
          await trx.insertInto('sessions').values({ token_hash: token, person_id: personId, expires_at: new Date(Date.now() + 86_400_000), user_agent: 'backup-writer', ip: null }).execute();
          await trx.insertInto('audit_log').values({ action: 'auth.login', actor_id: personId, entity: 'session', entity_id: token, details: '{}' }).execute();
        });
        writes.committed += 1;
      }
    })();
    const waitForWrites = async (n: number) => {
      const target = writes.committed + n;
      const deadline = Date.now() + 5_000;
      while (writes.committed < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    };
    await waitForWrites(3);
    const before = writes.committed;
    file = path.join(dir, 'demo.rounds.gz');
    try {
      // Between tables, let the writer commit more: a table-by-table copy would then disagree with itself.
      header = await writeBackup(source.url, file, { version: 'test', onTable: () => waitForWrites(2) });
    } finally {
      stop = true;
      await writer;
    }
    expect(writes.committed).toBeGreaterThan(before + 10);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.partial`)).toBe(false);

    // Header: format, schema version, every table with its row count.
    expect(header.format).toBe('rounds-backup');
    expect(header.migrations.length).toBeGreaterThan(0);
    const byName = new Map(header.tables.map((t) => [t.name, t]));
    expect(byName.get('people')!.rows).toBeGreaterThan(800);
    expect(byName.get('enrollments')!.rows).toBeGreaterThan(1000);
    expect(await readBackupHeader(file)).toEqual(header);
    // Dependency order: every table after those it references.
    const order = header.tables.map((t) => t.name);
    expect(order.indexOf('districts')).toBeLessThan(order.indexOf('schools'));
    expect(order.indexOf('people')).toBeLessThan(order.indexOf('enrollments'));
    expect(order.indexOf('classes')).toBeLessThan(order.indexOf('enrollments'));

    restored = await openFresh();
    await restoreBackup(restored.url, file);

    // Every table: the row count in the header; tables nobody wrote to meanwhile: identical content.
    for (const table of header.tables) {
      const copy = await tableChecksum(restored.db, table.name);
      expect(copy.n, table.name).toBe(table.rows);
      if (table.name !== 'sessions' && table.name !== 'audit_log') {
        expect(copy, table.name).toEqual(await tableChecksum(source.db, table.name));
      }
    }
    // The written tables hold exactly the source rows of the snapshot: some writes before it, none after it...
    const tokens = (await restored.db.selectFrom('sessions').select('token_hash').where('user_agent', '=', 'backup-writer').execute()).map((r) => r.token_hash);
    expect(tokens.length).toBeGreaterThanOrEqual(before);
    expect(tokens.length).toBeLessThan(writes.committed);
    expect(await tableChecksum(restored.db, 'sessions')).toEqual(await tableChecksum(source.db, 'sessions', sql`token_hash = ANY(${tokens})`));
    // ...and each session has its audit row and no audit row lacks its session: the transactions were not torn.
    const audit = await restored.db.selectFrom('audit_log').select('entity_id').where('entity', '=', 'session').execute();
    expect(audit.map((a) => a.entity_id).sort()).toEqual([...tokens].sort());
    const auditIds = (await restored.db.selectFrom('audit_log').select('id').execute()).map((r) => r.id);
    expect(await tableChecksum(restored.db, 'audit_log')).toEqual(await tableChecksum(source.db, 'audit_log', sql`id = ANY(${auditIds})`));
  });

  it('resets sequences and the migrations table, so the restored database takes new rows and the app migrates it', async () => {
    const max = await restored.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
    const inserted = await restored.db.insertInto('audit_log').values({ action: 'demo.seeded', details: '{}' }).returning('id').executeTakeFirstOrThrow();
    expect(Number(inserted.id)).toBeGreaterThan(Number(max.max));
    const migrations = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(restored.db);
    expect(migrations.rows.map((r) => r.name)).toEqual(header.migrations);
    await migrateToLatest(restored.db);
  });

  it('refuses a target that holds rows, and changes nothing', async () => {
    const before = await tableChecksum(restored.db, 'people');
    await expect(restoreBackup(restored.url, file)).rejects.toThrow(/The target database is not empty \(rows in .*\)\. A restore goes only into an empty database/);
    expect(await tableChecksum(restored.db, 'people')).toEqual(before);
  });

  it('refuses a file that is not a backup, and one that is cut short, leaving the target untouched', async () => {
    const target = await openFresh();
    const pristine = await untouched(target.db);
    expect(pristine).toEqual([]);
    const notBackup = path.join(dir, 'notes.txt.gz');
    writeFileSync(notBackup, gzipSync('hello\n'));
    await expect(restoreBackup(target.url, notBackup)).rejects.toThrow(/is not a Rounds backup/);
    const plain = path.join(dir, 'plain.txt');
    writeFileSync(plain, 'hello\n');
    await expect(restoreBackup(target.url, plain)).rejects.toThrow(/is not a complete Rounds backup|is not a Rounds backup/);
    await expect(restoreBackup(target.url, path.join(dir, 'missing.gz'))).rejects.toThrow(/There is no file/);

    // Cut the data in the middle of the people table (a valid gzip, but the content stops).
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    const cut = text.slice(0, text.indexOf('{"table":"people"}') + 5000);
    const truncated = path.join(dir, 'truncated.rounds.gz');
    writeFileSync(truncated, gzipSync(cut.slice(0, cut.lastIndexOf('\n') + 1)));
    await expect(restoreBackup(target.url, truncated)).rejects.toThrow(/truncated\.rounds\.gz is not a complete Rounds backup: it is truncated \(it is cut short: it ends inside table people\)\. Nothing was changed/);
    // A gzip stream cut mid-way, or a few bytes short, is caught too.
    const bytes = readFileSync(file);
    for (const keep of [Math.floor(bytes.length / 2), bytes.length - 3, 40]) {
      const halfGzip = path.join(dir, `cut-${keep}.rounds.gz`);
      writeFileSync(halfGzip, bytes.subarray(0, keep));
      await expect(restoreBackup(target.url, halfGzip)).rejects.toThrow(new RegExp(`cut-${keep}\\.rounds\\.gz is not a complete Rounds backup: it is truncated.*Nothing was changed`));
    }
    // Nothing was created: not even the schema.
    expect(await untouched(target.db)).toEqual(pristine);

    // The failed attempts left it empty: the real file restores.
    await restoreBackup(target.url, file);
    expect((await tableChecksum(target.db, 'people')).n).toBe(header.tables.find((t) => t.name === 'people')!.rows);
  });

  it('refuses a bit-flipped file, saying it is corrupt, and changes nothing', async () => {
    const target = await openFresh();
    const pristine = await untouched(target.db);
    const bytes = readFileSync(file);
    // Flips in the compressed data (gzip's CRC and the inflater catch them), including its last 8 bytes (CRC, length).
    const positions = [20, 1000, Math.floor(bytes.length / 3), Math.floor(bytes.length / 2), bytes.length - 200, bytes.length - 6, bytes.length - 2];
    const messages: string[] = [];
    for (const at of positions) {
      const flipped = Buffer.from(bytes);
      flipped[at] = flipped[at]! ^ 0x10;
      const bad = path.join(dir, `flipped-${at}.rounds.gz`);
      writeFileSync(bad, flipped);
      const error = await restoreBackup(target.url, bad).then(() => undefined, (e: Error) => e);
      expect(error?.message, `bit flipped at ${at}`).toMatch(new RegExp(`flipped-${at}\\.rounds\\.gz is corrupt: (checksum mismatch|its compressed data is damaged)`));
      expect(error?.message).toMatch(/Nothing was changed/);
      messages.push(error!.message);
    }
    expect(messages.some((m) => /checksum mismatch/.test(m))).toBe(true);
    console.info(`backup: ${positions.length} bit flips refused:\n  ${messages.map((m) => m.replace(dir, '')).join('\n  ')}`);
    // A change inside the content, compressed again (gzip's own checks pass): the backup's SHA-256 catches it.
    const text = gunzipSync(bytes).toString('utf8');
    const at = text.indexOf('Maple Grove');
    expect(at).toBeGreaterThan(0);
    const altered = path.join(dir, 'altered.rounds.gz');
    writeFileSync(altered, gzipSync(text.slice(0, at) + 'Maple Grave' + text.slice(at + 'Maple Grove'.length)));
    await expect(verifyBackup(altered)).rejects.toThrow(/altered\.rounds\.gz is corrupt: checksum mismatch/);
    await expect(restoreBackup(target.url, altered)).rejects.toThrow(/checksum mismatch.*Nothing was changed/);
    expect(await untouched(target.db)).toEqual(pristine);
    // The intact file verifies and restores.
    expect(await verifyBackup(file)).toEqual(header);
  });

  it('refuses a backup from a newer Rounds whose schema this version does not know', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const newer = JSON.parse(lines[0]!) as BackupHeader;
    newer.migrations = [...newer.migrations, '29990101_0001_future'];
    newer.roundsVersion = '9.9.9';
    const future = path.join(dir, 'future.rounds.gz');
    // As a newer Rounds would write it: its trailer's SHA-256 covers the new header.
    const body = [JSON.stringify(newer), ...lines.slice(1, -2)].join('\n') + '\n';
    const trailer = { ...(JSON.parse(lines.at(-2)!) as object), sha256: createHash('sha256').update(body).digest('hex') };
    writeFileSync(future, gzipSync(body + JSON.stringify(trailer) + '\n'));
    const target = await openFresh();
    await expect(restoreBackup(target.url, future)).rejects.toThrow(/made by a newer version of Rounds \(9\.9\.9\).*29990101_0001_future/);
  });

  it('works from the command line with DATABASE_URL: backup, restore, and clear refusals', async () => {
    const cliFile = path.join(dir, 'cli.rounds.gz');
    const backup = await runCliCommand('backup', [cliFile], { DATABASE_URL: source.url });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/Wrote .*cli\.rounds\.gz .* rows in \d+ tables/);
    const again = await runCliCommand('backup', [cliFile], { DATABASE_URL: source.url });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);

    const target = await openFresh();
    const restore = await runCliCommand('restore', [cliFile], { DATABASE_URL: target.url });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(await tableChecksum(target.db, 'enrollments')).toEqual(await tableChecksum(source.db, 'enrollments'));
    const refused = await runCliCommand('restore', [cliFile], { DATABASE_URL: target.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/restore: The target database is not empty/);
    const usage = await runCliCommand('restore', [], { DATABASE_URL: target.url });
    expect(usage.code).toBe(2);

    // A truncated file: the command says which file and what is wrong, and the empty target stays untouched.
    const empty = await openFresh();
    const cutFile = path.join(dir, 'cli-cut.rounds.gz');
    const bytes = readFileSync(cliFile);
    writeFileSync(cutFile, bytes.subarray(0, bytes.length - 100));
    const cut = await runCliCommand('restore', [cutFile], { DATABASE_URL: empty.url });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/restore: .*cli-cut\.rounds\.gz is not a complete Rounds backup: it is truncated.*Nothing was changed/);
    expect(await untouched(empty.db)).toEqual([]);
  }, 90_000);
});
