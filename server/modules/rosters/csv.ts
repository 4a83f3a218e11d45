import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { ROSTER_FILES, type RosterFile } from '../../../schemas/rosters';
import { AppError } from '../../http/errors';
import type { Report } from './report';
import { headerKey, IGNORED_FILES, SPECS } from './spec';

/**
 * The most one CSV file may hold uncompressed (128 MB: about 1.1 million enrollment rows, a district of ~180,000
 * students). A file is decoded into one JavaScript string, which V8 caps at about 512 million characters; this stays
 * well below that. It is also the size that is measured: `bench/roster-import.ts` imports a bundle whose
 * enrollments.csv is 123 MB while requests keep being answered (docs/PERFORMANCE.md). Larger districts send their
 * changes as OneRoster delta files.
 */
export const MAX_CSV_BYTES = 128 * 1024 * 1024;
/** The most the CSV files of one bundle may hold together, uncompressed (the benchmark's bundle is 167 MB). */
export const MAX_BUNDLE_BYTES = 192 * 1024 * 1024;

const mbText = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The raw files of a bundle, by canonical OneRoster file name. */
export type RawBundle = Map<RosterFile, Uint8Array>;

/** One data row of a CSV file: its 1-based line (header = line 1) and its trimmed values. */
export interface CsvRow {
  line: number;
  values: string[];
}

/** A parsed CSV file: canonical headers mapped to value positions, and its rows. */
export interface CsvTable {
  file: RosterFile;
  /** Canonical column name → position in `values`. */
  columns: Map<string, number>;
  /** Extension columns (`metadata.*`) by their lower-cased name → position. */
  metadata: Map<string, number>;
  rows: CsvRow[];
}

/** The value of a column in a row ('' when the column or value is missing). */
export const cell = (table: CsvTable, row: CsvRow, column: string): string => {
  const index = table.columns.get(column);
  return index === undefined ? '' : (row.values[index] ?? '');
};

const BY_LOWER = new Map(ROSTER_FILES.map((f) => [f.toLowerCase(), f]));
const ZIP_MAGIC = [0x50, 0x4b];

/** True when the bytes start like a zip archive. */
export const looksLikeZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === ZIP_MAGIC[0] && bytes[1] === ZIP_MAGIC[1];

/**
 * Unzips an upload, inflating only the entries `want` accepts (given each entry's name and declared size before it
 * is inflated; it may throw to stop). A file that is not a zip answers 400 with a message saying what to send.
 * An entry is inflated into a buffer of exactly its declared size, so a zip that lies about its sizes cannot make
 * it use more memory than `want` allowed.
 */
export function unzip(bytes: Uint8Array, label = 'The upload', want: (name: string, size: number) => boolean = () => true): { name: string; bytes: Uint8Array }[] {
  if (bytes.length === 0) throw new AppError('validation_failed', `${label} is empty. Send the OneRoster bundle as a .zip of CSV files.`);
  if (!looksLikeZip(bytes)) {
    throw new AppError(
      'validation_failed',
      `${label} is not a zip file. Send the OneRoster bundle as a .zip of CSV files, or as multipart/form-data with the .csv files.`,
    );
  }
  try {
    const entries = unzipSync(bytes, { filter: (file) => !file.name.endsWith('/') && want(file.name, file.originalSize) });
    return Object.entries(entries).map(([name, data]) => ({ name, bytes: data }));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('validation_failed', `${label} is not a readable zip file (${(error as Error).message}). Export the bundle again.`);
  }
}

/**
 * Sorts uploaded files into a bundle: zips are opened, file names matched case-insensitively (folders inside a
 * zip ignored), known-but-unused OneRoster files and stray files reported as warnings (and never inflated). A CSV
 * file over MAX_CSV_BYTES, or files over MAX_BUNDLE_BYTES together, answer 413 before they are inflated.
 */
