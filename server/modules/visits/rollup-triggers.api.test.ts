import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compactVisitRollups } from '../../../db/rollups';
import { makeDistrict, testApp, type TestContext } from '../../test/helpers';

/**
 * The rollup triggers work per statement: many visits or tags inserted, deleted or moved by one statement, peer
 * visits among them, must leave `visit_days` and `visit_tag_days` equal to a fresh aggregate of leader visits.
 */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let tags: string[];

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  tags = (await t.db.insertInto('look_fors').values(['a', 'b', 'c', 'd'].map((name) => ({ school_id: fx.school.id, name }))).returning('id').execute()).map((r) => r.id);
});
afterAll(() => t.close());

async function mismatches(): Promise<number> {
  const school = fx.school.id;
  const result = await sql<{ diff: number }>`
    WITH raw_days AS (
      SELECT (started_at AT TIME ZONE 'America/Chicago')::date AS day, count(*)::int AS visits
      FROM visits WHERE school_id = ${school} AND kind = 'leader' GROUP BY 1),
    rolled_days AS (SELECT day, sum(visits)::int AS visits FROM visit_days WHERE school_id = ${school} GROUP BY day HAVING sum(visits) <> 0),
    raw_tags AS (
      SELECT (v.started_at AT TIME ZONE 'America/Chicago')::date AS day, vl.look_for_id, count(*)::int AS visits
      FROM visits v JOIN visit_look_fors vl ON vl.visit_id = v.id WHERE v.school_id = ${school} AND v.kind = 'leader' GROUP BY 1, 2),
    rolled_tags AS (SELECT day, look_for_id, sum(visits)::int AS visits FROM visit_tag_days WHERE school_id = ${school} GROUP BY 1, 2 HAVING sum(visits) <> 0)
    SELECT ((SELECT count(*) FROM ((TABLE raw_days EXCEPT TABLE rolled_days) UNION ALL (TABLE rolled_days EXCEPT TABLE raw_days)) d)
          + (SELECT count(*) FROM ((TABLE raw_tags EXCEPT TABLE rolled_tags) UNION ALL (TABLE rolled_tags EXCEPT TABLE raw_tags)) g))::int AS diff`.execute(t.db);
  return result.rows[0]!.diff;
}

const at = (day: number, hour: number) => `2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:15:00-05:00`;

it('stay equal to the raw aggregates when statements insert, delete and move many visits and tags at once', async () => {
  const ids: string[] = [];
  const visitSpec = fc.record({ day: fc.integer({ min: 1, max: 6 }), hour: fc.integer({ min: 0, max: 23 }), peer: fc.boolean(), tags: fc.subarray([0, 1, 2, 3]) });
  const op = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), visits: fc.array(visitSpec, { minLength: 1, maxLength: 6 }) }),
    fc.record({ kind: fc.constant('delete' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('move' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), day: fc.integer({ min: 1, max: 6 }), hour: fc.integer({ min: 0, max: 23 }) }),
    fc.record({ kind: fc.constant('untag' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), tag: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('compact' as const) }),
  );
  const pick = (picks: number[]) => [...new Set(picks.map((p) => ids[p % ids.length]!))];
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 12 }), async (ops) => {
      for (const o of ops) {
        if (o.kind === 'insert') {
          const rows = o.visits.map((v) => ({ id: randomUUID(), ...v }));
          // One statement for the visits, one for all their tags (which the fill trigger completes).
          await t.db
            .insertInto('visits')
            .values(
              rows.map((r) => ({
                id: r.id,
                district_id: fx.district.id,
                school_id: fx.school.id,
                observer_id: r.peer ? fx.otherTeacher.id : fx.users.principal.id,
                teacher_id: fx.users.teacher.id,
                started_at: at(r.day, r.hour),
                duration_minutes: 5,
                evidence: 'x',
                create_hash: 'test',
                kind: r.peer ? 'peer' : 'leader',
              })),
            )
            .execute();
          const tagRows = rows.flatMap((r) => r.tags.map((i) => ({ visit_id: r.id, look_for_id: tags[i]! })));
          if (tagRows.length > 0) await t.db.insertInto('visit_look_fors').values(tagRows).execute();
          ids.push(...rows.map((r) => r.id));
        } else if (o.kind === 'compact') {
          expect(await compactVisitRollups(t.db)).toBe(true);
        } else if (ids.length === 0) {
          continue;
        } else if (o.kind === 'delete') {
          const gone = pick(o.picks);
          // Tags go with their visits (ON DELETE CASCADE).
          await t.db.deleteFrom('visits').where('id', 'in', gone).execute();
          ids.splice(0, ids.length, ...ids.filter((id) => !gone.includes(id)));
        } else if (o.kind === 'move') {
          await t.db.updateTable('visits').set({ started_at: at(o.day, o.hour) }).where('id', 'in', pick(o.picks)).execute();
        } else {
          await t.db.deleteFrom('visit_look_fors').where('visit_id', 'in', pick(o.picks)).where('look_for_id', '=', tags[o.tag]!).execute();
        }
      }
      expect(await mismatches()).toBe(0);
    }),
    { numRuns: 10 },
  );
});

