import { dateOfDay, dayNumber } from '../../../schemas/bounds';

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local date, ISO weekday (1 = Monday) and HH:MM time of an instant in a school's time zone. */
export function localParts(at: Date, timeZone: string): { date: string; weekday: number; time: string; minutes: number } {
  let year = '';
  let month = '';
  let day = '';
  let weekday = 0;
  let hour = '';
  let minute = '';
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
    else if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') hour = part.value;
    else if (part.type === 'minute') minute = part.value;
  }
  const time = `${hour}:${minute}`;
  return { date: `${year}-${month}-${day}`, weekday, time, minutes: Number(hour) * 60 + Number(minute) };
}

/** Minutes since midnight of an HH:MM[:SS] time. */
export function toMinutes(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/** The day number of a YYYY-MM-DD date, refusing anything else (a bug upstream, never user input: schemas check it). */
function day(date: string): number {
  const n = dayNumber(date);
  if (Number.isNaN(n)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return n;
}

/** The Monday (YYYY-MM-DD) of the week that contains a YYYY-MM-DD date. */
export function mondayOf(date: string): string {
  const n = day(date);
  // Day 0 (1970-01-01) was a Thursday: ISO weekday index (Monday = 0) is (n + 3) mod 7.
  return dateOfDay(n - (((n + 3) % 7) + 7) % 7);
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return dateOfDay(day(date) + days);
}

/** Whole days between two YYYY-MM-DD dates (b - a). */
export function daysBetween(a: string, b: string): number {
  return day(b) - day(a);
}

/** The longest run of days or weeks a loop over dates may take: far beyond any range the schemas allow. */
const MAX_STEPS = 40_000;

/**
 * Every `step`-th date from `from` up to and including `to`, counted in day numbers (never by comparing strings).
 * Throws rather than run away when the range is larger than any the schemas allow.
 */
export function datesBetween(from: string, to: string, step = 1): string[] {
  const first = day(from);
  const last = day(to);
  if (!(step >= 1) || (last - first) / step > MAX_STEPS) throw new RangeError(`Too many dates from ${from} to ${to}`);
  const out: string[] = [];
  for (let n = first; n <= last; n += step) out.push(dateOfDay(n));
  return out;
}

/** The Mondays of the weeks from the one holding `from` up to `to`. */
export function mondaysBetween(from: string, to: string): string[] {
  return datesBetween(mondayOf(from), to, 7);
}