export function collectFiles(entries: { name: string; bytes: Uint8Array; label?: string }[], report: Report): RawBundle {
  const bundle: RawBundle = new Map();
  let total = 0;
  const baseOf = (name: string) => path.posix.basename(name.replace(/\\/g, '/'));
  const junk = (name: string, base: string) => name.includes('__MACOSX/') || base.startsWith('._') || base === '.DS_Store';
  /** Checks a file's size against the limits before it is read; false when it is not a file Rounds reads. */
  const admit = (name: string, size: number, depth: number): boolean => {
    const base = baseOf(name);
    if (junk(name, base)) return false;
    if (base.toLowerCase().endsWith('.zip')) {
      if (depth >= 2) {
        report.warn(base, null, 'Zip files nested more than one level deep were ignored.');
        return false;
      }
      if (size > MAX_BUNDLE_BYTES) throw new AppError('payload_too_large', `The zip file ${base} unzips to more than ${mbText(MAX_BUNDLE_BYTES)}; split the bundle.`);
      return true;
    }
    const canonical = BY_LOWER.get(base.toLowerCase());
    if (!canonical) {
      const known = IGNORED_FILES.has(base.toLowerCase());
      report.warn(base, null, known ? 'This OneRoster file is not used by Rounds; it was ignored.' : 'Not a OneRoster file Rounds reads; it was ignored.');
      return false;
    }
    if (size > MAX_CSV_BYTES) {
      throw new AppError(
        'payload_too_large',
        `${canonical} is ${mbText(size)} uncompressed; one file may hold at most ${mbText(MAX_CSV_BYTES)}. Send the district's changes as OneRoster delta files instead of a whole export.`,
        [{ path: canonical, message: `At most ${mbText(MAX_CSV_BYTES)} uncompressed.` }],
      );
    }
    total += size;
    if (total > MAX_BUNDLE_BYTES) {
      throw new AppError(
        'payload_too_large',
        `The bundle's CSV files hold more than ${mbText(MAX_BUNDLE_BYTES)} uncompressed together; send the district's changes as OneRoster delta files instead of a whole export.`,
      );
    }
    return true;
  };
  const add = (name: string, bytes: Uint8Array, label?: string, depth = 0) => {
    if (label) {
      // A raw upload: it must be a zip.
      for (const inner of unzip(bytes, label, (n, size) => admit(n, size, depth + 1))) add(inner.name, inner.bytes, undefined, depth + 1);
      return;
    }
    const base = baseOf(name);
    if (base.toLowerCase().endsWith('.zip')) {
      for (const inner of unzip(bytes, `The file ${base}`, (n, size) => admit(n, size, depth + 1))) add(inner.name, inner.bytes, undefined, depth + 1);
      return;
    }
    // Entries of a zip were admitted before they were inflated; uploaded CSV files are checked here.
    if (depth === 0 && !admit(name, bytes.length, depth)) return;
    const canonical = BY_LOWER.get(base.toLowerCase());
    if (!canonical) return;
    if (canonical !== base) report.warn(canonical, null, `The file was named "${base}"; read as ${canonical}.`);
    if (bundle.has(canonical)) {
      report.problem(canonical, null, null, `The bundle contains ${canonical} more than once; send each file once.`);
      return;
    }
    bundle.set(canonical, bytes);
  };
  for (const entry of entries) add(entry.name, entry.bytes, entry.label);
  return bundle;
}

/** Decodes a file as UTF-8 (dropping a byte-order mark); a file that is not UTF-8 is read as Windows-1252, with a warning. */
export function decodeText(file: RosterFile, bytes: Uint8Array, report: Report): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
    report.warn(file, null, 'The file is not UTF-8; it was read as Windows-1252 (Excel "CSV"). Export as UTF-8 to be sure accents survive.');
  }
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    report.warn(file, null, 'The file starts with a byte-order mark; it was ignored.');
  }
  if (text.includes('\r\n')) report.warn(file, null, 'The file uses Windows (CRLF) line endings; read normally.');
  return text;
}

