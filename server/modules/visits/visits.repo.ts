import { sql, type RawBuilder } from 'kysely';
import { PREPARED, type Db } from '../../../db/database';

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

/** What one capture statement says back: the reference facts it checked, and the stored visit when it inserted one. */
export interface RecordedVisit {
  is_teacher: boolean;
  class_in_school: boolean;
  class_taught: boolean;
  active_tags: string[];
  coach_visibility: 'school' | 'own';
  /** Null when nothing was inserted: a reference is wrong, or the id is taken (a retry, or a clash). */
  id: string | null;
  started_at: Date;
  shared_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  observer_name: string;
  teacher_name: string;
  class_title: string | null;
  tags: { id: string; name: string }[];
}

export interface CaptureRow {
  id: string;
  districtId: string;
  schoolId: string;
  observerId: string;
  teacherId: string;
  classId: string | null;
  startedAt: string;
  durationMinutes: number;
  evidence: string;
  privateNote: string | null;
  guidingQuestion: string | null;
  createHash: string;
  kind: 'leader' | 'peer';
  coachingCycleId: string | null;
  /** Distinct look-for ids. */
  tags: string[];
  /** False when a check made before (the coaching cycle) failed: the statement then only reports the facts. */
  allowed: boolean;
}

/**
 * A capture in one statement (atomic on its own: no transaction held open across round trips). It checks the
 * references (teacher of the school, class of the school taught by the teacher, active look-fors) and inserts only
 * when all hold and the id is new; with the visit go its tags (carrying the visit's school, local day and kind, so
 * no trigger looks them up) and, when the visit is shared at once (the school shares right away, or a peer visit),
 * its notification, email and audit rows. It answers the facts for field errors, and what the response needs.
 * `shareCtes` writes the share's rows for the CTE `shared` (`shareRowsCtes` in share.ts).
 */
export async function recordVisit(db: Db, c: CaptureRow, shareCtes: RawBuilder<unknown>): Promise<RecordedVisit> {
  const result = await sql<RecordedVisit>`${sql.raw(PREPARED)}
    WITH f AS (
      SELECT
        EXISTS (SELECT 1 FROM role_assignments WHERE school_id = ${c.schoolId}::uuid AND person_id = ${c.teacherId}::uuid AND role = 'teacher') AS is_teacher,
        EXISTS (SELECT 1 FROM classes WHERE id = ${c.classId}::uuid AND school_id = ${c.schoolId}::uuid) AS class_in_school,
        EXISTS (SELECT 1 FROM classes cl JOIN enrollments e ON e.class_id = cl.id
                WHERE cl.id = ${c.classId}::uuid AND cl.school_id = ${c.schoolId}::uuid AND e.person_id = ${c.teacherId}::uuid AND e.role = 'teacher') AS class_taught,
        ARRAY(SELECT id FROM look_fors WHERE school_id = ${c.schoolId}::uuid AND active AND id = ANY(${c.tags}::uuid[])) AS active_tags,
        COALESCE(svs.share_mode, 'immediate') AS share_mode,
        COALESCE(svs.coach_visibility, 'school') AS coach_visibility,
        (SELECT timezone FROM schools WHERE id = ${c.schoolId}::uuid) AS timezone
      FROM (SELECT 1) one LEFT JOIN school_visit_settings svs ON svs.school_id = ${c.schoolId}::uuid
    ),
    v AS (
      INSERT INTO visits (id, district_id, school_id, observer_id, teacher_id, class_id, started_at, duration_minutes, evidence,
                          private_note, guiding_question, create_hash, kind, coaching_cycle_id, shared_at)
      SELECT ${c.id}::uuid, ${c.districtId}::uuid, ${c.schoolId}::uuid, ${c.observerId}::uuid, ${c.teacherId}::uuid, ${c.classId}::uuid,
             ${c.startedAt}::timestamptz, ${c.durationMinutes}::int, ${c.evidence}::text, ${c.privateNote}::text, ${c.guidingQuestion}::text,
             ${c.createHash}::text, ${c.kind}::text, ${c.coachingCycleId}::uuid,
             -- In schools that share right away the teacher gets the evidence as soon as it is saved; a peer visit's
             -- evidence always goes to the visited teacher.
             CASE WHEN ${c.kind}::text = 'peer' OR f.share_mode = 'immediate' THEN now() END
      FROM f
      WHERE ${c.allowed}::boolean AND f.is_teacher AND (${c.classId}::uuid IS NULL OR f.class_taught)
        AND cardinality(f.active_tags) = cardinality(${c.tags}::uuid[])
      ON CONFLICT (id) DO NOTHING
      RETURNING id, teacher_id, observer_id, district_id, school_id, started_at, shared_at, version, created_at, updated_at
    ),
    tags AS (
      INSERT INTO visit_look_fors (visit_id, look_for_id, school_id, day, visit_kind)
      SELECT v.id, tag, v.school_id, (v.started_at AT TIME ZONE f.timezone)::date, ${c.kind}::text
      FROM v CROSS JOIN f CROSS JOIN unnest(${c.tags}::uuid[]) AS tag
    ),
    shared AS (SELECT id, teacher_id, observer_id, district_id, school_id, started_at FROM v WHERE shared_at IS NOT NULL),
    ${shareCtes}
    SELECT f.is_teacher, f.class_in_school, f.class_taught, f.active_tags, f.coach_visibility,
           v.id, v.started_at, v.shared_at, v.version, v.created_at, v.updated_at,
           (SELECT given_name || ' ' || family_name FROM people WHERE id = ${c.observerId}::uuid) AS observer_name,
           (SELECT given_name || ' ' || family_name FROM people WHERE id = ${c.teacherId}::uuid) AS teacher_name,
           (SELECT title FROM classes WHERE id = ${c.classId}::uuid) AS class_title,
           COALESCE((SELECT json_agg(json_build_object('id', l.id, 'name', l.name) ORDER BY l.position, l.name)
                     FROM look_fors l WHERE l.id = ANY(${c.tags}::uuid[])), '[]') AS tags
    FROM f LEFT JOIN v ON true`.execute(db);
  return result.rows[0]!;
}
