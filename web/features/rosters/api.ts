import { queryOptions } from '@tanstack/react-query';
import type { RosterDeactivations, RosterImportRecord, RosterImportResult, RosterProblem, RosterWarning } from '../../../schemas/rosters';
import { api, ApiError } from '../../lib/api';

export type { RosterDeactivations, RosterImportRecord, RosterImportResult, RosterProblem, RosterWarning };

/** Past imports, newest first. */
export const importsQuery = queryOptions({
  queryKey: ['rosters', 'imports'],
  queryFn: ({ signal }) => api<RosterImportRecord[]>('/api/rosters/imports', { signal }),
});

/**
 * Uploads one .zip or several .csv files as one OneRoster bundle; `confirmDeactivations` applies an import the
 * server stopped because it would make many people or a whole school inactive.
 */
export function uploadRoster({ files, confirmDeactivations = false }: { files: readonly File[]; confirmDeactivations?: boolean }): Promise<RosterImportResult> {
  const form = new FormData();
  if (confirmDeactivations) form.append('confirmDeactivations', 'true');
  for (const file of files) form.append('files', file, file.name);
  return api<RosterImportResult>('/api/rosters/oneroster', { form });
}

/** The report of an import stopped for confirmation (409 with `confirmationRequired`), or undefined. */
export function deactivationsOf(error: unknown): RosterDeactivations | undefined {
  if (!(error instanceof ApiError) || error.details.confirmationRequired !== true) return undefined;
  const d = error.details.deactivations;
  return isRecord(d) && Array.isArray(d.schools) && Array.isArray(d.reasons) ? (d as RosterDeactivations) : undefined;
}

// The import API is young: everything below reads its answers defensively, so a renamed or extra key
// shows up as a generic "key: number" line instead of breaking the page.

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The counts of a result or history record (`counts`, or `summary` in older drafts), as entity → numbers. */
export function countEntries(source: unknown): { name: string; numbers: [string, number][] }[] {
  const record = isRecord(source) ? source : {};
  const counts = isRecord(record.counts) ? record.counts : isRecord(record.summary) ? record.summary : {};
  return Object.entries(counts).flatMap(([name, value]) => {
    if (typeof value === 'number') return [{ name, numbers: [['count', value]] as [string, number][] }];
    if (!isRecord(value)) return [];
    const numbers = Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number');
    return numbers.length ? [{ name, numbers: sortKeys(numbers) }] : [];
  });
}

const KEY_ORDER = ['inBundle', 'created', 'updated', 'unchanged', 'inactivated', 'deactivated', 'added', 'removed'];
const sortKeys = (numbers: [string, number][]) =>
  [...numbers].sort(([a], [b]) => rank(a) - rank(b));
const rank = (key: string) => (KEY_ORDER.includes(key) ? KEY_ORDER.indexOf(key) : KEY_ORDER.length);

const LABELS: Record<string, string> = {
  academicSessions: 'Academic sessions',
  schools: 'Schools',
  users: 'People',
  meetings: 'Class meetings',
  memberships: 'School memberships',
  roles: 'School roles',
};

/** A count's own key (`inBundle`, `created`, `meetings` …) in plain lower-case words. */
export const countLabel = (key: string) =>
  key === 'inBundle' ? 'in the files' : key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();

/** An entity key: `academicSessions` → "Academic sessions"; known keys get friendlier words. */
export function label(key: string): string {
  const words = LABELS[key] ?? countLabel(key);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The problems of a rejected import: the structured list when present, else parsed from `file:line:column` paths. */
export function problemsOf(error: ApiError): RosterProblem[] {
  const structured = error.details.problems;
  if (Array.isArray(structured)) {
    return structured.filter(isRecord).map((p) => ({
      file: typeof p.file === 'string' ? p.file : null,
      line: typeof p.line === 'number' ? p.line : null,
      column: typeof p.column === 'string' ? p.column : null,
      message: typeof p.message === 'string' ? p.message : JSON.stringify(p),
    }));
  }
  return error.fields.map(({ path, message }) => {
    const [file, line, column] = path.split(':');
    const n = Number(line);
    return { file: file || null, line: line && Number.isInteger(n) ? n : null, column: column || null, message };
  });
}

/** Warnings in any shape: strings, {message,...} objects, or anything else shown as text. */
export function warningLines(source: unknown): string[] {
  const list = isRecord(source) && Array.isArray(source.warnings) ? source.warnings : Array.isArray(source) ? source : [];
  return list.map((w) => {
    if (typeof w === 'string') return w;
    if (!isRecord(w)) return String(w);
    const where = [w.file, w.column].filter((x) => typeof x === 'string' && x).join(', column ');
    const lines = Array.isArray(w.lines) && w.lines.length ? `line${w.lines.length > 1 ? 's' : ''} ${w.lines.join(', ')}` : '';
    const count = typeof w.count === 'number' && w.count > 1 ? `${w.count} times` : '';
    const extra = [count, lines].filter(Boolean).join(', first on ');
    const message = typeof w.message === 'string' ? w.message : JSON.stringify(w);
    return `${where ? `${where}: ` : ''}${message}${extra ? ` (${extra})` : ''}`;
  });
}