/** One CSV record and the 1-based line it starts on. */
interface RawRecord {
  line: number;
  record: string[];
}

const countQuotes = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n += 1;
  return n;
};

/**
 * Splits CSV text into records. Lines without a quote character are split on commas directly (exactly what a CSV
 * parser does with them, many times faster); a record containing quotes (possibly spanning lines) goes through
 * csv-parse. Empty lines are skipped; CRLF and LF both end a line.
 */
export function splitRecords(text: string, onError: (line: number, message: string) => void): RawRecord[] {
  const lines = text.split(/\r?\n/);
  const records: RawRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    const line = i + 1;
    if (first === '') continue;
    if (!first.includes('"')) {
      records.push({ line, record: first.split(',') });
      continue;
    }
    let chunk = first;
    let quotes = countQuotes(first);
    while (quotes % 2 === 1 && i + 1 < lines.length) {
      i += 1;
      chunk += `\n${lines[i]}`;
      quotes += countQuotes(lines[i]!);
    }
    try {
      const parsed = parse(chunk, { relax_quotes: true, relax_column_count: true }) as string[][];
      records.push({ line, record: parsed[0] ?? [] });
      if (parsed.length > 1) onError(line, 'a quoted value is not closed where expected');
    } catch (error) {
      onError(line, (error as Error).message.replace(/^[^:]*: /, ''));
    }
  }
  return records;
}

/** Parses one CSV file against its specification: headers matched loosely, missing required headers and malformed rows reported. */
export function parseTable(file: RosterFile, text: string, report: Report, extraRequired: readonly string[] = []): CsvTable | undefined {
  const spec = SPECS[file];
  const records = splitRecords(text, (line, message) =>
    report.problem(file, line, null, `The CSV is malformed here (${message}); check the quotes on this line.`),
  );
  const head = records[0];
  if (!head) {
    report.problem(file, 1, null, 'The file is empty: it needs at least a header line.');
    return undefined;
  }
  const known = new Map([...spec.required, ...spec.optional].map((c) => [headerKey(c), c]));
  const columns = new Map<string, number>();
  const metadata = new Map<string, number>();
  head.record.forEach((raw, index) => {
    const header = raw.trim();
    if (header === '') return;
    if (header.toLowerCase().startsWith('metadata.')) {
      metadata.set(header.toLowerCase(), index);
      return;
    }
    const canonical = known.get(headerKey(header));
    if (!canonical) {
      report.warn(file, header, `Column "${header}" is not a OneRoster column of ${file}; it was ignored.`, 1);
      return;
    }
    if (columns.has(canonical)) {
      report.problem(file, 1, canonical, `Column ${canonical} appears twice in the header; keep one.`);
      return;
    }
    if (canonical !== header) report.warn(file, canonical, `Header "${header}" was read as ${canonical}.`, 1);
    columns.set(canonical, index);
  });
  const missing = [...spec.required, ...extraRequired].filter((c) => !columns.has(c));
  for (const column of missing) report.problem(file, 1, column, `The header has no ${column} column; it is required.`);
  if (missing.length > 0) return undefined;

  const width = head.record.length;
  const rows: CsvRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const { record, line } = records[i]!;
    if (record.length > width) {
      const extra = record.slice(width).some((v) => v.trim() !== '');
      if (extra) {
        report.problem(file, line, null, `The row has ${record.length} values but the header has ${width} columns; a value may contain an unquoted comma.`);
        continue;
      }
      report.warn(file, null, 'Rows end with extra empty values (trailing commas); they were ignored.', line);
    } else if (record.length < width) {
      report.warn(file, null, 'Rows have fewer values than the header has columns; the missing values were read as blank.', line);
    }
    for (let j = 0; j < record.length; j++) {
      const v = record[j]!;
      if (v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32)) record[j] = v.trim();
    }
    rows.push({ line, values: record });
  }
  return { file, columns, metadata, rows };
}
