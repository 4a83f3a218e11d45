import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { Coverage } from '../../../schemas/planner';
import type { RequestSchool, SessionUser } from '../../http/access';
import { MAX_RANGE_DAYS } from '../../../schemas/bounds';
import { addDays, datesBetween, localParts, mondayOf, mondaysBetween } from './school-time';

/** The school's visit settings, with defaults for a school that has not chosen yet. */
export async function unvisitedDaysOf(db: Db, schoolId: string): Promise<number> {
  const row = await db.selectFrom('school_visit_settings').select('unvisited_days').where('school_id', '=', schoolId).executeTakeFirst();
  return row?.unvisited_days ?? 14;
}

/** The term containing `date` (a term or semester first, else the school year), or the last 12 weeks. */
export async function currentTerm(db: Db, districtId: string, date: string) {
  const row = await db
    .selectFrom('academic_sessions')
    .select(['title', 'start_date', 'end_date', 'type'])
    .where('district_id', '=', districtId)
    .where('status', '=', 'active')
    .where('start_date', '<=', date)
    .where('end_date', '>=', date)
    .orderBy(sql`CASE type WHEN 'gradingPeriod' THEN 2 WHEN 'schoolYear' THEN 3 ELSE 1 END`)
    .orderBy('start_date', 'desc')
    .executeTakeFirst();
  // A session's dates come from a roster: a term reaching back further than any report covers is cut there.
  const earliest = addDays(date, -MAX_RANGE_DAYS);
  if (row) return { title: row.title, start: row.start_date < earliest ? earliest : row.start_date, end: row.end_date };
  return { title: 'Last 12 weeks', start: addDays(mondayOf(date), -77), end: date };
}

