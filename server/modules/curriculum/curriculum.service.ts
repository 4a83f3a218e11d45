import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../../db/database';
import type { MapCreate, MapDetail, MapUpdate } from '../../../schemas/curriculum';
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
