import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../../db/database';
import type { MapCreate, MapDetail, MapUpdate, StandardUpdate } from '../../../schemas/curriculum';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, forbidden, notFound, validation, type FieldError } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { alignmentOf } from './alignment';
import { curriculumPolicy, gradeKey, type EditableGrades } from './curriculum.policy';
import { findMap, mapContent, mapSummaries, schoolAssessmentIds, writeContent, type MapContent } from './curriculum.repo';

/** Where each part of a map's content came from, for error paths (the request body, or a CSV file's cells). */
export interface ContentPaths {
  unit(i: number, field: 'startsOn' | 'endsOn' | 'title'): string;
  standard(i: number, field: 'code'): string;
  targetUnit(i: number): string;
  targetCode(i: number, j: number): string;
  targetAssessment(i: number, j: number): string;
}
export const BODY_PATHS: ContentPaths = {
  unit: (i, field) => `body.units.${i}.${field}`,
  standard: (i, field) => `body.standards.${i}.${field}`,
  targetUnit: (i) => `body.targets.${i}.unit`,
  targetCode: (i, j) => `body.targets.${i}.standardCodes.${j}`,
  targetAssessment: (i, j) => `body.targets.${i}.assessments.${j}.assessmentId`,
};

/** Every problem of a map's content: unit dates, duplicate codes, targets pointing at nothing, assessments of another school. */
export async function checkContent(db: Db, schoolId: string, c: MapContent, at: ContentPaths): Promise<FieldError[]> {
  const fields: FieldError[] = [];
  c.units.forEach((u, i) => {
    if (u.endsOn < u.startsOn) fields.push({ path: at.unit(i, 'endsOn'), message: 'The unit must end on or after its start' });
  });
  const codes = new Set<string>();
  c.standards.forEach((s, i) => {
    const key = s.code.toLowerCase();
    if (codes.has(key)) fields.push({ path: at.standard(i, 'code'), message: `The standard ${s.code} is listed twice` });
    codes.add(key);
  });
  const ids = [...new Set(c.targets.flatMap((t) => t.assessments.flatMap((a) => (a.assessmentId ? [a.assessmentId] : []))))];
  const known = await schoolAssessmentIds(db, schoolId, ids);
  c.targets.forEach((t, i) => {
    if (t.unit >= c.units.length) fields.push({ path: at.targetUnit(i), message: 'Choose one of the map’s units' });
    t.standardCodes.forEach((code, j) => {
      if (!codes.has(code.toLowerCase())) fields.push({ path: at.targetCode(i, j), message: `No standard ${code} in this map: add it to the standards first` });
    });
    t.assessments.forEach((a, j) => {
      if (a.assessmentId && !known.has(a.assessmentId)) fields.push({ path: at.targetAssessment(i, j), message: 'Not a formative assessment of this school' });
    });
  });
  return fields;
}

const gradeList = (grades: EditableGrades) => (grades === 'all' ? '' : [...grades].sort().join(', ') || 'none');

/** The school's maps, each with its size, its gaps and whether the caller may edit it. */
export async function listMaps(db: Db, user: SessionUser, school: RequestSchool) {
  const grades = await curriculumPolicy.editableGrades(db, user, school);
  return (await mapSummaries(db, school.id)).map((m) => ({
    id: m.id,
    course: m.course,
    grade: m.grade,
    version: m.version,
    units: m.units,
    standards: m.standards,
    targets: m.targets,
    standardsWithoutTarget: m.standards_without_target,
    targetsWithoutAssessment: m.targets_without_assessment,
    updatedAt: new Date(m.updated_at).toISOString(),
    canEdit: curriculumPolicy.canEdit(grades, m.grade),
  }));
}

async function checkCourseGrade(db: Db, school: RequestSchool, grades: EditableGrades, input: { course: string; grade: string }, exceptId?: string) {
  if (!curriculumPolicy.canEdit(grades, input.grade)) {
    throw validation([{ path: 'body.grade', message: `You make maps of the grades you teach (${gradeList(grades)})` }]);
  }
  // "3" and "03" are one grade: compare in the policy's terms, not as text.
  const maps = await db.selectFrom('curriculum_maps').select(['id', 'course', 'grade']).where('school_id', '=', school.id).execute();
  const clash = maps.find((m) => m.id !== exceptId && m.course.toLowerCase() === input.course.toLowerCase() && gradeKey(m.grade) === gradeKey(input.grade));
  if (clash) throw validation([{ path: 'body.course', message: `The school already has a ${input.course} map for grade ${input.grade}` }]);
}

