import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, testPasswordHash } from '../../server/test/helpers';
import { DEMO_ACCOUNTS, isEmpty, rng, seedDemo } from './demo';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  fresh = await freshDatabase();
});
afterAll(() => fresh.drop());

describe('demo district', () => {
  it('the generator is deterministic', () => {
    const a = rng(7);
    const b = rng(7);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('seeds two schools, ~40 teachers with schedules, ~800 students with demographics, and the named accounts', async () => {
    expect(await isEmpty(fresh.db)).toBe(true);
    await seedDemo(fresh.db, { passwordHash: await testPasswordHash(), today: '2026-11-24' });
    expect(await isEmpty(fresh.db)).toBe(false);
    const db = fresh.db;
    const schools = await db.selectFrom('schools').select(['name', 'grade_band']).orderBy('name').execute();
    expect(schools).toEqual([
      { name: 'Cedar Ridge Middle School', grade_band: '6-8' },
      { name: 'Maple Grove Elementary', grade_band: 'K-5' },
    ]);
    const teachers = await db.selectFrom('role_assignments').select(sql<number>`count(DISTINCT person_id)`.as('n')).where('role', '=', 'teacher').executeTakeFirstOrThrow();
    expect(Number(teachers.n)).toBeGreaterThanOrEqual(35);
    expect(Number(teachers.n)).toBeLessThanOrEqual(45);
    const students = await db.selectFrom('people').select(sql<number>`count(*)`.as('n')).where('kind', '=', 'student').executeTakeFirstOrThrow();
    expect(Number(students.n)).toBeGreaterThanOrEqual(750);
    expect(Number(students.n)).toBeLessThanOrEqual(850);
    const demo = await db
      .selectFrom('student_demographics')
      .select([sql<number>`avg(english_learner::int)`.as('el'), sql<number>`avg(free_reduced_lunch::int)`.as('frl')])
      .executeTakeFirstOrThrow();
    expect(Number(demo.el)).toBeGreaterThan(0.05);
    expect(Number(demo.frl)).toBeGreaterThan(0.3);
    for (const account of DEMO_ACCOUNTS) {
      const row = await db
        .selectFrom('people')
        .innerJoin('credentials', 'credentials.person_id', 'people.id')
        .select('people.id')
        .where('people.email', '=', account.email)
        .executeTakeFirst();
      expect(row, account.email).toBeDefined();
    }
    // Every teacher has a weekly schedule, and nobody teaches two classes at once.
    const clashes = await sql<{ n: number }>`
      SELECT count(*) AS n FROM class_meetings a
      JOIN enrollments ea ON ea.class_id = a.class_id AND ea.role = 'teacher'
      JOIN class_meetings b ON b.weekday = a.weekday AND b.id <> a.id AND b.start_time < a.end_time AND a.start_time < b.end_time
      JOIN enrollments eb ON eb.class_id = b.class_id AND eb.role = 'teacher' AND eb.person_id = ea.person_id`.execute(db);
    expect(Number(clashes.rows[0]!.n)).toBe(0);
    const unscheduled = await sql<{ n: number }>`
      SELECT count(*) AS n FROM role_assignments ra WHERE ra.role = 'teacher' AND NOT EXISTS (
        SELECT 1 FROM enrollments e JOIN class_meetings m ON m.class_id = e.class_id WHERE e.person_id = ra.person_id)`.execute(db);
    expect(Number(unscheduled.rows[0]!.n)).toBe(0);
    // A term of visit history up to yesterday: several hundred visits, each during a class its teacher was teaching.
    const visits = await sql<{ n: number; last: Date; outside: number; tagged: number }>`
      SELECT count(*) AS n, max(started_at) AS last,
             count(*) FILTER (WHERE NOT EXISTS (
               SELECT 1 FROM class_meetings m WHERE m.class_id = v.class_id
                 AND m.weekday = extract(isodow FROM v.started_at AT TIME ZONE 'America/Chicago')
                 AND (v.started_at AT TIME ZONE 'America/Chicago')::time BETWEEN m.start_time AND m.end_time)) AS outside,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visit_look_fors t WHERE t.visit_id = v.id)) AS tagged
      FROM visits v`.execute(db);
    const stats = visits.rows[0]!;
    expect(Number(stats.n)).toBeGreaterThan(500);
    expect(new Date(stats.last).toISOString() < '2026-11-24T06:00:00.000Z').toBe(true);
    expect(Number(stats.outside)).toBe(0);
    expect(Number(stats.tagged)).toBe(Number(stats.n));
    // Most evidence was shared with the teachers; some was reflected on and talked about, never before it was shared.
    const loop = await sql<{ shared: number; reflected: number; talked: number; unshared_talk: number; mine: number }>`
      SELECT (SELECT count(*) FROM visits WHERE shared_at IS NOT NULL) AS shared,
             (SELECT count(*) FROM reflections) AS reflected,
             (SELECT count(*) FROM conversations) AS talked,
             (SELECT count(*) FROM conversations c JOIN visits v ON v.id = c.visit_id WHERE v.shared_at IS NULL OR c.held_on < (v.shared_at AT TIME ZONE 'America/Chicago')::date) AS unshared_talk,
             (SELECT count(*) FROM visits v JOIN people p ON p.id = v.teacher_id WHERE p.email = 'teacher@demo.test' AND v.shared_at IS NOT NULL) AS mine`.execute(db);
    const l = loop.rows[0]!;
    expect(Number(l.shared)).toBeGreaterThan(Number(stats.n) * 0.7);
    expect(Number(l.reflected)).toBeGreaterThan(50);
    expect(Number(l.talked)).toBeGreaterThan(20);
    expect(Number(l.unshared_talk)).toBe(0);
    expect(Number(l.mine)).toBeGreaterThan(0);
    const teacher = await db.selectFrom('people').select('grades').where('email', '=', 'teacher@demo.test').executeTakeFirstOrThrow();
    expect(teacher.grades).toEqual(['03']);
  });

  it('gives the elementary school a vision, goals with look-fors and a term of weekly assessments showing subgroup gaps', async () => {
    const db = fresh.db;
    expect(await db.selectFrom('school_visions').select('vision').execute()).toHaveLength(1);
    const goals = await db.selectFrom('school_goals as g').innerJoin('school_goal_look_fors as l', 'l.goal_id', 'g.id').select('g.title').execute();
    expect(goals.length).toBeGreaterThanOrEqual(2);
    const counts = await sql<{ assessments: number; results: number; el: number; others: number }>`
      SELECT (SELECT count(*) FROM assessments)::int AS assessments, (SELECT count(*) FROM assessment_results)::int AS results,
             (SELECT avg(r.score * 100.0 / a.max_score) FROM assessment_results r JOIN assessments a ON a.id = r.assessment_id JOIN student_demographics d ON d.person_id = r.student_id WHERE d.english_learner) AS el,
             (SELECT avg(r.score * 100.0 / a.max_score) FROM assessment_results r JOIN assessments a ON a.id = r.assessment_id JOIN student_demographics d ON d.person_id = r.student_id WHERE NOT d.english_learner) AS others`.execute(db);
    const c = counts.rows[0]!;
    expect(c.assessments).toBeGreaterThan(50);
    expect(c.results).toBeGreaterThan(1000);
    expect(Number(c.others) - Number(c.el)).toBeGreaterThan(8);
  });
});
