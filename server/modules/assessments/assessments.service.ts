import type { z } from 'zod';
import type { Db } from '../../../db/database';
import type { AssessmentCreate, Scale } from '../../../schemas/assessments';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, forbidden, notFound, validation, type FieldError } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { assessmentPolicy } from './assessments.policy';
import { classesOf, findAssessments, findStudent, saveScores, scoresOf, studentResults, studentsOf, type AssessmentRow } from './assessments.repo';

const round1 = (x: number) => Math.round(x * 10) / 10;
const MAX_BY_SCALE: Record<Scale, number | null> = { points: null, percent: 100, rubric: 4 };

/** The API shape of an assessment row. */
export const toAssessment = (r: AssessmentRow) => ({
  id: r.id,
  name: r.name,
  givenOn: r.given_on,
  scale: r.scale,
  maxScore: Number(r.max_score),
  proficiencyCut: Number(r.proficiency_cut),
  standards: r.standards,
  classes: r.classes,
  createdBy: { id: r.created_by, name: r.creator_name },
  resultCount: r.result_count,
});
export type AssessmentOut = ReturnType<typeof toAssessment>;

/** Creates an assessment for classes of the school (a teacher: only classes they teach). */
export async function createAssessment(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof AssessmentCreate>) {
  const scope = assessmentPolicy.studentScope(user, school);
  const fields: FieldError[] = [];
  const ids = [...new Set(input.classIds)];
  const found = new Set((await classesOf(db, scope, ids)).map((c) => c.id));
  input.classIds.forEach((id, i) => {
    if (!found.has(id)) fields.push({ path: `body.classIds.${i}`, message: scope.teacherId ? 'Not a class you teach in this school' : 'Not an active class of this school' });
  });
  const max = MAX_BY_SCALE[input.scale] ?? input.maxPoints;
  if (max === undefined) fields.push({ path: 'body.maxPoints', message: 'Give the maximum points' });
  else if (input.proficiencyCut > max) fields.push({ path: 'body.proficiencyCut', message: `The cut must be at most ${max}` });
  else if (input.scale === 'rubric' && (input.proficiencyCut < 1 || !Number.isInteger(input.proficiencyCut))) fields.push({ path: 'body.proficiencyCut', message: 'Use a rubric level: 1, 2, 3 or 4' });
  if (fields.length > 0 || max === undefined) throw validation(fields);
  const standards = [...new Set(input.standards)];
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('assessments')
      .values({ district_id: school.districtId, school_id: school.id, name: input.name, given_on: input.givenOn, scale: input.scale, max_score: max, proficiency_cut: input.proficiencyCut, standards, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('assessment_classes').values(ids.map((class_id) => ({ assessment_id: row.id, class_id }))).execute();
    return row.id;
  });
  return getAssessment(db, user, school, id);
}

/** The assessments the caller may see. */
export async function listAssessments(db: Db, user: SessionUser, school: RequestSchool, f: { classId?: string; from?: string; to?: string }) {
  return (await findAssessments(db, assessmentPolicy.studentScope(user, school), f)).map(toAssessment);
}

/** One assessment the caller may see, or 404. */
export async function getAssessment(db: Db, user: SessionUser, school: RequestSchool, id: string) {
  const [row] = await findAssessments(db, assessmentPolicy.studentScope(user, school), { id, limit: 1 });
  if (!row) throw notFound('That assessment');
  return toAssessment(row);
}

/** Deletes an assessment with its results and conversations (creator, principal, assistant principal). */
export async function deleteAssessment(db: Db, user: SessionUser, school: RequestSchool, id: string, ip: string) {
  const a = await getAssessment(db, user, school, id);
  if (!assessmentPolicy.canDelete(user, school, { createdById: a.createdBy.id })) throw forbidden('Only its creator, the principal or an assistant principal deletes an assessment.');
  await db.transaction().execute(async (trx) => {
    const count = await trx.selectFrom('assessment_results').select((eb) => eb.fn.countAll<number>().as('n')).where('assessment_id', '=', id).executeTakeFirstOrThrow();
    await trx.deleteFrom('assessments').where('id', '=', id).where('school_id', '=', school.id).execute();
    await writeAudit(trx, { action: 'assessment.deleted', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'assessment', entityId: id, details: { name: a.name, results: Number(count.n) }, ip });
  });
}

const percentOf = (score: number, max: number) => round1((score * 100) / max);