/** Creates an empty map for a course and grade (a teacher: of a grade they teach). */
export async function createMap(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof MapCreate>) {
  const grades = await curriculumPolicy.editableGrades(db, user, school);
  await checkCourseGrade(db, school, grades, input);
  const row = await db
    .insertInto('curriculum_maps')
    .values({ school_id: school.id, course: input.course, grade: input.grade, created_by: user.id, updated_by: user.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getMap(db, user, school, row.id);
}

/** The whole map, or 404. */
export async function getMap(db: Db, user: SessionUser, school: RequestSchool, mapId: string): Promise<MapDetail> {
  const map = await findMap(db, school.id, mapId);
  if (!map) throw notFound('That curriculum map');
  const grades = await curriculumPolicy.editableGrades(db, user, school);
  const c = await mapContent(db, mapId);
  return {
    id: map.id,
    course: map.course,
    grade: map.grade,
    version: map.version,
    updatedAt: new Date(map.updated_at).toISOString(),
    updatedBy: map.updater_id ? { id: map.updater_id, name: map.updater_name ?? '' } : null,
    canEdit: curriculumPolicy.canEdit(grades, map.grade),
    canDelete: curriculumPolicy.canDelete(school),
    units: c.units.map((u) => ({ id: u.id, title: u.title, startsOn: u.starts_on, endsOn: u.ends_on })),
    standards: c.standards.map((s) => ({ id: s.id, code: s.code, description: s.description })),
    targets: c.targets.map((t) => ({
      id: t.id,
      unit: t.unit_position,
      statement: t.statement,
      standardCodes: c.codes.filter((x) => x.target_id === t.id).map((x) => x.code),
      assessments: c.assessments
        .filter((a) => a.target_id === t.id)
        .map((a) => ({ assessmentId: a.assessment_id, name: a.assessment_name ?? a.name ?? '', givenOn: a.given_on })),
    })),
  };
}

/** The map when the caller may edit it: 404 when it is not the school's, 403 when it is not a grade they teach. */
export async function editableMap(db: Db, user: SessionUser, school: RequestSchool, mapId: string) {
  const map = await findMap(db, school.id, mapId);
  if (!map) throw notFound('That curriculum map');
  const grades = await curriculumPolicy.editableGrades(db, user, school);
  if (!curriculumPolicy.canEdit(grades, map.grade)) throw forbidden(`You edit maps of the grades you teach (${gradeList(grades)}).`);
  return { map, grades };
}

/** Replaces the map's course, grade and content; all or nothing, a stale version answers 409. */
export async function updateMap(db: Db, user: SessionUser, school: RequestSchool, mapId: string, input: MapUpdate) {
  const { map, grades } = await editableMap(db, user, school, mapId);
  if (gradeKey(input.grade) !== gradeKey(map.grade) || input.course.toLowerCase() !== map.course.toLowerCase()) await checkCourseGrade(db, school, grades, input, mapId);
  const fields = await checkContent(db, school.id, input, BODY_PATHS);
  if (fields.length > 0) throw validation(fields.slice(0, 200), 'Some parts of the map need attention. Nothing was saved.');
  await db.transaction().execute(async (trx) => {
    const bumped = await trx
      .updateTable('curriculum_maps')
      .set({ course: input.course, grade: input.grade, version: sql`version + 1`, updated_by: user.id, updated_at: new Date() })
      .where('id', '=', mapId)
      .where('school_id', '=', school.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(bumped.numUpdatedRows) === 0) {
      throw new AppError('conflict', 'Someone else changed this map since you opened it. Reload it and make your change again.', undefined, { currentVersion: map.version });
    }
    await writeContent(trx, mapId, input);
  });
  return getMap(db, user, school, mapId);
}

const staleMap = (currentVersion: number) =>
  new AppError('conflict', 'Someone else changed this map since you opened it. Reload it and make your change again.', undefined, { currentVersion });

/** The standard of the map, or 404. */
async function findStandard(db: Db, mapId: string, standardId: string) {
  const standard = await db.selectFrom('curriculum_standards').select(['id', 'code', 'description']).where('map_id', '=', mapId).where('id', '=', standardId).executeTakeFirst();
  if (!standard) throw notFound('That standard');
  return standard;
}

/** Bumps the map's version in the caller's transaction; a stale `version` (when given) answers 409. */
async function bumpVersion(trx: Db, user: SessionUser, school: RequestSchool, map: { id: string; version: number }, version: number | undefined) {
  const bumped = await trx
    .updateTable('curriculum_maps')
    .set({ version: sql`version + 1`, updated_by: user.id, updated_at: new Date() })
    .where('id', '=', map.id)
    .where('school_id', '=', school.id)
    .$if(version !== undefined, (q) => q.where('version', '=', version!))
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) === 0) throw staleMap(map.version);
}

