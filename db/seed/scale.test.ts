import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabase } from '../../server/test/helpers';
import { seedScale } from './scale';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  fresh = await freshDatabase();
});
afterAll(() => fresh.drop());

it('writes schools, people, classes and a year of tagged school-day visits, with rollups equal to the raw counts', async () => {
  const visits = await seedScale(fresh.db, { schools: 4, years: 1, districts: 2, teachersPerSchool: 6, observersPerSchool: 2, visitsPerObserverPerDay: 3, until: '2026-11-20' });
  // 4 schools x 2 observers x 3 visits x the weekdays of a year outside July.
  const days = await sql<{ n: number }>`SELECT count(*) AS n FROM generate_series(date '2025-11-21', date '2026-11-20', interval '1 day') d WHERE extract(isodow FROM d) < 6 AND extract(month FROM d) <> 7`.execute(fresh.db);
  expect(visits).toBe(4 * 2 * 3 * Number(days.rows[0]!.n));
  const roles = await sql<{ role: string; n: number }>`SELECT role, count(*) AS n FROM role_assignments GROUP BY role ORDER BY role`.execute(fresh.db);
  expect(roles.rows.map((r) => [r.role, Number(r.n)])).toEqual([['coach', 4], ['principal', 4], ['teacher', 24]]);
  const check = await sql<{ raw: number; rolled: number; tags: number; tag_rolled: number; outside: number }>`
    SELECT (SELECT count(*) FROM visits) AS raw, (SELECT sum(visits) FROM visit_days) AS rolled,
           (SELECT count(*) FROM visit_look_fors) AS tags, (SELECT sum(visits) FROM visit_tag_days) AS tag_rolled,
           (SELECT count(*) FROM visits v WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.class_id = v.class_id AND e.person_id = v.teacher_id)) AS outside`.execute(fresh.db);
  const c = check.rows[0]!;
  expect(Number(c.rolled)).toBe(Number(c.raw));
  expect(Number(c.tag_rolled)).toBe(Number(c.tags));
  expect(Number(c.tags)).toBeGreaterThanOrEqual(visits);
  expect(Number(c.outside)).toBe(0);
});
