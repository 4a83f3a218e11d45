import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { APP_ROLE, ROW_SECURITY } from '../../db/row-security';
import { NO_ACCESS, runWithScope, type DbScope } from '../../db/scope';
import { seedDemo } from '../../db/seed/demo';
import { freshDatabase, makeDistrict, sessionCookie, testApp, testPasswordHash, type TestContext } from '../test/helpers';
import { access } from './access';

/**
 * Row-level security is the second line: these tests bypass the application's checks on purpose (queries with no
 * WHERE clause, a scope set by hand) and show that PostgreSQL itself keeps each request inside its district and school.
 */
describe('row-level security', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  let districtId: string;
  let schoolIds: string[];
  const protectedTables = Object.entries(ROW_SECURITY)
    .filter(([, rule]) => rule.kind !== 'operational')
    .map(([table]) => table);

  const inScope = <T,>(scope: DbScope, fn: () => Promise<T>) => runWithScope({ scope }, fn);
  const count = async (table: string, where = 'true') =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${sql.raw(where)}`.execute(db)).rows[0]!.n);

  beforeAll(async () => {
    fresh = await freshDatabase();
    db = fresh.db;
    await seedDemo(db, { passwordHash: await testPasswordHash() });
    const district = await db.selectFrom('districts').select('id').executeTakeFirstOrThrow();
    districtId = district.id;
    schoolIds = (await db.selectFrom('schools').select('id').where('district_id', '=', districtId).orderBy('name').execute()).map((s) => s.id);
  }, 120_000);
  afterAll(async () => {
    await fresh?.drop();
  });

  it('covers every table: each one holding school data has row-level security and a policy for the app role', async () => {
    const tables = await sql<{ relname: string; relrowsecurity: boolean; policies: number }>`
      SELECT c.relname, c.relrowsecurity, (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'`.execute(db);
    const names = tables.rows.map((t) => t.relname).sort();
    expect(names.filter((t) => !(t in ROW_SECURITY)), 'tables missing from db/row-security.ts').toEqual([]);
    for (const t of tables.rows) {
      const shouldBeProtected = ROW_SECURITY[t.relname]!.kind !== 'operational';
      expect({ table: t.relname, rls: t.relrowsecurity, policy: t.policies > 0 }).toEqual({
        table: t.relname,
        rls: shouldBeProtected,
        policy: shouldBeProtected,
      });
    }
    const role = await sql<{ rolbypassrls: boolean; rolsuper: boolean; owned: number }>`
      SELECT rolbypassrls, rolsuper, (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
      FROM pg_roles r WHERE rolname = ${APP_ROLE}`.execute(db);
    expect(role.rows).toEqual([{ rolbypassrls: false, rolsuper: false, owned: 0 }]);
    const views = await sql<{ relname: string; options: string[] | null }>`
      SELECT c.relname, c.reloptions AS options FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'v'`.execute(db);
    for (const v of views.rows) expect(v.options ?? [], v.relname).toContain('security_invoker=true');
  });

  it('a request runs as the app role, which cannot switch itself off', async () => {
    const who = await inScope({ kind: 'request', districtId, schoolIds: 'all' }, async () => {
      const row = await sql<{ user: string; bypass: boolean }>`
        SELECT current_user AS user, (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user) AS bypass`.execute(db);
      return row.rows[0];
    });
    expect(who).toEqual({ user: APP_ROLE, bypass: false });
    // Outside a request (jobs, start-up) queries run with the service's rights.
    expect((await sql<{ user: string }>`SELECT current_user AS user`.execute(db)).rows[0]!.user).not.toBe(APP_ROLE);
  });

  it('the demo data fills every protected table, so the checks below check something', async () => {
    const empty: string[] = [];
    for (const table of protectedTables) if ((await count(table)) === 0) empty.push(table);
    // Tables the demo leaves empty are still covered by the structural test above.
    expect(protectedTables.length - empty.length).toBeGreaterThan(40);
  });

  it('another district, and a request nobody has signed in to, see no row of any protected table', async () => {
    for (const scope of [{ kind: 'request', districtId: randomUUID(), schoolIds: 'all' } as DbScope, NO_ACCESS]) {
      const seen = await inScope(scope, async () => {
        const counts: Record<string, number> = {};
        for (const table of protectedTables) {
          const n = await count(table);
          if (n > 0) counts[table] = n;
        }
        return counts;
      });
      expect(seen).toEqual({});
    }
  });

  it('the whole district sees all of its rows; one school sees exactly that school’s rows', async () => {
    const all: Record<string, number> = {};
    const oneSchool: Record<string, number> = {};
    for (const table of protectedTables) all[table] = await count(table);
    const school = schoolIds[0]!;
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ('school_id', 'district_id')`.execute(db);
    const has = (table: string, column: string) => columns.rows.some((c) => c.table_name === table && c.column_name === column);
    for (const [table, rule] of Object.entries(ROW_SECURITY)) {
      if (rule.kind !== 'school') continue;
      oneSchool[table] = await count(table, has(table, 'district_id') ? `school_id = '${school}' OR school_id IS NULL` : `school_id = '${school}'`);
    }
    const seenAll = await inScope({ kind: 'request', districtId, schoolIds: 'all' }, async () => {
      const counts: Record<string, number> = {};
      for (const table of protectedTables) counts[table] = await count(table);
      return counts;
    });
    expect(seenAll).toEqual(all);
    const seenOne = await inScope({ kind: 'request', districtId, schoolIds: [school] }, async () => {
      const counts: Record<string, number> = {};
      for (const table of Object.keys(oneSchool)) counts[table] = await count(table);
      return counts;
    });
    expect(seenOne).toEqual(oneSchool);
    expect(oneSchool.visits).toBeGreaterThan(0);
    expect(oneSchool.visits).toBeLessThan(all.visits!);
  });

  it('refuses to write a row outside the request’s school, and changes nothing there', async () => {
    const [mine, other] = schoolIds as [string, string];
    const visit = await db.selectFrom('visits').selectAll().where('school_id', '=', other).limit(1).executeTakeFirstOrThrow();
    await inScope({ kind: 'request', districtId, schoolIds: [mine] }, async () => {
      await expect(
        db
          .insertInto('visits')
          .values({ ...visit, id: randomUUID() })
          .execute(),
      ).rejects.toMatchObject({ code: '42501' });
      const updated = await db.updateTable('visits').set({ evidence: 'overwritten' }).where('id', '=', visit.id).executeTakeFirst();
      expect(Number(updated.numUpdatedRows)).toBe(0);
      const deleted = await db.deleteFrom('visits').where('school_id', '=', other).executeTakeFirst();
      expect(Number(deleted.numDeletedRows)).toBe(0);
      // Moving one of its own visits to the other school is refused too.
      const own = await db.selectFrom('visits').select('id').where('school_id', '=', mine).limit(1).executeTakeFirstOrThrow();
      await expect(db.updateTable('visits').set({ school_id: other }).where('id', '=', own.id).execute()).rejects.toMatchObject({ code: '42501' });
    });
    expect((await db.selectFrom('visits').select('evidence').where('id', '=', visit.id).executeTakeFirstOrThrow()).evidence).toBe(visit.evidence);
  });
});

describe('row-level security behind the HTTP routes', () => {
  let ctx: TestContext;
  let world: Awaited<ReturnType<typeof makeDistrict>>;
  let outsider: Awaited<ReturnType<typeof makeDistrict>>;

  beforeAll(async () => {
    // Two deliberately careless routes: they read every visit and every person with no filter at all.
    ctx = await testApp({
      extraRoutes: (app) => {
        const careless = async () => {
          const visits = await ctx.db.selectFrom('visits').select(['school_id']).execute();
          const people = await ctx.db.selectFrom('people').select(['district_id']).execute();
          const who = await sql<{ user: string }>`SELECT current_user AS user`.execute(ctx.db);
          return { user: who.rows[0]!.user, visitSchools: [...new Set(visits.map((v) => v.school_id))], peopleDistricts: [...new Set(people.map((p) => p.district_id))] };
        };
        app.get('/api/test/careless', { config: { access: access.signedIn } }, careless);
        app.get('/api/test/careless-public', { config: { access: access.public } }, careless);
        app.post(
          '/api/test/careless-school',
          { config: { access: access.schoolInBody('district_admin') }, schema: { body: z.object({ schoolId: z.string(), note: z.string() }) } },
          careless,
        );
      },
    });
    world = await makeDistrict(ctx.db);
    outsider = await makeDistrict(ctx.db);
    const visitIn = async (d: typeof world, schoolId: string) =>
      ctx.db
        .insertInto('visits')
        .values({
          id: randomUUID(),
          district_id: d.district.id,
          school_id: schoolId,
          observer_id: d.users.principal.id,
          teacher_id: d.users.teacher.id,
          started_at: new Date(),
          duration_minutes: 5,
          evidence: 'Students counted by fives.',
          create_hash: randomUUID(),
        })
        .execute();
    await visitIn(world, world.school.id);
    await visitIn(world, world.otherSchool.id);
    await visitIn(outsider, outsider.school.id);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('a principal’s careless query sees only the schools they work in and their own district’s people, as the app role', async () => {
    const cookie = await sessionCookie(ctx.db, world.users.principal.id);
    const res = await ctx.app.inject({ method: 'GET', url: '/api/test/careless', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: APP_ROLE, visitSchools: [world.school.id], peopleDistricts: [world.district.id] });
  });

  it('a district leader’s sees every school of the district and nothing of another district', async () => {
    const cookie = await sessionCookie(ctx.db, world.users.district_leader.id);
    const body = (await ctx.app.inject({ method: 'GET', url: '/api/test/careless', headers: { cookie } })).json();
    expect(body.visitSchools.sort()).toEqual([world.school.id, world.otherSchool.id].sort());
    expect(body.peopleDistricts).toEqual([world.district.id]);
  });

  it('a school route is narrowed to its school, also after the JSON body is read', async () => {
    const cookie = await sessionCookie(ctx.db, world.users.district_admin.id);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/test/careless-school',
      headers: { cookie, 'content-type': 'application/json' },
      payload: { schoolId: world.otherSchool.id, note: 'x'.repeat(70_000) },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ user: APP_ROLE, visitSchools: [world.otherSchool.id] });
  });

  it('a request nobody signed in to sees nothing', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/test/careless-public' });
    expect(res.json()).toEqual({ user: APP_ROLE, visitSchools: [], peopleDistricts: [] });
  });
});
