import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../server/test/helpers';
import type { Db } from './database';
import { APP_ROLE } from './row-security';
import { runWithScope, type DbScope } from './scope';

/**
 * A request's statements with parameters run as named prepared statements (planned once per connection), the
 * service's do not, and a statement a migration made stale is planned afresh instead of failing.
 */
describe('prepared statements on request connections', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  const scope: DbScope = { kind: 'request', districtId: null, schoolIds: [] };
  const inRequest = <T,>(fn: () => Promise<T>) => runWithScope({ scope }, fn);
  /** The prepared statements of the connection `fn` runs on, named as the app names them. */
  const preparedOn = (conn: Db) =>
    sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'r\\_%'`.execute(conn).then((r) => r.rows.map((row) => row.statement));

  beforeAll(async () => {
    fresh = await freshDatabase();
    db = fresh.db;
    await sql`CREATE TABLE prepared_probe (id int PRIMARY KEY, label text)`.execute(db);
    await sql`INSERT INTO prepared_probe VALUES (1, 'one'), (2, 'two')`.execute(db);
    await sql`GRANT SELECT ON prepared_probe TO ${sql.raw(APP_ROLE)}`.execute(db);
  }, 120_000);
  afterAll(async () => {
    await fresh?.drop();
  });

  it('prepares a request statement with parameters once per connection and answers it as before', async () => {
    await inRequest(() =>
      db.connection().execute(async (conn) => {
        for (const id of [1, 2, 1, 2, 1, 2, 1]) {
          const row = await conn.selectFrom('prepared_probe' as never).select(sql<string>`label`.as('label')).where(sql.ref('id'), '=', id).executeTakeFirstOrThrow();
          expect(row.label).toBe(id === 1 ? 'one' : 'two');
        }
        const prepared = await preparedOn(conn);
        expect(prepared.filter((s) => s.includes('prepared_probe'))).toHaveLength(1);
      }),
    );
  });

  it('leaves a statement with optional filters to be planned for its parameters each time', async () => {
    await inRequest(() =>
      db.connection().execute(async (conn) => {
        for (const label of [null, 'one', null]) {
          await sql`SELECT id FROM prepared_probe WHERE (${label}::text IS NULL OR label = ${label}::text) AND id > ${0}`.execute(conn);
        }
        expect((await preparedOn(conn)).filter((s) => s.includes('IS NULL OR label'))).toEqual([]);
      }),
    );
  });

  it('leaves the service’s own statements unprepared', async () => {
    await db.connection().execute(async (conn) => {
      await conn.selectFrom('prepared_probe' as never).select(sql<string>`label`.as('label')).where(sql.ref('id'), '=', 2).execute();
      expect((await preparedOn(conn)).filter((s) => s.includes('prepared_probe'))).toEqual([]);
    });
  });

  it('plans a statement afresh when a migration changed the table under its SELECT *', async () => {
    const read = (conn: Db) => sql<Record<string, unknown>>`SELECT * FROM prepared_probe WHERE id = ${1}`.execute(conn).then((r) => r.rows[0]);
    await inRequest(() =>
      db.connection().execute(async (conn) => {
        expect(await read(conn)).toEqual({ id: 1, label: 'one' });
        // The migration runs on a service connection while this request connection keeps its statement.
        await runWithScope({ scope: { kind: 'service' } }, () => sql`ALTER TABLE prepared_probe ADD COLUMN extra text DEFAULT 'x'`.execute(db));
        expect(await read(conn)).toEqual({ id: 1, label: 'one', extra: 'x' });
        expect(await read(conn)).toEqual({ id: 1, label: 'one', extra: 'x' });
      }),
    );
  });
});