/** Weekdays from `start` to `end` inclusive. */
function weekdaysBetween(start: string, end: string): number {
  if (start > end) return 0;
  return datesBetween(start, end).filter((d) => {
    const day = new Date(`${d}T12:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6;
  }).length;
}

/** Coverage of a school this term: every teacher's last visit, visits per week, who is overdue, and the observers' numbers. */
export async function schoolCoverage(db: Db, _user: SessionUser, school: RequestSchool, at: Date, days?: number): Promise<Coverage> {
  const local = localParts(at, school.timezone);
  const [term, unvisitedDays] = await Promise.all([currentTerm(db, school.districtId, local.date), days ?? unvisitedDaysOf(db, school.id)]);
  const tz = school.timezone;
  const termStart = sql<Date>`(${term.start}::date)::timestamp AT TIME ZONE ${tz}`;
  const [teachers, weekly, observers] = await Promise.all([
    sql<{ id: string; name: string; last_at: Date | null }>`
      SELECT p.id, p.given_name || ' ' || p.family_name AS name,
             (SELECT max(v.started_at) FROM visits v WHERE v.teacher_id = p.id AND v.school_id = ${school.id} AND v.kind = 'leader') AS last_at
      FROM people p
      WHERE p.status = 'active' AND EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.person_id = p.id AND ra.school_id = ${school.id} AND ra.role = 'teacher')
      ORDER BY p.family_name, p.given_name`.execute(db),
    sql<{ teacher_id: string; week: string; n: number }>`
      SELECT teacher_id, to_char(date_trunc('week', started_at AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS week, count(*) AS n
      FROM visits WHERE school_id = ${school.id} AND kind = 'leader' AND started_at >= ${termStart} AND started_at <= ${at}
      GROUP BY 1, 2`.execute(db),
    sql<{ id: string; name: string; today: number; this_week: number; this_term: number }>`
      SELECT p.id, p.given_name || ' ' || p.family_name AS name,
             count(*) FILTER (WHERE (v.started_at AT TIME ZONE ${tz})::date = ${local.date}::date) AS today,
             count(*) FILTER (WHERE (v.started_at AT TIME ZONE ${tz})::date >= ${mondayOf(local.date)}::date) AS this_week,
             count(v.id) AS this_term
      FROM people p
      LEFT JOIN visits v ON v.observer_id = p.id AND v.school_id = ${school.id} AND v.kind = 'leader' AND v.started_at >= ${termStart} AND v.started_at <= ${at}
      WHERE v.id IS NOT NULL OR EXISTS (
        -- The school's leaders are listed even before their first visit: their numbers are visible too.
        SELECT 1 FROM role_assignments ra WHERE ra.person_id = p.id AND ra.school_id = ${school.id}
          AND ra.role IN ('principal', 'assistant_principal', 'coach'))
      GROUP BY p.id, p.given_name, p.family_name ORDER BY this_term DESC, name`.execute(db),
  ]);
  const weeks = term.start > local.date ? [] : mondaysBetween(term.start, local.date);
  const perTeacher = new Map<string, Map<string, number>>();
  for (const r of weekly.rows) {
    const m = perTeacher.get(r.teacher_id) ?? new Map<string, number>();
    m.set(r.week, Number(r.n));
    perTeacher.set(r.teacher_id, m);
  }
  const schoolDays = Math.max(1, weekdaysBetween(term.start, local.date < term.end ? local.date : term.end));
  const cutoff = at.getTime() - unvisitedDays * 86_400_000;
  return {
    term,
    unvisitedDays,
    weeks,
    teachers: teachers.rows.map((t) => {
      const counts = perTeacher.get(t.id) ?? new Map<string, number>();
      const perWeek = weeks.map((w) => counts.get(w) ?? 0);
      return {
        id: t.id,
        name: t.name,
        lastVisitAt: t.last_at ? new Date(t.last_at).toISOString() : null,
        visitsThisTerm: perWeek.reduce((a, b) => a + b, 0),
        perWeek,
        flagged: !t.last_at || new Date(t.last_at).getTime() < cutoff,
      };
    }),
    observers: observers.rows.map((o) => ({
      id: o.id,
      name: o.name,
      today: Number(o.today),
      thisWeek: Number(o.this_week),
      thisTerm: Number(o.this_term),
      perSchoolDay: Math.round((Number(o.this_term) / schoolDays) * 100) / 100,
    })),
  };
}

/** Coverage counts per school of a district, for district leaders: numbers only, never notes or names. */
export async function districtCoverage(db: Db, user: SessionUser, at: Date) {
  const schools = await db.selectFrom('schools').select(['id', 'name', 'timezone']).where('district_id', '=', user.districtId).where('status', '=', 'active').orderBy('name').execute();
  const result = [];
  for (const s of schools) {
    const local = localParts(at, s.timezone);
    const term = await currentTerm(db, user.districtId, local.date);
    const days = await unvisitedDaysOf(db, s.id);
    const row = await sql<{ teachers: number; recent_teachers: number; term_visits: number; week_visits: number }>`
      SELECT
        (SELECT count(DISTINCT person_id) FROM role_assignments WHERE school_id = ${s.id} AND role = 'teacher') AS teachers,
        (SELECT count(DISTINCT v.teacher_id) FROM visits v WHERE v.school_id = ${s.id} AND v.kind = 'leader' AND v.started_at > ${new Date(at.getTime() - days * 86_400_000)} AND v.started_at <= ${at}) AS recent_teachers,
        (SELECT count(*) FROM visits v WHERE v.school_id = ${s.id} AND v.kind = 'leader' AND v.started_at >= (${term.start}::date)::timestamp AT TIME ZONE ${s.timezone} AND v.started_at <= ${at}) AS term_visits,
        (SELECT count(*) FROM visits v WHERE v.school_id = ${s.id} AND v.kind = 'leader' AND v.started_at > ${new Date(at.getTime() - 7 * 86_400_000)} AND v.started_at <= ${at}) AS week_visits`.execute(db);
    const r = row.rows[0]!;
    result.push({
      id: s.id,
      name: s.name,
      teachers: Number(r.teachers),
      teachersVisitedRecently: Number(r.recent_teachers),
      visitsThisTerm: Number(r.term_visits),
      visitsLast7Days: Number(r.week_visits),
      unvisitedDays: days,
    });
  }
  return { unvisitedDays: result[0]?.unvisitedDays ?? 14, schools: result };
}