it('a statement that inserts nothing (a taken id) changes no count', async () => {
  const before = await t.db.selectFrom('visit_days').select(sql<number>`COALESCE(sum(visits), 0)::int`.as('n')).where('school_id', '=', fx.school.id).executeTakeFirstOrThrow();
  const id = randomUUID();
  const row = {
    id,
    district_id: fx.district.id,
    school_id: fx.school.id,
    observer_id: fx.users.principal.id,
    teacher_id: fx.users.teacher.id,
    started_at: at(3, 10),
    duration_minutes: 5,
    evidence: 'x',
    create_hash: 'test',
  };
  await t.db.insertInto('visits').values(row).execute();
  await t.db.insertInto('visits').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
  const after = await t.db.selectFrom('visit_days').select(sql<number>`COALESCE(sum(visits), 0)::int`.as('n')).where('school_id', '=', fx.school.id).executeTakeFirstOrThrow();
  expect(after.n).toBe(before.n + 1);
  expect(await mismatches()).toBe(0);
});

it('concurrent saves of one school and day spread over slots; compaction folds past days into one row each', async () => {
  const day = '2026-10-20';
  const ids = Array.from({ length: 40 }, () => randomUUID());
  // 40 single-visit statements at once, as 40 phones saving: none waits on another's rollup row.
  await Promise.all(
    ids.map((id, i) =>
      t.db
        .insertInto('visits')
        .values({
          id,
          district_id: fx.district.id,
          school_id: fx.school.id,
          observer_id: fx.users.principal.id,
          teacher_id: fx.users.teacher.id,
          started_at: `${day}T${String(8 + (i % 8)).padStart(2, '0')}:00:00-05:00`,
          duration_minutes: 5,
          evidence: 'x',
          create_hash: 'test',
        })
        .execute(),
    ),
  );
  const slots = await sql<{ slots: number; visits: number }>`
    SELECT count(*)::int AS slots, sum(visits)::int AS visits FROM visit_days WHERE school_id = ${fx.school.id} AND day = ${day}::date`.execute(t.db);
  expect(slots.rows[0]!.visits).toBeGreaterThanOrEqual(40);
  expect(slots.rows[0]!.slots).toBeGreaterThan(1);
  expect(await mismatches()).toBe(0);

  expect(await compactVisitRollups(t.db)).toBe(true);
  const after = await sql<{ slots: number; visits: number; nonzero_slot: number }>`
    SELECT count(*)::int AS slots, sum(visits)::int AS visits, count(*) FILTER (WHERE slot <> 0)::int AS nonzero_slot
    FROM visit_days WHERE school_id = ${fx.school.id} AND day = ${day}::date`.execute(t.db);
  expect(after.rows[0]).toEqual({ slots: 1, visits: slots.rows[0]!.visits, nonzero_slot: 0 });
  expect(await mismatches()).toBe(0);
});
