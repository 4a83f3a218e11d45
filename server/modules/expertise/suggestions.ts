import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { Suggestions, SuggestionQuery } from '../../../schemas/expertise';
import type { RequestSchool, SessionUser } from '../../http/access';
import { validation } from '../../http/errors';
import { keywords, matches } from './topic';

const DAY = 86_400_000;

/** Active teachers of the school. */
function teachersOf(db: Db, schoolId: string) {
  return db
    .selectFrom('people as p')
    .select(['p.id', sql<string>`p.given_name || ' ' || p.family_name`.as('name')])
    .where('p.status', '=', 'active')
    .where((eb) => eb.exists(eb.selectFrom('role_assignments as ra').select('ra.id').whereRef('ra.person_id', '=', 'p.id').where('ra.school_id', '=', schoolId).where('ra.role', '=', 'teacher')))
    .execute();
}

/**
 * Shared visit evidence per teacher and look-for since a moment: visits recorded by leaders and coaches and shared
 * with the teacher (never peer visits, never visits still held back; private notes are never read).
 */
async function sharedTagCounts(db: Db, schoolId: string, since: Date, lookForIds: string[] | null) {
  const rows = await sql<{ teacher_id: string; look_for_id: string; n: number }>`
    SELECT v.teacher_id, vl.look_for_id, count(*) AS n
    FROM visits v JOIN visit_look_fors vl ON vl.visit_id = v.id
    WHERE v.school_id = ${schoolId} AND v.kind = 'leader' AND v.shared_at IS NOT NULL AND v.started_at > ${since}
      AND (${lookForIds === null}::boolean OR vl.look_for_id = ANY(${lookForIds ?? []}::uuid[]))
    GROUP BY 1, 2`.execute(db);
  return rows.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Distinct shared visits per teacher carrying any of the look-fors (a visit with two matching tags counts once). */
async function sharedVisitCounts(db: Db, schoolId: string, since: Date, lookForIds: string[]) {
  if (lookForIds.length === 0) return new Map<string, number>();
  const rows = await sql<{ teacher_id: string; n: number }>`
    SELECT v.teacher_id, count(*) AS n FROM visits v
    WHERE v.school_id = ${schoolId} AND v.kind = 'leader' AND v.shared_at IS NOT NULL AND v.started_at > ${since}
      AND EXISTS (SELECT 1 FROM visit_look_fors vl WHERE vl.visit_id = v.id AND vl.look_for_id = ANY(${lookForIds}::uuid[]))
    GROUP BY 1`.execute(db);
  return new Map(rows.rows.map((r) => [r.teacher_id, Number(r.n)]));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * "Who could I learn from about X?" Colleagues of the school ranked by evidence: shared visits of the last weeks
 * tagged with a matching look-for, plus strengths they named themselves that match; the asker is left out.
 */
export async function suggestColleagues(db: Db, user: SessionUser, school: RequestSchool, query: SuggestionQuery, at: Date): Promise<Suggestions> {
  const all = await db.selectFrom('look_fors').select(['id', 'name', 'active']).where('school_id', '=', school.id).orderBy('position').orderBy('name').execute();
  let topic: string;
  let matched: { id: string; name: string }[];
  if (query.lookForId) {
    const chosen = all.find((l) => l.id === query.lookForId);
    if (!chosen) throw validation([{ path: 'querystring.lookForId', message: 'Not a look-for of this school' }]);
    topic = chosen.name;
    matched = [{ id: chosen.id, name: chosen.name }];
  } else {
    topic = query.topic!;
    const words = keywords(topic);
    if (words.size === 0) throw validation([{ path: 'querystring.topic', message: 'Use a word of 4 letters or more, like “questioning”' }]);
    matched = all.filter((l) => matches(words, l.name)).map((l) => ({ id: l.id, name: l.name }));
  }
  const words = keywords(topic);
  const since = new Date(at.getTime() - query.weeks * 7 * DAY);
  const [teachers, visits, strengths] = await Promise.all([
    teachersOf(db, school.id),
    sharedVisitCounts(db, school.id, since, matched.map((l) => l.id)),
    db.selectFrom('teacher_strengths').select(['teacher_id', 'body']).where('school_id', '=', school.id).orderBy('body').execute(),
  ]);
  const named = new Map<string, string[]>();
  for (const s of strengths) {
    if (!matches(words, s.body)) continue;
    named.set(s.teacher_id, [...(named.get(s.teacher_id) ?? []), s.body]);
  }
  const tagNames = matched.map((l) => `“${l.name}”`).join(' or ');
  const suggestions = teachers
    .filter((t) => t.id !== user.id)
    .map((t) => {
      const n = visits.get(t.id) ?? 0;
      const own = named.get(t.id) ?? [];
      const reasons = [
        ...(n > 0 ? [`${plural(n, 'visit')} shared with them in the last ${plural(query.weeks, 'week')} tagged ${tagNames}`] : []),
        ...own.map((s) => `Names “${s}” as a strength`),
      ];
      return { teacher: { id: t.id, name: t.name }, score: n + own.length, visits: n, strengths: own, reasons };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || b.visits - a.visits || a.teacher.name.localeCompare(b.teacher.name))
    .slice(0, 20);
  return { topic, weeks: query.weeks, lookFors: matched, suggestions };
}

/** The school's expertise: per active look-for the teachers most often seen with it, and every named strength. */
export async function expertiseMap(db: Db, school: RequestSchool, weeks: number, at: Date) {
  const since = new Date(at.getTime() - weeks * 7 * DAY);
  const [lookFors, teachers, counts, strengths] = await Promise.all([
    db.selectFrom('look_fors').select(['id', 'name']).where('school_id', '=', school.id).where('active', '=', true).orderBy('position').orderBy('name').execute(),
    teachersOf(db, school.id),
    sharedTagCounts(db, school.id, since, null),
    db.selectFrom('teacher_strengths').select(['teacher_id', 'body']).where('school_id', '=', school.id).orderBy('body').execute(),
  ]);
  const names = new Map(teachers.map((t) => [t.id, t.name]));
  const byTag = new Map<string, { id: string; name: string; visits: number }[]>();
  for (const c of counts) {
    const name = names.get(c.teacher_id);
    if (!name) continue;
    byTag.set(c.look_for_id, [...(byTag.get(c.look_for_id) ?? []), { id: c.teacher_id, name, visits: c.n }]);
  }
  const byTeacher = new Map<string, string[]>();
  for (const s of strengths) if (names.has(s.teacher_id)) byTeacher.set(s.teacher_id, [...(byTeacher.get(s.teacher_id) ?? []), s.body]);
  return {
    weeks,
    lookFors: lookFors.map((l) => ({
      id: l.id,
      name: l.name,
      teachers: (byTag.get(l.id) ?? []).sort((a, b) => b.visits - a.visits || a.name.localeCompare(b.name)).slice(0, 5),
    })),
    strengths: [...byTeacher.entries()]
      .map(([id, list]) => ({ teacher: { id, name: names.get(id)! }, strengths: list }))
      .sort((a, b) => a.teacher.name.localeCompare(b.teacher.name)),
  };
}
