import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

/** The rollups the triggers keep must always equal a fresh aggregate of the visits themselves. */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let tags: string[];
let cookie: string;

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  cookie = await sessionCookie(t.db, fx.users.coach.id);
  tags = (await t.db.insertInto('look_fors').values(['a', 'b', 'c'].map((name) => ({ school_id: fx.school.id, name }))).returning('id').execute()).map((r) => r.id);
});
afterAll(() => t.close());

async function rollupsMatch() {
  const days = await sql<{ diff: number }>`
    SELECT count(*) AS diff FROM (
      (SELECT day, sum(visits)::int FROM visit_days WHERE school_id = ${fx.school.id} GROUP BY 1 HAVING sum(visits) <> 0
       EXCEPT SELECT (started_at AT TIME ZONE 'America/Chicago')::date, count(*)::int FROM visits WHERE school_id = ${fx.school.id} GROUP BY 1)
      UNION ALL
      (SELECT (started_at AT TIME ZONE 'America/Chicago')::date, count(*)::int FROM visits WHERE school_id = ${fx.school.id} GROUP BY 1
       EXCEPT SELECT day, sum(visits)::int FROM visit_days WHERE school_id = ${fx.school.id} GROUP BY 1 HAVING sum(visits) <> 0)) x`.execute(t.db);
  const tagDays = await sql<{ diff: number }>`
    SELECT count(*) AS diff FROM (
      (SELECT day, look_for_id, sum(visits)::int FROM visit_tag_days WHERE school_id = ${fx.school.id} GROUP BY 1, 2 HAVING sum(visits) <> 0
       EXCEPT SELECT (v.started_at AT TIME ZONE 'America/Chicago')::date, vl.look_for_id, count(*)::int FROM visits v JOIN visit_look_fors vl ON vl.visit_id = v.id WHERE v.school_id = ${fx.school.id} GROUP BY 1, 2)
      UNION ALL
      (SELECT (v.started_at AT TIME ZONE 'America/Chicago')::date, vl.look_for_id, count(*)::int FROM visits v JOIN visit_look_fors vl ON vl.visit_id = v.id WHERE v.school_id = ${fx.school.id} GROUP BY 1, 2
       EXCEPT SELECT day, look_for_id, sum(visits)::int FROM visit_tag_days WHERE school_id = ${fx.school.id} GROUP BY 1, 2 HAVING sum(visits) <> 0)) x`.execute(t.db);
  return Number(days.rows[0]!.diff) + Number(tagDays.rows[0]!.diff);
}

it('stay equal to the raw aggregates through any sequence of captures and edits (days and tags changing)', async () => {
  const ids: { id: string; version: number }[] = [];
  const op = fc.oneof(
    fc.record({ kind: fc.constant('capture' as const), day: fc.integer({ min: 1, max: 20 }), hour: fc.integer({ min: 0, max: 23 }), tags: fc.subarray([0, 1, 2]) }),
    fc.record({ kind: fc.constant('edit' as const), which: fc.nat(), day: fc.integer({ min: 1, max: 20 }), hour: fc.integer({ min: 0, max: 23 }), tags: fc.subarray([0, 1, 2]) }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
      for (const o of ops) {
        // Hours around midnight in Chicago are another UTC day: the local day must be what is counted.
        const startedAt = `2026-11-${String(o.day).padStart(2, '0')}T${String(o.hour).padStart(2, '0')}:30:00-06:00`;
        const body = { teacherId: fx.users.teacher.id, startedAt, durationMinutes: 5, evidence: 'x', tags: o.tags.map((i) => tags[i]!) };
        if (o.kind === 'capture' || ids.length === 0) {
          const id = randomUUID();
          const res = await t.app.inject({ method: 'POST', url: '/api/visits', headers: { cookie }, payload: { id, schoolId: fx.school.id, ...body } });
          expect(res.statusCode).toBe(201);
          ids.push({ id, version: 1 });
        } else {
          const target = ids[o.which % ids.length]!;
          const res = await t.app.inject({ method: 'PUT', url: `/api/visits/${target.id}`, headers: { cookie }, payload: { version: target.version, ...body } });
          expect(res.statusCode).toBe(200);
          target.version += 1;
        }
      }
      expect(await rollupsMatch()).toBe(0);
    }),
    { numRuns: 8 },
  );
  const rows = await t.db.selectFrom('visit_days').select(sql<number>`sum(visits)`.as('n')).where('school_id', '=', fx.school.id).executeTakeFirstOrThrow();
  expect(Number(rows.n)).toBe(ids.length);
});
