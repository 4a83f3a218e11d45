/** Date and time helpers for visit pages: everything is shown in the school's time zone. */

const DAY = 86_400_000;

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday) of a YYYY-MM-DD date. */
export const weekdayOf = (date: string) => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The UTC offset of a time zone at a moment, as "+HH:MM". */
function offsetAt(timeZone: string, at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-]\d{2}):?(\d{2})?/.exec(name ?? '');
  return match ? `${match[1]}:${match[2] ?? '00'}` : '+00:00';
}

/** A wall-clock date and time in a time zone as an ISO date-time with its offset: "2026-11-24T09:40:00-06:00". */
export function zonedIso(date: string, time: string, timeZone: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  return `${date}T${time}:00${offsetAt(timeZone, guess)}`;
}

/** The date and time (HH:MM) part of an ISO date-time with offset, as written. */
export function splitIso(iso: string): { date: string; time: string } {
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** "Tue, Nov 24" for a YYYY-MM-DD date. */
export function formatDay(date: string, options: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric' }): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { ...options, timeZone: 'UTC' });
}

/** "Tue, Nov 24, 9:40 AM" for an instant, in the school's time zone. */
export function formatMoment(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** Whole days between an instant and now: "today", "yesterday", "12 days ago"; null means never. */
export function daysAgo(iso: string | null, timeZone: string, now = new Date()): string {
  if (!iso) return 'never';
  const days = Math.round((Date.parse(`${todayIn(timeZone, now)}T12:00:00Z`) - Date.parse(`${todayIn(timeZone, new Date(iso))}T12:00:00Z`)) / DAY);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

/** The next school day (Monday to Friday) after a date. */
export function nextSchoolDay(date: string): string {
  let d = addDays(date, 1);
  while (weekdayOf(d) > 5) d = addDays(d, 1);
  return d;
}

/** "Nov 24" for an instant, in the school's time zone. */
export function formatDate(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleDateString('en-US', { timeZone, month: 'short', day: 'numeric' });
}
