import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, type FieldError } from '../../http/errors';
import { runInWorker, taskModule } from '../../workers/run';
import { checkResults, getAssessment, writeResults, type ResultInput } from './assessments.service';
import type { ParsedResults } from './import-csv';

/** The most student lines a results file may have (a whole school sitting one assessment fits several times over). */
export const MAX_RESULT_ROWS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const reject = (fields: FieldError[]) =>
  new AppError('validation_failed', 'The file was not imported: fix the cells listed and send it again. Nothing was changed.', fields.slice(0, 200), { problemCount: fields.length });

/**
 * Imports results from CSV text: a header line with a student column (sourcedId or student id) and a score column,
 * then one student a line. Every problem is reported as `file:line:column` (header = line 1); all rows or none.
 * The text is parsed in a worker thread (import-csv.ts): a 2 MB file took the event loop for up to a second.
 */
export async function importResults(db: Db, user: SessionUser, school: RequestSchool, assessmentId: string, text: string, file: string, ip: string) {
  await getAssessment(db, user, school, assessmentId); // 404 before anything is read from the file
  const read = await runInWorker<ParsedResults>(taskModule(import.meta.url, './import-csv'), 'parseResultsCsv', { text, file, maxRows: MAX_RESULT_ROWS }, { timeoutMs: 60_000 });
  const { fields, parsed, studentColumn, scoreColumn, bySourced } = read;
  const problem = (line: number, column: string | null, message: string) => fields.push({ path: [file, line, column ?? ''].join(':').replace(/:$/, ''), message });
  if (read.headerProblems) throw reject(fields);

  // Map roster ids (or Rounds ids) to students of this school; unknown ones are reported by the shared validation.
  const values = [...new Set(parsed.map((p) => p.student))];
  const lookup = bySourced ? values : values.filter((v) => UUID.test(v));
  const found = lookup.length === 0 ? [] : (await sql<{ id: string; sourced_id: string }>`
    SELECT p.id, p.sourced_id FROM people p
    WHERE p.district_id = ${school.districtId} AND p.kind = 'student' AND ${bySourced ? sql`p.sourced_id` : sql`p.id::text`} = ANY(${lookup}::text[])`.execute(db)).rows;
  const idOf = new Map(found.map((f) => [bySourced ? f.sourced_id : f.id, f.id]));
  const rows: ResultInput[] = [];
  for (const p of parsed) {
    const id = idOf.get(p.student) ?? (bySourced ? undefined : p.student.toLowerCase());
    if (!id || !UUID.test(id)) {
      problem(p.line, studentColumn, `No student "${p.student.slice(0, 60)}" in this school`);
      continue;
    }
    if (p.score !== null) rows.push({ studentId: id, score: p.score, studentPath: `${file}:${p.line}:${studentColumn}`, scorePath: `${file}:${p.line}:${scoreColumn}` });
  }
  fields.push(...(await checkResults(db, user, school, assessmentId, rows)));
  if (fields.length > 0) {
    // By line (stable: a line's problems keep their order); each line number read once, not at every comparison.
    const byLine = fields.map((f) => ({ f, line: Number(f.path.slice(file.length + 1).split(':')[0]) }));
    throw reject(byLine.sort((a, b) => a.line - b.line).map((x) => x.f));
  }
  return writeResults(db, user, school, assessmentId, rows, { ip, action: 'assessment.results_imported' });
}
