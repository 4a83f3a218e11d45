import { z } from 'zod';

/**
 * The real-world range of every kind of value Rounds accepts, defined once. Schemas build their fields from these, so
 * a new field gets a sensible bound by default; the bounds are carried into the OpenAPI document (`x-minimum` /
 * `x-maximum` on dates and instants), where the schema-driven tests read them.
 *
 * Dates are whole school days between 2000-01-01 and 2100-12-31. Arithmetic on them goes through day numbers
 * (`dayNumber`, `dateOfDay`), never through comparing ISO strings of different shapes.
 */
export const SCHOOL_DATE_MIN = '2000-01-01';
export const SCHOOL_DATE_MAX = '2100-12-31';
/** The longest `from`/`to` range a report, list or export covers: five school years. */
export const MAX_RANGE_DAYS = 5 * 366;
/** How far ahead a visit's start may be: a phone whose clock runs ahead, or a visit planned for tomorrow morning. */
export const MAX_VISIT_AHEAD_MS = 24 * 60 * 60 * 1000;
/** Page sizes of every paged list. */
export const MAX_PAGE_SIZE = 200;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole days since 1970-01-01 of a YYYY-MM-DD date; NaN when it is not one. */
export function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // setUTCFullYear, unlike Date.UTC, takes years 0-99 as written; a day past the month's end rolls over, and is refused.
  const back = new Date(0);
  back.setUTCFullYear(y, mo - 1, d);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return Number.NaN;
  return Math.round(back.getTime() / DAY_MS);
}

/** The YYYY-MM-DD date of a day number; throws outside years 0000-9999, where ISO dates change shape. */
export function dateOfDay(day: number): string {
  if (!Number.isInteger(day)) throw new RangeError(`Not a whole day number: ${day}`);
  const d = new Date(day * DAY_MS);
  const year = d.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`Day ${day} is outside the years 0000-9999`);
  return d.toISOString().slice(0, 10);
}

const MIN_DAY = dayNumber(SCHOOL_DATE_MIN);
const MAX_DAY = dayNumber(SCHOOL_DATE_MAX);
const MIN_INSTANT = Date.UTC(2000, 0, 1);
const MAX_INSTANT = Date.UTC(2101, 0, 1);

/** A school day, YYYY-MM-DD, between 2000-01-01 and 2100-12-31. */
export const schoolDate = (example = '2026-11-24') =>
  z.iso
    .date({ message: `Use a date like ${example}` })
    .refine((v) => {
      const n = dayNumber(v);
      // Not a date at all: the format check above has already said so, once.
      return Number.isNaN(n) || (n >= MIN_DAY && n <= MAX_DAY);
    }, `Use a date between ${SCHOOL_DATE_MIN} and ${SCHOOL_DATE_MAX}`)
    .meta({ 'x-minimum': SCHOOL_DATE_MIN, 'x-maximum': SCHOOL_DATE_MAX });

/** An instant with its offset, between 2000 and the end of 2100 (or `maxAheadMs` past now, when given). */
export const schoolInstant = (options: { example?: string; maxAheadMs?: number } = {}) => {
  const example = options.example ?? '2026-11-24T09:40:00-06:00';
  return z.iso
    .datetime({ offset: true, message: `must be a date and time like ${example}` })
    .refine((v) => {
      const t = Date.parse(v);
      return Number.isNaN(t) || (t >= MIN_INSTANT && t < MAX_INSTANT);
    }, `Use a date and time between ${SCHOOL_DATE_MIN} and ${SCHOOL_DATE_MAX}`)
    .refine(
      (v) => options.maxAheadMs === undefined || !(Date.parse(v) > Date.now() + options.maxAheadMs),
      `That is more than ${Math.round((options.maxAheadMs ?? 0) / 3_600_000)} hours from now; check the date and the device's clock`,
    )
    .meta({ 'x-minimum': `${SCHOOL_DATE_MIN}T00:00:00Z`, 'x-maximum': `${SCHOOL_DATE_MAX}T23:59:59Z`, ...(options.maxAheadMs !== undefined ? { 'x-max-ahead-ms': options.maxAheadMs } : {}) });
};

/** A page size: 1 to MAX_PAGE_SIZE, from a query string. */
export const pageSize = (defaultSize = 50) => z.coerce.number().int('Use a whole number').min(1, 'At least 1').max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE}`).default(defaultSize);

/** The message for text holding a NUL character, which PostgreSQL text cannot store. */
export const NO_NUL = 'Remove the invisible control character from the text';
/** Text a person typed: trimmed, within limits, and free of NUL characters (PostgreSQL text cannot hold them). */
export const text = (min: number, max: number, messages: { min?: string; max?: string } = {}) =>
  z
    .string()
    .trim()
    .min(min, messages.min ?? (min === 1 ? 'Required' : `At least ${min} characters`))
    .max(max, messages.max ?? `At most ${max.toLocaleString('en-US')} characters`)
    .refine((v) => !v.includes('\u0000'), NO_NUL);

/**
 * Checks a `from`/`to` pair: in order, and at most MAX_RANGE_DAYS apart. Use as `.superRefine(dateRange())` on an
 * object with optional `from` and `to` school dates; `where` is the pair's location in error paths.
 */
export const dateRange =
  (maxDays = MAX_RANGE_DAYS) =>
  (value: { from?: string | null; to?: string | null }, ctx: z.RefinementCtx) => {
    if (!value.from || !value.to) return;
    const from = dayNumber(value.from);
    const to = dayNumber(value.to);
    if (Number.isNaN(from) || Number.isNaN(to)) return;
    if (from > to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'End on or after the start date' });
    else if (to - from > maxDays) ctx.addIssue({ code: 'custom', path: ['from'], message: `Choose a range of at most ${Math.floor(maxDays / 365)} years` });
  };
