import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { AuditQuery } from '../../../schemas/audit';

/** Actions about an assessment that touch each of its students' results. */
const ASSESSMENT_RESULT_ACTIONS = ['assessment.results_viewed', 'assessment.results_recorded', 'assessment.results_imported'];

/** One page of a district's audit log, newest first, with names for actor, school and subject. */
export async function auditPage(db: Db, districtId: string, query: AuditQuery) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('people as actor', 'actor.id', 'a.actor_id')
    .leftJoin('schools as s', 's.id', 'a.school_id')
    .leftJoin('people as subject', (join) => join.on('a.entity', 'in', ['student', 'person']).on(sql`subject.id::text`, '=', sql.ref('a.entity_id')))
    .leftJoin('assessments as asm', (join) => join.on('a.entity', '=', 'assessment').on(sql`asm.id::text`, '=', sql.ref('a.entity_id')))
    .where('a.district_id', '=', districtId)
    .select([
      'a.id',
      'a.at',
      'a.action',
      'a.entity',
      'a.entity_id',
      'a.ip',
      'a.details',
      'actor.id as actor_id',
      sql<string | null>`actor.given_name || ' ' || actor.family_name`.as('actor_name'),
      's.id as school_id',
      's.name as school_name',
      sql<string | null>`coalesce(subject.given_name || ' ' || subject.family_name, asm.name)`.as('subject'),
    ]);
  if (query.studentId) {
    const student = query.studentId;
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('a.entity', '=', 'student'), eb('a.entity_id', '=', student)]),
        eb.and([
          eb('a.entity', '=', 'assessment'),
          eb('a.action', 'in', ASSESSMENT_RESULT_ACTIONS),
          eb(
            'a.entity_id',
            'in',
            sql<string>`(
              SELECT ac.assessment_id::text FROM assessment_classes ac JOIN enrollments e ON e.class_id = ac.class_id WHERE e.person_id = ${student}
              UNION SELECT r.assessment_id::text FROM assessment_results r WHERE r.student_id = ${student}
            )`,
          ),
        ]),
      ]),
    );
  }
  if (query.actorId) q = q.where('a.actor_id', '=', query.actorId);
  if (query.action) q = q.where('a.action', query.action.includes('.') ? '=' : 'like', query.action.includes('.') ? query.action : `${query.action}.%`);
  if (query.schoolId) q = q.where('a.school_id', '=', query.schoolId);
  if (query.from) q = q.where('a.at', '>=', sql<Date>`${query.from}::date`);
  if (query.to) q = q.where('a.at', '<', sql<Date>`${query.to}::date + 1`);
  if (query.before) q = q.where('a.id', '<', query.before);
  const rows = await q.orderBy('a.id', 'desc').limit(query.limit + 1).execute();
  return { rows: rows.slice(0, query.limit), more: rows.length > query.limit };
}

/** People of a district whose name, email or roster id matches, for choosing whose trail to read. */
export function findPeople(db: Db, districtId: string, text: string) {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('people')
    .where('district_id', '=', districtId)
    .where((eb) =>
      eb.or([
        eb(sql`given_name || ' ' || family_name`, 'ilike', like),
        eb('email', 'ilike', like),
        eb('sourced_id', 'ilike', like),
      ]),
    )
    .select(['id', 'kind', 'sourced_id', 'email', sql<string>`given_name || ' ' || family_name`.as('name')])
    .orderBy('family_name')
    .orderBy('given_name')
    .limit(20)
    .execute();
}
