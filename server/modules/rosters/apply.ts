import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types';
import type { RosterCounts } from '../../../schemas/rosters';
import type { Staged } from './staging';
import { sync } from './upsert';

type Tx = Kysely<Database>;

const ROSTER_COLUMNS = ['district_id', 'sourced_id'] as const;

/** What applying a checked bundle needs besides its staging tables (made by the parsing worker). */
export interface ApplyInfo {
  /** The district org of orgs.csv, when there is one. */
  districtOrg: { sourcedId: string; name: string } | null;
  /** Hand-made accounts the roster takes over (matched by email). */
  adoptions: { personId: string; sourcedId: string }[];
  /** Which program-flag columns demographics.csv carries. */
  programColumns: { englishLearner: boolean; specialEducation: boolean; freeReducedLunch: boolean };
  staged: Staged;
  /** Kinds whose file is a delta file: records it does not mention are left as they are. */
  delta: Partial<Record<'schools' | 'academic_sessions' | 'courses' | 'classes' | 'people' | 'enrollments', true>>;
}

/** Applies the staged bundle to the district in dependency order; every statement is set-based. */
export async function applyBundle(trx: Tx, districtId: string, info: ApplyInfo): Promise<RosterCounts> {
  const d = districtId;
  const counts: RosterCounts = {};
  const { staged } = info;

  if (info.districtOrg) {
    await trx
      .updateTable('districts')
      .set({ sourced_id: info.districtOrg.sourcedId, updated_at: sql`now()` })
      .where('id', '=', d)
      .where('sourced_id', 'is', null)
      .execute();
  }

  if (staged.schools) {
    counts.schools = await sync(trx, {
      table: 'schools',
      staging: 'ro_schools',
      districtId: d,
      inactivate: !info.delta.schools,
      key: ROSTER_COLUMNS,
      columns: ['district_id', 'sourced_id', 'name', 'identifier', 'status', 'rostered'],
      source: sql`SELECT ${d}::uuid AS district_id, sourced_id, name, identifier, status, true AS rostered FROM ro_schools`,
    });
  }

  if (staged.sessions) {
    counts.academicSessions = await sync(trx, {
      table: 'academic_sessions',
      staging: 'ro_sessions',
      districtId: d,
      inactivate: !info.delta.academic_sessions,
      key: ROSTER_COLUMNS,
      columns: ['district_id', 'sourced_id', 'title', 'type', 'start_date', 'end_date', 'parent_id', 'school_year', 'status', 'rostered'],
      source: sql`
        SELECT ${d}::uuid AS district_id, s.sourced_id, s.title, s.type, s.start_date, s.end_date, p.id AS parent_id, s.school_year, s.status, true AS rostered
        FROM ro_sessions s LEFT JOIN academic_sessions p ON p.district_id = ${d} AND p.sourced_id = s.parent_sourced_id`,
    });
    // Parents created by the statement above were not visible to it: link them now, counting rows not already touched.
    const fixed = await sql<{ n: number }>`
      WITH fix AS (
        UPDATE academic_sessions t SET parent_id = p.id, updated_at = now()
        FROM ro_sessions s, academic_sessions p, academic_sessions old
        WHERE t.district_id = ${d} AND t.sourced_id = s.sourced_id
          AND p.district_id = ${d} AND p.sourced_id = s.parent_sourced_id
          AND old.id = t.id AND t.parent_id IS DISTINCT FROM p.id
        RETURNING old.updated_at <> now() AS untouched
      )
      SELECT count(*) FILTER (WHERE untouched)::int AS n FROM fix`.execute(trx);
    const n = fixed.rows[0]?.n ?? 0;
    counts.academicSessions.updated += n;
    counts.academicSessions.unchanged -= n;
  }

  if (staged.courses) {
    counts.courses = await sync(trx, {
      table: 'courses',
      staging: 'ro_courses',
      districtId: d,
      inactivate: !info.delta.courses,
      key: ROSTER_COLUMNS,
      columns: ['district_id', 'sourced_id', 'school_id', 'title', 'course_code', 'grades', 'subjects', 'status', 'rostered'],
      source: sql`
        SELECT ${d}::uuid AS district_id, c.sourced_id, sc.id AS school_id, c.title, c.course_code, c.grades, c.subjects, c.status, true AS rostered
        FROM ro_courses c LEFT JOIN schools sc ON sc.district_id = ${d} AND sc.sourced_id = c.org_sourced_id`,
    });
  }

  if (staged.classes) {
    counts.classes = await sync(trx, {
      table: 'classes',
      staging: 'ro_classes',
      districtId: d,
      inactivate: !info.delta.classes,
      key: ROSTER_COLUMNS,
      columns: [
        'district_id',
        'sourced_id',
        'school_id',
        'course_id',
        'title',
        'class_code',
        'class_type',
        'location',
        'grades',
        'subjects',
        'periods',
        'term_ids',
        'status',
        'rostered',
      ],
      source: sql`
        SELECT ${d}::uuid AS district_id, c.sourced_id, sc.id AS school_id, co.id AS course_id, c.title, c.class_code, c.class_type,
          c.location, c.grades, c.subjects, c.periods,
          ARRAY(SELECT s.id FROM unnest(c.term_sourced_ids) WITH ORDINALITY AS u(sid, n)
                JOIN academic_sessions s ON s.district_id = ${d} AND s.sourced_id = u.sid ORDER BY u.n) AS term_ids,
          c.status, true AS rostered
        FROM ro_classes c
        JOIN schools sc ON sc.district_id = ${d} AND sc.sourced_id = c.school_sourced_id
        LEFT JOIN courses co ON co.district_id = ${d} AND co.sourced_id = c.course_sourced_id`,
    });
    counts.meetings = await rebuildMeetings(trx, d);
  }
  return counts;
}

