/**
 * The URL search params of the assessment analysis page (imported by the router, so kept tiny: no zod, no charts).
 * The names are the API's own (schemas/assessments.ts AnalysisQuery), so the page URL and the CSV link carry the same filters.
 */
export interface AnalysisSearch {
  from?: string;
  to?: string;
  standard?: string;
  grade?: string;
  classId?: string;
  assessmentId?: string;
}

const isoDate = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const uuid = (v: unknown) => (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : undefined);
/** A short text value; a number too (the router parses `grade=5` as a number). */
const text = (v: unknown, max: number) => {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  return s && s.length <= max ? s : undefined;
};

/** Keeps only the keys that have a value, so URLs stay short and comparable. */
export function compactSearch(o: AnalysisSearch): AnalysisSearch {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as AnalysisSearch;
}

/** The router's validateSearch for the analysis page: anything malformed is dropped, not an error. */
export function validateAnalysisSearch(search: Record<string, unknown>): AnalysisSearch {
  return compactSearch({
    from: isoDate(search.from),
    to: isoDate(search.to),
    standard: text(search.standard, 100),
    grade: text(search.grade, 20),
    classId: uuid(search.classId),
    assessmentId: uuid(search.assessmentId),
  });
}

/** The search params as a query string for the API (`?from=…&grade=…`, or '' with no filters). */
export function analysisQueryString(search: AnalysisSearch): string {
  const params = new URLSearchParams(Object.entries(compactSearch(search)) as [string, string][]);
  const s = params.toString();
  return s ? `?${s}` : '';
}
