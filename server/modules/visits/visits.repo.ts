import { sql } from 'kysely';
import type { Db } from '../../../db/database';

/** The columns every visit read returns, with names of people, class and tags joined in. */
export function selectVisits(db: Db) {
  return db
    .selectFrom('visits as v')
    .innerJoin('people as o', 'o.id', 'v.observer_id')
    .innerJoin('people as t', 't.id', 'v.teacher_id')
    .leftJoin('classes as c', 'c.id', 'v.class_id')
    .select([
      'v.id',
      'v.district_id',
      'v.school_id',
      'v.observer_id',
      sql<string>`o.given_name || ' ' || o.family_name`.as('observer_name'),
      'v.teacher_id',
      sql<string>`t.given_name || ' ' || t.family_name`.as('teacher_name'),
      'v.class_id',
      'c.title as class_title',
      'v.started_at',
      'v.duration_minutes',
      'v.evidence',
      'v.private_note',
      'v.create_hash',
      'v.teacher_id as subject_id',
      'v.shared_at',
      'v.guiding_question',
      'v.kind',
      'v.shared_with_leaders_at',
      'v.coaching_cycle_id',
      'v.version',
      'v.created_at',
      'v.updated_at',
      sql<{ id: string; name: string }[]>`COALESCE((
        SELECT json_agg(json_build_object('id', l.id, 'name', l.name) ORDER BY l.position, l.name)
        FROM visit_look_fors vl JOIN look_fors l ON l.id = vl.look_for_id WHERE vl.visit_id = v.id), '[]')`.as('tags'),
      sql<{ id: string; width: number; height: number }[]>`COALESCE((
        SELECT json_agg(json_build_object('id', ph.id, 'width', ph.width, 'height', ph.height) ORDER BY ph.created_at)
        FROM visit_photos ph WHERE ph.visit_id = v.id), '[]')`.as('photos'),
      sql<{ body: string; next_step: string | null; wants_conversation: boolean; updated_at: string } | null>`(
        SELECT json_build_object('body', r.body, 'next_step', r.next_step, 'wants_conversation', r.wants_conversation, 'updated_at', r.updated_at)
        FROM reflections r WHERE r.visit_id = v.id)`.as('reflection'),
      sql<{ id: string; held_on: string; notes: string; next_step: string | null; follow_up_on: string | null; recorded_by: string; recorder_name: string; created_at: string }[]>`COALESCE((
        SELECT json_agg(json_build_object('id', cv.id, 'held_on', cv.held_on, 'notes', cv.notes, 'next_step', cv.next_step, 'follow_up_on', cv.follow_up_on,
          'recorded_by', cv.recorded_by, 'recorder_name', rp.given_name || ' ' || rp.family_name, 'created_at', cv.created_at) ORDER BY cv.held_on, cv.created_at)
        FROM conversations cv JOIN people rp ON rp.id = cv.recorded_by WHERE cv.visit_id = v.id), '[]')`.as('conversations'),
      sql<'school' | 'own'>`COALESCE((SELECT s.coach_visibility FROM school_visit_settings s WHERE s.school_id = v.school_id), 'school')`.as('coach_visibility'),
    ]);
}
export type VisitRow = Awaited<ReturnType<ReturnType<typeof selectVisits>['executeTakeFirstOrThrow']>>;

export async function findVisit(db: Db, id: string): Promise<VisitRow | undefined> {
  return selectVisits(db).where('v.id', '=', id).executeTakeFirst();
}

/** True when the person holds the teacher role in the school. */
export async function isTeacherOf(db: Db, schoolId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('role_assignments')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('person_id', '=', personId)
    .where('role', '=', 'teacher')
    .executeTakeFirst();
  return Boolean(row);
}

/** The class if it belongs to the school (and, when given, is taught by the teacher). */
export async function findClassOf(db: Db, schoolId: string, classId: string, teacherId: string) {
  return db
    .selectFrom('classes as c')
    .select(['c.id', sql<boolean>`EXISTS (SELECT 1 FROM enrollments e WHERE e.class_id = c.id AND e.person_id = ${teacherId} AND e.role = 'teacher')`.as('taught')])
    .where('c.id', '=', classId)
    .where('c.school_id', '=', schoolId)
    .executeTakeFirst();
}

/** The subset of `ids` that are active look-fors of the school. */
export async function activeLookForIds(db: Db, schoolId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('look_fors')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('active', '=', true)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function replaceTags(db: Db, visitId: string, tagIds: string[]): Promise<void> {
  await db.deleteFrom('visit_look_fors').where('visit_id', '=', visitId).execute();
  if (tagIds.length > 0) {
    await db.insertInto('visit_look_fors').values(tagIds.map((look_for_id) => ({ visit_id: visitId, look_for_id }))).execute();
  }
}

/** Everything a capture must check, in one statement: teacher role, class of the school and taught, active tags, share mode. */
export async function referenceFacts(db: Db, schoolId: string, teacherId: string, classId: string | null, tagIds: string[]) {
  const row = await sql<{ is_teacher: boolean; class_in_school: boolean; class_taught: boolean; active_tags: string[]; share_mode: 'immediate' | 'held' }>`
    SELECT
      EXISTS (SELECT 1 FROM role_assignments WHERE school_id = ${schoolId} AND person_id = ${teacherId} AND role = 'teacher') AS is_teacher,
      EXISTS (SELECT 1 FROM classes WHERE id = ${classId}::uuid AND school_id = ${schoolId}) AS class_in_school,
      EXISTS (SELECT 1 FROM classes c JOIN enrollments e ON e.class_id = c.id
              WHERE c.id = ${classId}::uuid AND c.school_id = ${schoolId} AND e.person_id = ${teacherId} AND e.role = 'teacher') AS class_taught,
      ARRAY(SELECT id FROM look_fors WHERE school_id = ${schoolId} AND active AND id = ANY(${tagIds}::uuid[])) AS active_tags,
      COALESCE((SELECT share_mode FROM school_visit_settings WHERE school_id = ${schoolId}), 'immediate') AS share_mode`.execute(db);
  const r = row.rows[0]!;
  return { isTeacher: r.is_teacher, classInSchool: r.class_in_school, classTaught: r.class_taught, activeTags: r.active_tags, shareMode: r.share_mode };
}