/**
 * Renames a standard in place (code and description): the targets aligned to it stay aligned. A code already in the
 * map (ignoring case) is refused with a field message and changes nothing.
 */
export async function updateStandard(db: Db, user: SessionUser, school: RequestSchool, mapId: string, standardId: string, input: z.infer<typeof StandardUpdate>) {
  const { map } = await editableMap(db, user, school, mapId);
  await findStandard(db, mapId, standardId);
  if (input.version !== undefined && input.version !== map.version) throw staleMap(map.version);
  const clash = await db
    .selectFrom('curriculum_standards')
    .select('code')
    .where('map_id', '=', mapId)
    .where('id', '!=', standardId)
    .where(sql<string>`lower(code)`, '=', input.code.toLowerCase())
    .executeTakeFirst();
  if (clash) throw validation([{ path: 'body.code', message: `The standard ${clash.code} is already in this map: use another code` }], 'The standard was not changed.');
  await db.transaction().execute(async (trx) => {
    await bumpVersion(trx, user, school, map, input.version);
    await trx.updateTable('curriculum_standards').set({ code: input.code, description: input.description }).where('id', '=', standardId).where('map_id', '=', mapId).execute();
  });
  return getMap(db, user, school, mapId);
}

/**
 * Removes a standard: the targets aligned to it and to other standards lose only this alignment. Refused (409,
 * nothing changed) while it is the only standard of a target: the target would be aligned to nothing.
 */
export async function removeStandard(db: Db, user: SessionUser, school: RequestSchool, mapId: string, standardId: string, version: number | undefined, ip: string) {
  const { map } = await editableMap(db, user, school, mapId);
  const standard = await findStandard(db, mapId, standardId);
  if (version !== undefined && version !== map.version) throw staleMap(map.version);
  const sole = await db
    .selectFrom('curriculum_target_standards as ts')
    .innerJoin('curriculum_targets as t', 't.id', 'ts.target_id')
    .select('t.statement')
    .where('ts.standard_id', '=', standardId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('curriculum_target_standards as o').select('o.target_id').whereRef('o.target_id', '=', 'ts.target_id').where('o.standard_id', '!=', standardId))))
    .orderBy('t.position')
    .execute();
  if (sole.length > 0) {
    const named = sole.map((t) => `“${t.statement}”`).join(', ');
    throw new AppError(
      'conflict',
      `${standard.code} is the only standard of ${sole.length === 1 ? 'the target' : `${sole.length} targets`} ${named}. Align ${sole.length === 1 ? 'it' : 'them'} to another standard or remove ${sole.length === 1 ? 'it' : 'them'} first. Nothing was removed.`,
    );
  }
  await db.transaction().execute(async (trx) => {
    await bumpVersion(trx, user, school, map, version);
    const targets = await trx.deleteFrom('curriculum_target_standards').where('standard_id', '=', standardId).returning('target_id').execute();
    await trx.deleteFrom('curriculum_standards').where('id', '=', standardId).where('map_id', '=', mapId).execute();
    await writeAudit(trx, { action: 'curriculum.standard_removed', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'curriculum_map', entityId: mapId, details: { code: standard.code, unalignedTargets: targets.length }, ip });
  });
  return getMap(db, user, school, mapId);
}

/** Deletes a map with everything in it (principal, assistant principal); the linked assessments stay. */
export async function deleteMap(db: Db, user: SessionUser, school: RequestSchool, mapId: string, ip: string) {
  if (!curriculumPolicy.canDelete(school)) throw forbidden('Only the principal or an assistant principal deletes a curriculum map.');
  await db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('curriculum_maps').where('id', '=', mapId).where('school_id', '=', school.id).returning(['course', 'grade']).executeTakeFirst();
    if (!gone) throw notFound('That curriculum map');
    await writeAudit(trx, { action: 'curriculum.map_deleted', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'curriculum_map', entityId: mapId, details: { course: gone.course, grade: gone.grade }, ip });
  });
}

/** The map's gaps and each standard's assessment coverage. */
export async function mapAlignment(db: Db, user: SessionUser, school: RequestSchool, mapId: string) {
  return alignmentOf(await getMap(db, user, school, mapId));
}
