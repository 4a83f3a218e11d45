import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { Plan, Suggestion } from '../../../schemas/planner';
import type { RequestSchool, SessionUser } from '../../http/access';
import { daysBetween, localParts, toMinutes } from './school-time';

const hhmm = (t: string) => t.slice(0, 5);
const DAY = 86_400_000;

/** The leader's daily visit goal (3 unless they chose another). */
export async function dailyGoal(db: Db, personId: string): Promise<number> {
  const row = await db.selectFrom('leader_goals').select('daily_visits').where('person_id', '=', personId).executeTakeFirst();
  return row?.daily_visits ?? 3;
}

/** Today's class meetings of the school's teachers that have not ended yet. */
async function meetingsLeftToday(db: Db, schoolId: string, weekday: number, time: string) {
  return db
    .selectFrom('class_meetings as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .innerJoin('enrollments as e', (j) => j.onRef('e.class_id', '=', 'c.id').on('e.role', '=', 'teacher').on('e.status', '=', 'active'))
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .innerJoin('role_assignments as ra', (j) => j.onRef('ra.person_id', '=', 'p.id').on('ra.school_id', '=', schoolId).on('ra.role', '=', 'teacher'))
    .select([
      'p.id as teacher_id',
      sql<string>`p.given_name || ' ' || p.family_name`.as('teacher_name'),
      'c.id as class_id',
      'c.title',
      'c.subjects',
      'c.grades',
      'm.period',
      'm.start_time',
      'm.end_time',
      sql<string | null>`COALESCE(m.room, c.location)`.as('room'),
    ])
    .where('c.school_id', '=', schoolId)
    .where('c.status', '=', 'active')
    .where('p.status', '=', 'active')
    .where('m.weekday', '=', weekday)
    .where('m.end_time', '>', time)
    .orderBy('m.start_time')
    .execute();
}

/**
 * Per teacher teaching today: last visit, visits in 30 days, visits by hour of day in 90 days, and whether seen
 * today. Only the last 90 days are scanned (by school and time); the last visit comes from the teacher's own index,
 * so the cost does not grow with the years of history.
 */
async function visitStats(db: Db, school: RequestSchool, at: Date, today: string, teacherIds: string[]) {
  if (teacherIds.length === 0) return new Map<string, { last_at: Date | null; recent: number; today: number; hours: number[] }>();
  const rows = await sql<{ teacher_id: string; last_at: Date | null; recent: number | null; today: number | null; hours: number[] | null }>`
    SELECT t.id AS teacher_id,
           (SELECT max(v.started_at) FROM visits v
             WHERE v.teacher_id = t.id AND v.school_id = ${school.id} AND v.kind = 'leader' AND v.started_at <= ${at}) AS last_at,
           r.recent, r.today, r.hours
      FROM unnest(${teacherIds}::uuid[]) AS t(id)
      LEFT JOIN (
        SELECT teacher_id,
               count(*) FILTER (WHERE started_at > ${new Date(at.getTime() - 30 * DAY)}) AS recent,
               count(*) FILTER (WHERE (started_at AT TIME ZONE ${school.timezone})::date = ${today}::date) AS today,
               array_agg(extract(hour FROM started_at AT TIME ZONE ${school.timezone})::int) AS hours
          FROM visits
         WHERE school_id = ${school.id} AND kind = 'leader' AND started_at > ${new Date(at.getTime() - 90 * DAY)} AND started_at <= ${at}
         GROUP BY teacher_id) r ON r.teacher_id = t.id`.execute(db);
  return new Map(rows.rows.map((r) => [r.teacher_id, { last_at: r.last_at, recent: Number(r.recent ?? 0), today: Number(r.today ?? 0), hours: r.hours ?? [] }]));
}

/** Visits in the last 30 days per subject and per grade, to balance what gets seen. */
async function recentBySubjectAndGrade(db: Db, schoolId: string, at: Date) {
  const rows = await sql<{ kind: 'subject' | 'grade'; key: string; n: number }>`
    SELECT 'subject' AS kind, s AS key, count(*) AS n
      FROM visits v JOIN classes c ON c.id = v.class_id, unnest(c.subjects) s
     WHERE v.school_id = ${schoolId} AND v.kind = 'leader' AND v.started_at > ${new Date(at.getTime() - 30 * DAY)} AND v.started_at <= ${at} GROUP BY s
    UNION ALL
    SELECT 'grade', g, count(*)
      FROM visits v JOIN classes c ON c.id = v.class_id, unnest(c.grades) g
     WHERE v.school_id = ${schoolId} AND v.kind = 'leader' AND v.started_at > ${new Date(at.getTime() - 30 * DAY)} AND v.started_at <= ${at} GROUP BY g`.execute(db);
  const subject = new Map<string, number>();
  const grade = new Map<string, number>();
  for (const r of rows.rows) (r.kind === 'subject' ? subject : grade).set(r.key, Number(r.n));
  return { subject, grade };
}

/**
 * "Who should I visit next?" Ranks the teachers teaching now and later today by fairness: longest since their
 * last visit, subjects and grades seen less this month, and times of day they are rarely seen at.
 * Planning periods and lunch have no class meeting, so nobody is suggested then; teachers seen today are skipped.
 */
export async function planVisits(db: Db, user: SessionUser, school: RequestSchool, at: Date): Promise<Plan> {
  const local = localParts(at, school.timezone);
  const meetings = await meetingsLeftToday(db, school.id, local.weekday, local.time);
  const [stats, balance, goal, done] = await Promise.all([
    visitStats(db, school, at, local.date, [...new Set(meetings.map((m) => m.teacher_id))]),
    recentBySubjectAndGrade(db, school.id, at),
    dailyGoal(db, user.id),
    sql<{ n: number }>`SELECT count(*) AS n FROM visits WHERE observer_id = ${user.id} AND kind = 'leader'
      AND started_at >= ${local.date}::date::timestamp AT TIME ZONE ${school.timezone}
      AND started_at < (${local.date}::date + 1)::timestamp AT TIME ZONE ${school.timezone}`.execute(db),
  ]);
  const avg = (m: Map<string, number>) => (m.size === 0 ? 0 : [...m.values()].reduce((a, b) => a + b, 0) / m.size);
  const avgSubject = avg(balance.subject);
  const avgGrade = avg(balance.grade);

  const score = (m: (typeof meetings)[number]): Suggestion => {
    const s = stats.get(m.teacher_id);
    const reasons: string[] = [];
    let points: number;
    if (!s?.last_at) {
      points = 75;
      reasons.push('Not visited yet');
    } else {
      // Days are school-calendar days: a visit yesterday afternoon was 1 day ago this morning.
      const days = daysBetween(localParts(new Date(s.last_at), school.timezone).date, local.date);
      points = Math.min(days, 60);
      reasons.push(days === 0 ? 'Visited today' : `Last visited ${days} day${days === 1 ? '' : 's'} ago`);
    }
    const subject = m.subjects[0];
    if (subject && avgSubject > 0) {
      const seen = balance.subject.get(subject) ?? 0;
      const deficit = (avgSubject - seen) / avgSubject;
      points += deficit * 6;
      if (deficit > 0.25) reasons.push(`${subject} seen less than other subjects this month`);
    }
    const grade = m.grades[0];
    if (grade && avgGrade > 0) {
      const seen = balance.grade.get(grade) ?? 0;
      const deficit = (avgGrade - seen) / avgGrade;
      points += deficit * 4;
      if (deficit > 0.25) reasons.push(`Grade ${grade.replace(/^0/, '')} seen less than other grades this month`);
    }
    const hour = Math.floor(toMinutes(m.start_time) / 60);
    const atThisHour = s ? s.hours.filter((h) => h === hour).length : 0;
    if (s && s.hours.length > 0) {
      if (atThisHour === 0) {
        points += 5;
        reasons.push(`Not seen at ${hhmm(m.start_time)} recently`);
      } else {
        points -= 2 * atThisHour;
      }
    }
    return {
      teacher: { id: m.teacher_id, name: m.teacher_name },
      class: { id: m.class_id, title: m.title, subjects: m.subjects, grades: m.grades },
      period: m.period,
      start: hhmm(m.start_time),
      end: hhmm(m.end_time),
      room: m.room,
      lastVisitAt: s?.last_at ? new Date(s.last_at).toISOString() : null,
      score: Math.round(points * 10) / 10,
      reasons,
    };
  };

  const byScore = (a: Suggestion, b: Suggestion) => b.score - a.score || a.teacher.name.localeCompare(b.teacher.name);
  const seenToday = (teacherId: string) => (stats.get(teacherId)?.today ?? 0) > 0;
  const now: Suggestion[] = [];
  const later: Suggestion[] = [];
  const placed = new Set<string>();
  for (const m of meetings) {
    if (seenToday(m.teacher_id)) continue;
    if (toMinutes(m.start_time) <= local.minutes) {
      if (!placed.has(m.teacher_id)) now.push(score(m));
      placed.add(m.teacher_id);
    }
  }
  for (const m of meetings) {
    // Each teacher once: their next class later today.
    if (seenToday(m.teacher_id) || placed.has(m.teacher_id) || toMinutes(m.start_time) <= local.minutes) continue;
    later.push(score(m));
    placed.add(m.teacher_id);
  }
  return {
    date: local.date,
    time: local.time,
    goal: { daily: goal, doneToday: Number(done.rows[0]?.n ?? 0) },
    now: now.sort(byScore),
    later: later.sort(byScore),
  };
}
