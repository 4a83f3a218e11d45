/**
 * Reads an assessment results CSV (runs in a worker thread, see import.ts): the header's student and score columns,
 * then one student a line. Pure: no database; the caller maps students and checks the scores.
 */
import { AppError, type FieldError } from '../../http/errors';
import { splitRecords } from '../rosters/csv';

const key = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');
/** Headers read as the student's roster id (sourcedId) or the Rounds id, and as the score. */
const SOURCED = new Set(['studentsourcedid', 'sourcedid', 'student', 'studentsourced']);
const IDS = new Set(['studentid', 'id', 'personid']);
const SCORES = new Set(['score', 'result', 'points', 'level', 'percent']);
/** A plain decimal number (no thousands separators, no units). */
const NUMBER = /^-?\d+(\.\d+)?$/;

export interface ParsedResults {
  /** Problems found so far, as `file:line:column`. */
  fields: FieldError[];
  /** True when the header itself is wrong: nothing below it was read. */
  headerProblems: boolean;
  studentColumn: string;
  scoreColumn: string;
  /** Whether students are named by roster id (sourcedId) rather than Rounds id. */
  bySourced: boolean;
  parsed: { line: number; student: string; score: number | null }[];
}

/** Parses the file; more than `maxRows` student lines answers 413 before anything else is checked. */
export function parseResultsCsv({ text, file, maxRows }: { text: string; file: string; maxRows: number }): ParsedResults {
  const fields: FieldError[] = [];
  const problem = (line: number, column: string | null, message: string) => fields.push({ path: [file, line, column ?? ''].join(':').replace(/:$/, ''), message });
  const records = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, (line, message) => problem(line, null, `The CSV is malformed here (${message})`));
  const head = records[0];
  const none = { fields, headerProblems: true, studentColumn: '', scoreColumn: '', bySourced: false, parsed: [] };
  if (!head) return { ...none, fields: [{ path: `${file}:1`, message: 'The file is empty: it needs a header line (student sourcedId or student id, score) and one line per student.' }] };
  if (records.length - 1 > maxRows) {
    throw new AppError('payload_too_large', `The file has ${(records.length - 1).toLocaleString('en-US')} student lines; at most ${maxRows.toLocaleString('en-US')} are imported at once. Split it into smaller files.`, [{ path: file, message: `At most ${maxRows.toLocaleString('en-US')} lines` }], { maxRows });
  }
  const headers = head.record.map((h) => h.trim());
  const sourcedAt = headers.findIndex((h) => SOURCED.has(key(h)));
  const idAt = headers.findIndex((h) => IDS.has(key(h)));
  const scoreAt = headers.findIndex((h) => SCORES.has(key(h)));
  if (sourcedAt < 0 && idAt < 0) problem(head.line, null, 'The header has no student column: name it "sourcedId" (the roster id) or "studentId".');
  if (scoreAt < 0) problem(head.line, null, 'The header has no "score" column.');
  if (fields.length > 0) return none;
  const studentAt = sourcedAt >= 0 ? sourcedAt : idAt;
  const studentColumn = headers[studentAt]!;
  const scoreColumn = headers[scoreAt]!;

  const parsed: ParsedResults['parsed'] = [];
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
  return { fields, headerProblems: false, studentColumn, scoreColumn, bySourced: sourcedAt >= 0, parsed };
}
