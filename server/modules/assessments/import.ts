import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, type FieldError } from '../../http/errors';
import { splitRecords } from '../rosters/csv';
import { checkResults, getAssessment, writeResults, type ResultInput } from './assessments.service';

const key = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');
/** Headers read as the student's roster id (sourcedId) or the Rounds id, and as the score. */
const SOURCED = new Set(['studentsourcedid', 'sourcedid', 'student', 'studentsourced']);
const IDS = new Set(['studentid', 'id', 'personid']);
const SCORES = new Set(['score', 'result', 'points', 'level', 'percent']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A plain decimal number (no thousands separators, no units). */
const NUMBER = /^-?\d+(\.\d+)?$/;

const reject = (fields: FieldError[]) =>
  new AppError('validation_failed', 'The file was not imported: fix the cells listed and send it again. Nothing was changed.', fields.slice(0, 200), { problemCount: fields.length });

/**
 * Imports results from CSV text: a header line with a student column (sourcedId or student id) and a score column,
 * then one student a line. Every problem is reported as `file:line:column` (header = line 1); all rows or none.
 */
export async function importResults(db: Db, user: SessionUser, school: RequestSchool, assessmentId: string, text: string, file: string, ip: string) {
  await getAssessment(db, user, school, assessmentId); // 404 before anything is read from the file
  const fields: FieldError[] = [];
  const problem = (line: number, column: string | null, message: string) => fields.push({ path: [file, line, column ?? ''].join(':').replace(/:$/, ''), message });
  const records = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, (line, message) => problem(line, null, `The CSV is malformed here (${message})`));
  const head = records[0];
  if (!head) throw reject([{ path: `${file}:1`, message: 'The file is empty: it needs a header line (student sourcedId or student id, score) and one line per student.' }]);
  const headers = head.record.map((h) => h.trim());
  const sourcedAt = headers.findIndex((h) => SOURCED.has(key(h)));
  const idAt = headers.findIndex((h) => IDS.has(key(h)));
  const scoreAt = headers.findIndex((h) => SCORES.has(key(h)));
  if (sourcedAt < 0 && idAt < 0) problem(head.line, null, 'The header has no student column: name it "sourcedId" (the roster id) or "studentId".');
  if (scoreAt < 0) problem(head.line, null, 'The header has no "score" column.');
  if (fields.length > 0) throw reject(fields);
  const studentAt = sourcedAt >= 0 ? sourcedAt : idAt;
  const studentColumn = headers[studentAt]!;
  const scoreColumn = headers[scoreAt]!;

  const parsed: { line: number; student: string; score: number | null }[] = [];
  for (const { line, record } of records.slice(1)) {
    if (record.every((v) => v.trim() === '')) continue;
    const student = (record[studentAt] ?? '').trim();
    const raw = (record[scoreAt] ?? '').trim();
    if (student === '') problem(line, studentColumn, 'The student is missing');
    let score: number | null = null;
    if (raw === '') problem(line, scoreColumn, 'The score is empty: enter a score, or leave the student out of the file');
    else if (!NUMBER.test(raw.replace(/%$/, ''))) problem(line, scoreColumn, `"${raw.slice(0, 40)}" is not a number`);
    else score = Number(raw.replace(/%$/, ''));
    if (student !== '') parsed.push({ line, student, score });
  }
  if (records.length <= 1) problem(head.line, null, 'The file has a header but no students.');

  // Map roster ids (or Rounds ids) to students of this school; unknown ones are reported by the shared validation.
  const bySourced = sourcedAt >= 0;
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
    const line = (f: FieldError) => Number(f.path.slice(file.length + 1).split(':')[0]);
    throw reject(fields.sort((a, b) => line(a) - line(b)));
  }
  return writeResults(db, user, school, assessmentId, rows, { ip, action: 'assessment.results_imported' });
}
