import type { z } from 'zod';
import type { Breakdown as BreakdownSchema, InsightFilters as InsightFiltersSchema } from '../../../schemas/insights';

/**
 * The URL search params of the insight pages (imported by the router, so kept tiny: no zod, no charts).
 * The names are the API's own, so a page URL, a saved view and an export link carry the same filters.
 */
export type Breakdown = z.infer<typeof BreakdownSchema>;
/** Filters as a saved view stores them (`breakdown` always set). */
export type InsightFilters = z.output<typeof InsightFiltersSchema>;

export interface InsightSearch {
  from?: string;
  to?: string;
  grade?: string;
  subject?: string;
  observerId?: string;
  /** Absent means by grade. */
  breakdown?: Exclude<Breakdown, 'grade'>;
}

export const BREAKDOWNS: Record<Breakdown, string> = {
  grade: 'Grade',
  subject: 'Subject',
  hour: 'Hour',
  observer: 'Observer',
  weekday: 'Weekday',
};

const isoDate = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const uuid = (v: unknown) => (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : undefined);
/** A short text value; a number too (the router parses `grade=5` as a number). */
const text = (v: unknown, max: number) => {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  return s && s.length <= max ? s : undefined;
};
const isBreakdown = (v: unknown): v is Breakdown => typeof v === 'string' && v in BREAKDOWNS;

/** Keeps only the keys that have a value, so URLs stay short and comparable. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** The router's validateSearch for the school insights page: anything malformed is dropped, not an error. */
export function validateInsightSearch(search: Record<string, unknown>): InsightSearch {
  const breakdown = isBreakdown(search.breakdown) && search.breakdown !== 'grade' ? search.breakdown : undefined;
  return compact({
    from: isoDate(search.from),
    to: isoDate(search.to),
    grade: text(search.grade, 20),
    subject: text(search.subject, 100),
    observerId: uuid(search.observerId),
    breakdown,
  });
}

/** The router's validateSearch for the district insights page. */
export function validateRangeSearch(search: Record<string, unknown>): { from?: string; to?: string } {
  return compact({ from: isoDate(search.from), to: isoDate(search.to) });
}

/** The router's validateSearch for the decision log: `viewId` pre-fills the form with a saved view. */
export function validateDecisionSearch(search: Record<string, unknown>): { viewId?: string } {
  return compact({ viewId: uuid(search.viewId) });
}

/** A saved view's filters as the page's search params. */
export function searchOfFilters(filters: Partial<InsightFilters>): InsightSearch {
  return validateInsightSearch(filters as Record<string, unknown>);
}

/** The page's search params as a saved view's filters. */
export function filtersOfSearch(search: InsightSearch): InsightFilters {
  return { ...compact({ from: search.from, to: search.to, grade: search.grade, subject: search.subject, observerId: search.observerId }), breakdown: search.breakdown ?? 'grade' };
}

/** Do two sets of filters show the same thing? */
export function sameFilters(a: InsightSearch, b: InsightSearch): boolean {
  const keys: (keyof InsightSearch)[] = ['from', 'to', 'grade', 'subject', 'observerId', 'breakdown'];
  return keys.every((k) => (a[k] ?? '') === (b[k] ?? ''));
}

/** The API query string of a school's insight with these filters (for the JSON, the export links and the cache key). */
export function insightQueryString(schoolId: string, search: InsightSearch, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ schoolId, ...compact(search), ...extra }).toString();
}

/** "Grade 3", "Kindergarten": a grade key as the API reports it ("03", "KG"). */
export function gradeLabel(key: string): string {
  if (key === 'KG') return 'Kindergarten';
  if (key === 'PK') return 'Pre-kindergarten';
  return /^\d+$/.test(key) ? `Grade ${Number(key)}` : key;
}
