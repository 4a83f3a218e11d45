import { sql } from 'kysely';
import type { Db } from '../../../db/database';

/** The content of a map as written: units, standards, and targets pointing at a unit (by position) and standards (by code). */
export interface MapContent {
  units: { title: string; startsOn: string; endsOn: string }[];
  standards: { code: string; description: string }[];
  targets: { unit: number; statement: string; standardCodes: string[]; assessments: { assessmentId?: string; name?: string }[] }[];
}

/** One map row of the school. */
export async function findMap(db: Db, schoolId: string, mapId: string) {
  return db
    .selectFrom('curriculum_maps as m')
    .leftJoin('people as p', 'p.id', 'm.updated_by')
    .select(['m.id', 'm.course', 'm.grade', 'm.version', 'm.updated_at', 'p.id as updater_id', sql<string | null>`p.given_name || ' ' || p.family_name`.as('updater_name')])
    .where('m.school_id', '=', schoolId)
    .where('m.id', '=', mapId)
    .executeTakeFirst();
}

/** The school's maps with their counts and gaps, by course and grade. */
export async function mapSummaries(db: Db, schoolId: string) {
  const r = await sql<{
    id: string;
    course: string;
    grade: string;
    version: number;
    updated_at: Date;
    units: number;
    standards: number;
    targets: number;
    standards_without_target: number;
    targets_without_assessment: number;
  }>`
    SELECT m.id, m.course, m.grade, m.version, m.updated_at,
      (SELECT count(*)::int FROM curriculum_units u WHERE u.map_id = m.id) AS units,
      (SELECT count(*)::int FROM curriculum_standards s WHERE s.map_id = m.id) AS standards,
      (SELECT count(*)::int FROM curriculum_targets t WHERE t.map_id = m.id) AS targets,
      (SELECT count(*)::int FROM curriculum_standards s WHERE s.map_id = m.id
         AND NOT EXISTS (SELECT 1 FROM curriculum_target_standards ts WHERE ts.standard_id = s.id)) AS standards_without_target,
      (SELECT count(*)::int FROM curriculum_targets t WHERE t.map_id = m.id
         AND NOT EXISTS (SELECT 1 FROM curriculum_target_assessments ta WHERE ta.target_id = t.id)) AS targets_without_assessment
    FROM curriculum_maps m
    WHERE m.school_id = ${schoolId}
    ORDER BY lower(m.course), m.grade`.execute(db);
  return r.rows;
}

/** A map's units, standards and targets (with their standards' codes and their assessments), in map order. */
export async function mapContent(db: Db, mapId: string) {
  const [units, standards, targets, codes, assessments] = await Promise.all([
    db.selectFrom('curriculum_units').select(['id', 'title', 'starts_on', 'ends_on']).where('map_id', '=', mapId).orderBy('position').execute(),
    db.selectFrom('curriculum_standards').select(['id', 'code', 'description']).where('map_id', '=', mapId).orderBy('position').execute(),
    db
      .selectFrom('curriculum_targets as t')
      .innerJoin('curriculum_units as u', 'u.id', 't.unit_id')
      .select(['t.id', 't.statement', 'u.position as unit_position'])
      .where('t.map_id', '=', mapId)
      .orderBy('u.position')
      .orderBy('t.position')
      .execute(),
    db
      .selectFrom('curriculum_target_standards as ts')
      .innerJoin('curriculum_standards as s', 's.id', 'ts.standard_id')
      .select(['ts.target_id', 's.code'])
      .where('s.map_id', '=', mapId)
      .orderBy('s.position')
      .execute(),
    db
      .selectFrom('curriculum_target_assessments as ta')
      .innerJoin('curriculum_targets as t', 't.id', 'ta.target_id')
      .leftJoin('assessments as a', 'a.id', 'ta.assessment_id')
      .select(['ta.target_id', 'ta.assessment_id', 'ta.name', 'a.name as assessment_name', sql<string | null>`to_char(a.given_on, 'YYYY-MM-DD')`.as('given_on')])
      .where('t.map_id', '=', mapId)
      .orderBy('ta.position')
      .execute(),
  ]);
  return { units, standards, targets, codes, assessments };
}

/** The ids among `ids` that are formative assessments of the school. */
export async function schoolAssessmentIds(db: Db, schoolId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('assessments').select('id').where('school_id', '=', schoolId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Replaces a map's content in the caller's transaction: everything under the map is deleted and written again in
 * order. Standards are looked up by code case-insensitively (the content was validated before).
 */
export async function writeContent(trx: Db, mapId: string, content: MapContent) {
  await trx.deleteFrom('curriculum_targets').where('map_id', '=', mapId).execute();
  await trx.deleteFrom('curriculum_units').where('map_id', '=', mapId).execute();
  await trx.deleteFrom('curriculum_standards').where('map_id', '=', mapId).execute();
  const unitIds = new Map<number, string>();
  if (content.units.length > 0) {
    const rows = await trx
      .insertInto('curriculum_units')
      .values(content.units.map((u, position) => ({ map_id: mapId, position, title: u.title, starts_on: u.startsOn, ends_on: u.endsOn })))
      .returning(['id', 'position'])
      .execute();
    for (const r of rows) unitIds.set(r.position, r.id);
  }
  const standardIds = new Map<string, string>();
  if (content.standards.length > 0) {
    const rows = await trx
      .insertInto('curriculum_standards')
      .values(content.standards.map((s, position) => ({ map_id: mapId, position, code: s.code, description: s.description })))
      .returning(['id', 'code'])
      .execute();
    for (const r of rows) standardIds.set(r.code.toLowerCase(), r.id);
  }
  if (content.targets.length === 0) return;
  const targets = await trx
    .insertInto('curriculum_targets')
    .values(content.targets.map((t, position) => ({ map_id: mapId, unit_id: unitIds.get(t.unit)!, position, statement: t.statement })))
    .returning(['id', 'position'])
    .execute();
  const targetIds = new Map(targets.map((r) => [r.position, r.id]));
  const links = content.targets.flatMap((t, i) => [...new Set(t.standardCodes.map((c) => standardIds.get(c.toLowerCase())!))].map((standard_id) => ({ target_id: targetIds.get(i)!, standard_id })));
  if (links.length > 0) await trx.insertInto('curriculum_target_standards').values(links).execute();
  const assessments = content.targets.flatMap((t, i) =>
    t.assessments.map((a, position) => ({ target_id: targetIds.get(i)!, position, assessment_id: a.assessmentId ?? null, name: a.assessmentId ? null : (a.name ?? null) })),
  );
  if (assessments.length > 0) await trx.insertInto('curriculum_target_assessments').values(assessments).execute();
}