/**
 * Builds Monday-Friday meetings for the bundle's active classes from their periods and the school's bell schedule,
 * replacing a class's meetings only when they differ. Classes without periods, or in a school without a bell
 * schedule, keep whatever meetings they have.
 */
async function rebuildMeetings(trx: Tx, d: string): Promise<{ classes: number; meetings: number }> {
  await sql`
    CREATE TEMP TABLE ro_meeting_scope ON COMMIT DROP AS
    SELECT c.id AS class_id FROM ro_classes rc
    JOIN classes c ON c.district_id = ${d} AND c.sourced_id = rc.sourced_id
    WHERE c.status = 'active' AND cardinality(c.periods) > 0
      AND EXISTS (SELECT 1 FROM bell_periods bp WHERE bp.school_id = c.school_id)`.execute(trx);
  await sql`
    CREATE TEMP TABLE ro_meetings ON COMMIT DROP AS
    SELECT DISTINCT ON (c.id, w.day, bp.start_time)
      c.id AS class_id, w.day::smallint AS weekday, bp.period, bp.start_time, bp.end_time, c.location AS room
    FROM ro_meeting_scope sc
    JOIN classes c ON c.id = sc.class_id
    CROSS JOIN LATERAL unnest(c.periods) AS per(period)
    JOIN bell_periods bp ON bp.school_id = c.school_id AND bp.period = per.period
    CROSS JOIN generate_series(1, 5) AS w(day)
    ORDER BY c.id, w.day, bp.start_time, bp.period`.execute(trx);
  await sql`
    CREATE TEMP TABLE ro_meeting_changed ON COMMIT DROP AS
    SELECT DISTINCT class_id FROM (
      (SELECT class_id, weekday, period, start_time, end_time, room FROM ro_meetings
       EXCEPT
       SELECT m.class_id, m.weekday, m.period, m.start_time, m.end_time, m.room FROM class_meetings m JOIN ro_meeting_scope USING (class_id))
      UNION ALL
      (SELECT m.class_id, m.weekday, m.period, m.start_time, m.end_time, m.room FROM class_meetings m JOIN ro_meeting_scope USING (class_id)
       EXCEPT
       SELECT class_id, weekday, period, start_time, end_time, room FROM ro_meetings)
    ) diff`.execute(trx);
  await sql`DELETE FROM class_meetings WHERE class_id IN (SELECT class_id FROM ro_meeting_changed)`.execute(trx);
  const inserted = await sql<{ n: number }>`
    WITH ins AS (
      INSERT INTO class_meetings (class_id, weekday, period, start_time, end_time, room)
      SELECT class_id, weekday, period, start_time, end_time, room FROM ro_meetings
      WHERE class_id IN (SELECT class_id FROM ro_meeting_changed)
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins`.execute(trx);
  const changed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ro_meeting_changed`.execute(trx);
  return { classes: changed.rows[0]?.n ?? 0, meetings: inserted.rows[0]?.n ?? 0 };
}