/** The grid of students and scores; the read is written to the audit log in the same transaction. */
export async function resultGrid(db: Db, user: SessionUser, school: RequestSchool, id: string, ip: string) {
  const scope = assessmentPolicy.studentScope(user, school);
  const assessment = await getAssessment(db, user, school, id);
  return db.transaction().execute(async (trx) => {
    const [students, scores] = await Promise.all([studentsOf(trx, scope, id), scoresOf(trx, school.id, id)]);
    await writeAudit(trx, { action: 'assessment.results_viewed', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'assessment', entityId: id, details: { students: students.length }, ip });
    return {
      assessment,
      students: students.map((s) => {
        const score = scores.get(s.id) ?? null;
        return { id: s.id, name: s.name, sourcedId: s.sourced_id, classIds: s.class_ids, score, percent: score === null ? null : percentOf(score, assessment.maxScore), proficient: score === null ? null : score >= assessment.proficiencyCut };
      }),
    };
  });
}

/** Why a score does not fit the assessment's scale, or undefined when it does. */
export function scoreProblem(scale: Scale, max: number, score: number): string | undefined {
  if (!Number.isFinite(score)) return 'Enter a number';
  if (scale === 'rubric') return Number.isInteger(score) && score >= 1 && score <= 4 ? undefined : 'Use a rubric level: 1, 2, 3 or 4';
  if (score < 0 || score > max) return scale === 'percent' ? 'Use a percent from 0 to 100' : `Scores go from 0 to ${max} points on this assessment`;
  if (Math.abs(Math.round(score * 100) - score * 100) > 1e-6) return 'Use at most two decimals';
  return undefined;
}

/** A row to record, with where its student and score came from (for error paths). */
export interface ResultInput {
  studentId: string;
  score: number | null;
  studentPath: string;
  scorePath: string;
}

/** Every problem of the rows against the assessment's scale and the caller's students (404 for an unseen assessment). */
export async function checkResults(db: Db, user: SessionUser, school: RequestSchool, id: string, rows: ResultInput[]): Promise<FieldError[]> {
  const scope = assessmentPolicy.studentScope(user, school);
  const assessment = await getAssessment(db, user, school, id);
  const students = new Set((await studentsOf(db, scope, id)).map((s) => s.id));
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (!students.has(row.studentId)) fields.push({ path: row.studentPath, message: scope.teacherId ? 'Not a student of the assessed classes you teach' : 'Not a student of the assessed classes' });
    else if (seen.has(row.studentId)) fields.push({ path: row.studentPath, message: 'This student is listed twice' });
    seen.add(row.studentId);
    const problem = row.score === null ? undefined : scoreProblem(assessment.scale, assessment.maxScore, row.score);
    if (problem) fields.push({ path: row.scorePath, message: problem });
  }
  return fields;
}

/** Writes checked rows (score null removes a result) and the audit row in one transaction. */
export async function writeResults(db: Db, user: SessionUser, school: RequestSchool, id: string, rows: ResultInput[], ctx: { ip: string; action: 'assessment.results_recorded' | 'assessment.results_imported' }) {
  const scores = rows.filter((r) => r.score !== null).map((r) => ({ studentId: r.studentId, score: r.score! }));
  const removals = rows.filter((r) => r.score === null).map((r) => r.studentId);
  return db.transaction().execute(async (trx) => {
    const removed = await saveScores(trx, school.id, id, user.id, scores, removals);
    await writeAudit(trx, { action: ctx.action, actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'assessment', entityId: id, details: { recorded: scores.length, removed }, ip: ctx.ip });
    return { recorded: scores.length, removed };
  });
}

/** Validates every row, then writes them all or none (PUT results). */
export async function recordResults(db: Db, user: SessionUser, school: RequestSchool, id: string, rows: ResultInput[], ip: string) {
  const fields = await checkResults(db, user, school, id, rows);
  if (fields.length > 0) throw new AppError('validation_failed', 'Some results need attention. Nothing was saved.', fields.slice(0, 200), { problemCount: fields.length });
  return writeResults(db, user, school, id, rows, { ip, action: 'assessment.results_recorded' });
}

/** One student's scores the caller may see; 404 for a student they do not teach. The read is audited. */
export async function studentScores(db: Db, user: SessionUser, school: RequestSchool, studentId: string, ip: string) {
  const scope = assessmentPolicy.studentScope(user, school);
  const student = await findStudent(db, scope, studentId);
  if (!student) throw notFound('That student');
  return db.transaction().execute(async (trx) => {
    const rows = await studentResults(trx, scope, studentId);
    await writeAudit(trx, { action: 'assessment.student_viewed', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'student', entityId: studentId, details: { results: rows.length }, ip });
    return {
      student: { id: student.id, name: student.name, sourcedId: student.sourced_id, grade: student.grade },
      results: rows.map((r) => {
        const score = Number(r.score);
        const max = Number(r.max_score);
        return { assessmentId: r.assessment_id, name: r.name, givenOn: r.given_on, standards: r.standards, score, maxScore: max, percent: percentOf(score, max), proficient: score >= Number(r.proficiency_cut) };
      }),
    };
  });
}
