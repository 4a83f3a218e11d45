import { sql } from 'kysely';
import type { Db } from '../database';

/** How big a generated data set is. */
export interface ScaleOptions {
  schools: number;
  years: number;
  districts: number;
  teachersPerSchool: number;
  observersPerSchool: number;
  visitsPerObserverPerDay: number;
  /** The last day of visits (YYYY-MM-DD); the history runs `years` back from it. */
  until: string;
  log?: (message: string) => void;
}

export const DEFAULT_SCALE = { districts: 10, teachersPerSchool: 50, observersPerSchool: 3, visitsPerObserverPerDay: 3 };

/**
 * Writes a state-sized data set with set-based SQL only: districts, schools with look-fors, teachers with a class
 * each, observers, and years of school-day visits with one or two look-for tags each. Row triggers are off during
 * the bulk load and the rollups are rebuilt once at the end. Returns the number of visits written.
 */
export async function seedScale(db: Db, o: ScaleOptions): Promise<number> {
  const log = o.log ?? (() => {});
  const tag = `scale-${Date.now().toString(36)}`;
  const t0 = Date.now();
  await db.connection().execute(async (conn) => {
    await sql`SET session_replication_role = replica`.execute(conn);
    await sql`
      INSERT INTO districts (name, sourced_id)
      SELECT 'Scale district ' || d, ${tag} || '-d' || d FROM generate_series(1, ${o.districts}) d`.execute(conn);
    await sql`
      INSERT INTO schools (district_id, sourced_id, name, grade_band)
      SELECT dist.id, ${tag} || '-s' || s, 'Scale school ' || s, 'K-8'
      FROM generate_series(1, ${o.schools}) s
      JOIN districts dist ON dist.sourced_id = ${tag} || '-d' || (1 + (s - 1) % ${o.districts})`.execute(conn);
    await sql`
      INSERT INTO look_fors (school_id, name, position)
      SELECT s.id, n.name, n.pos FROM schools s
      CROSS JOIN (VALUES ('Learning target', 0), ('Student discourse', 1), ('Checking for understanding', 2),
                         ('Higher-order questions', 3), ('Small-group instruction', 4), ('Independent practice', 5)) AS n(name, pos)
      WHERE s.sourced_id LIKE ${tag} || '-%'`.execute(conn);
    log(`schools and look-fors: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await sql`
      INSERT INTO people (district_id, sourced_id, kind, given_name, family_name, email, grades)
      SELECT s.district_id, s.sourced_id || '-t' || k, 'staff', 'Teacher', k::text || '-' || s.sourced_id, NULL, ARRAY[lpad((k % 9)::text, 2, '0')]
      FROM schools s CROSS JOIN generate_series(1, ${o.teachersPerSchool}) k WHERE s.sourced_id LIKE ${tag} || '-%'
      UNION ALL
      SELECT s.district_id, s.sourced_id || '-o' || k, 'staff', 'Observer', k::text || '-' || s.sourced_id, NULL, '{}'
      FROM schools s CROSS JOIN generate_series(1, ${o.observersPerSchool}) k WHERE s.sourced_id LIKE ${tag} || '-%'`.execute(conn);
    await sql`
      INSERT INTO role_assignments (person_id, district_id, school_id, role, source)
      SELECT p.id, p.district_id, s.id,
             CASE WHEN p.given_name = 'Teacher' THEN 'teacher' WHEN p.sourced_id LIKE '%-o1' THEN 'principal' ELSE 'coach' END, 'manual'
      FROM people p JOIN schools s ON s.sourced_id = substring(p.sourced_id from '^(.*)-[to][0-9]+$') AND p.district_id = s.district_id
      WHERE p.sourced_id LIKE ${tag} || '-%'`.execute(conn);
    await sql`
      INSERT INTO classes (district_id, school_id, sourced_id, title, grades, subjects)
      SELECT s.district_id, s.id, p.sourced_id || '-c', 'Class of ' || p.family_name, p.grades,
             ARRAY[(ARRAY['Mathematics', 'English Language Arts', 'Science', 'Social Studies', 'Art'])[1 + abs(hashtext(p.sourced_id)) % 5]]
      FROM people p JOIN role_assignments ra ON ra.person_id = p.id AND ra.role = 'teacher' JOIN schools s ON s.id = ra.school_id
      WHERE p.sourced_id LIKE ${tag} || '-%'`.execute(conn);
    await sql`
      INSERT INTO enrollments (district_id, sourced_id, class_id, school_id, person_id, role, is_primary)
      SELECT c.district_id, c.sourced_id || '-e', c.id, c.school_id, p.id, 'teacher', true
      FROM classes c JOIN people p ON p.sourced_id || '-c' = c.sourced_id AND p.district_id = c.district_id
      WHERE c.sourced_id LIKE ${tag} || '-%'`.execute(conn);
    log(`people, classes: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    for (let y = o.years; y >= 1; y--) {
      const from = sql`(${o.until}::date - ${y * 365}::int + 1)`;
      const to = sql`(${o.until}::date - ${(y - 1) * 365}::int)`;
      await sql`
        WITH school_teachers AS (
          SELECT c.school_id, array_agg(c.id ORDER BY c.id) AS classes, array_agg(e.person_id ORDER BY c.id) AS teachers
          FROM classes c JOIN enrollments e ON e.class_id = c.id AND e.role = 'teacher'
          WHERE c.sourced_id LIKE ${tag} || '-%' GROUP BY c.school_id
        ), observers AS (
          SELECT ra.person_id, ra.school_id, s.district_id, s.timezone FROM role_assignments ra JOIN schools s ON s.id = ra.school_id
          WHERE s.sourced_id LIKE ${tag} || '-%' AND ra.role IN ('principal', 'coach')
        ), days AS (
          SELECT d::date AS day FROM generate_series(${from}, ${to}, interval '1 day') d
          WHERE extract(isodow FROM d) < 6 AND extract(month FROM d) NOT IN (7)
        ), picks AS (
          SELECT o.person_id, o.school_id, o.district_id, o.timezone, days.day, k,
                 abs(hashtext(o.person_id::text || days.day::text || k::text)) AS h
          FROM observers o CROSS JOIN days CROSS JOIN generate_series(1, ${o.visitsPerObserverPerDay}) k
        )
        INSERT INTO visits (id, district_id, school_id, observer_id, teacher_id, class_id, started_at, duration_minutes, evidence, create_hash)
        SELECT gen_random_uuid(), p.district_id, p.school_id, p.person_id,
               st.teachers[1 + p.h % cardinality(st.teachers)], st.classes[1 + p.h % cardinality(st.classes)],
               (p.day + time '08:00' + make_interval(mins => (p.h / 7) % 400)) AT TIME ZONE p.timezone,
               5 + p.h % 11, 'Generated visit evidence.', 'scale'
        FROM picks p JOIN school_teachers st ON st.school_id = p.school_id`.execute(conn);
      log(`visits, year ${o.years - y + 1} of ${o.years}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    await sql`
      INSERT INTO visit_look_fors (visit_id, look_for_id, school_id, day)
      SELECT v.id, l.id, v.school_id, (v.started_at AT TIME ZONE s.timezone)::date
      FROM visits v JOIN schools s ON s.id = v.school_id
      JOIN LATERAL (
        SELECT lf.id FROM look_fors lf WHERE lf.school_id = v.school_id
        ORDER BY abs(hashtext(v.id::text || lf.id::text)) LIMIT (1 + abs(hashtext(v.id::text)) % 2)
      ) l ON true
      WHERE s.sourced_id LIKE ${tag} || '-%'`.execute(conn);
    log(`look-for tags: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await sql`SET session_replication_role = DEFAULT`.execute(conn);
    await sql`SELECT rebuild_visit_rollups()`.execute(conn);
    // A bulk load leaves the visibility map empty: vacuum so index-only scans need no heap visits.
    await sql`VACUUM (ANALYZE)`.execute(conn);
    log(`rollups and statistics: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });
  const n = await db.selectFrom('visits').innerJoin('schools', 'schools.id', 'visits.school_id').select(sql<number>`count(*)`.as('n')).where('schools.sourced_id', 'like', `${tag}-%`).executeTakeFirstOrThrow();
  return Number(n.n);
}
