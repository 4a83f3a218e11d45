import { cell, type CsvRow, type CsvTable } from './csv';
import type { Report } from './report';

/** A record's status as stored. */
export type Status = 'active' | 'inactive';

const CEDS_GRADES = new Set(['IT', 'PR', 'PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', 'PS', 'UG', 'Other']);
const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

/** Checks that y-m-d is a real calendar date and returns it as YYYY-MM-DD. */
function isoDate(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Reads a date in the forms real exports use; returns the ISO date and, when the form was untidy, how it was read. */
export function readDate(raw: string): { value: string; note?: string } | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (m) {
    const value = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return value ? { value } : undefined;
  }
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(raw);
  if (m) {
    const value = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return value ? { value, note: 'Dates with a time or without zero-padding were read as the calendar date (YYYY-MM-DD).' } : undefined;
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  if (m) {
    const value = isoDate(Number(m[3]), Number(m[1]), Number(m[2]));
    return value ? { value, note: 'Dates written as M/D/YYYY (e.g. 1/05/2023) were read as month/day/year.' } : undefined;
  }
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(raw);
  if (m) {
    const value = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return value ? { value, note: 'Dates written as YYYY/MM/DD were read as year/month/day.' } : undefined;
  }
  return undefined;
}

/** Normalises a grade code to CEDS (`1` → `01`, `K` → `KG`); says when it had to. */
export function readGrade(raw: string): { value: string; note?: string } {
  if (CEDS_GRADES.has(raw)) return { value: raw };
  const upper = raw.toUpperCase();
  if (CEDS_GRADES.has(upper)) return { value: upper, note: 'Grade codes in lower case were read in upper case.' };
  if (upper === 'K' || upper === 'KINDERGARTEN') return { value: 'KG', note: 'Grade "K" was read as KG.' };
  if (/^\d{1,2}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 13) {
    return { value: String(Number(raw)).padStart(2, '0'), note: 'Grades without a leading zero (e.g. 3) were read as 03.' };
  }
  return { value: raw, note: `Grade "${raw}" is not a CEDS grade code; it was kept as written.` };
}

/**
 * Reads the values of one row: each reader records a problem (and returns undefined) when a value is wrong,
 * or a warning when it was only untidy. `ok` stays true until a problem is found in the row.
 */
export class RowReader {
  row: CsvRow = { line: 0, values: [] };
  ok = true;
  constructor(
    readonly table: CsvTable,
    readonly report: Report,
  ) {}

  /** Moves to the next row. */
  at(row: CsvRow): this {
    this.row = row;
    this.ok = true;
    return this;
  }

  /** Records a problem in the current row. */
  fail(column: string | null, message: string): undefined {
    this.ok = false;
    this.report.problem(this.table.file, this.row.line, column, message);
    return undefined;
  }

  /** Records an untidiness in the current row. */
  warn(column: string | null, message: string): void {
    this.report.warn(this.table.file, column, message, this.row.line);
  }

  /** The trimmed value ('' when blank or absent). */
  get(column: string): string {
    return cell(this.table, this.row, column);
  }

  /** A value that must not be blank. */
  required(column: string, what = column): string | undefined {
    const value = this.get(column);
    return value === '' ? this.fail(column, `${what} is required but blank.`) : value;
  }

  /** A blank value as null. */
  optional(column: string): string | null {
    const value = this.get(column);
    return value === '' ? null : value;
  }

  /** A value from a fixed list (matched case-insensitively); blank gives `fallback`, or a problem when there is none. */
  oneOf<T extends string>(column: string, values: readonly T[], fallback?: { value: T; warning: string }): T | undefined {
    const raw = this.get(column);
    if (raw === '') {
      if (!fallback) return this.fail(column, `${column} is required but blank; use one of: ${values.join(', ')}.`);
      this.warn(column, fallback.warning);
      return fallback.value;
    }
    const found = values.find((v) => v === raw) ?? values.find((v) => v.toLowerCase() === raw.toLowerCase());
    if (!found) return this.fail(column, `"${raw}" is not a valid ${column}; use one of: ${values.join(', ')}.`);
    if (found !== raw) this.warn(column, `Values in a different case (e.g. "${raw}") were read as ${found}.`);
    return found;
  }

  /** OneRoster status: active; tobedeleted (or inactive) means inactive; blank means active (with a warning). */
  status(): Status | undefined {
    const raw = this.get('status').toLowerCase();
    if (raw === '' || raw === 'active') {
      if (raw === '' && this.table.columns.has('status')) this.warn('status', 'Blank status was read as active.');
      return 'active';
    }
    if (raw === 'tobedeleted' || raw === 'inactive') return 'inactive';
    return this.fail('status', `"${this.get('status')}" is not a valid status; use active or tobedeleted.`);
  }

  /** A date (YYYY-MM-DD; untidy forms normalised with a warning); blank is null, or a problem when required. */
  date(column: string, required = false): string | null | undefined {
    const raw = this.get(column);
    if (raw === '') return required ? this.fail(column, `${column} is required but blank; use YYYY-MM-DD.`) : null;
    const read = readDate(raw);
    if (!read) return this.fail(column, `"${raw}" is not a date that can be read; use YYYY-MM-DD.`);
    if (read.note) this.warn(column, read.note);
    return read.value;
  }

  /** A yes/no value: true/false, and leniently Y/N, yes/no, 1/0, T/F; blank is null. */
  bool(column: string, quiet = false): boolean | null | undefined {
    const raw = this.get(column).toLowerCase();
    if (raw === '') return null;
    const value = TRUE.has(raw) ? true : FALSE.has(raw) ? false : undefined;
    if (value === undefined) return this.fail(column, `"${this.get(column)}" is not true or false.`);
    if (!quiet && raw !== 'true' && raw !== 'false') this.warn(column, `Yes/no values like "${this.get(column)}" were read as ${value}.`);
    return value;
  }

  /** A comma-separated list (blank items dropped, duplicates removed). */
  list(column: string): string[] {
    const raw = this.get(column);
    if (raw === '') return [];
    return [...new Set(raw.split(',').map((v) => v.trim()).filter((v) => v !== ''))];
  }

  /** A list of grade codes, normalised to CEDS. */
  grades(column = 'grades'): string[] {
    return [
      ...new Set(
        this.list(column).map((raw) => {
          const read = readGrade(raw);
          if (read.note) this.warn(column, read.note);
          return read.value;
        }),
      ),
    ];
  }

  /** An extension column `metadata.<name>` (matched case-insensitively), or '' when absent. */
  metadata(name: string): string {
    const index = this.table.metadata.get(`metadata.${name.toLowerCase()}`);
    return index === undefined ? '' : (this.row.values[index] ?? '');
  }
}
