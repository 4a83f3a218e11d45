/** Number and date wording of the insight pages. */

/** The brand colour (web/styles.css --brand): Plot needs a colour value, not a CSS variable. */
export const BRAND = '#1f4e5f';
/** Colours of the look-fors in the grouped bars (Tableau 10: distinct, and the legend and table name them too). */
export const SCHEME = 'tableau10';

/** "42%" (or "42.5%" with one decimal) for a share between 0 and 1. */
export function percent(share: number, decimals = 0): string {
  return `${(share * 100).toFixed(decimals)}%`;
}

/** "14 points" for a change of share (0.141 → 14 points). */
export function points(delta: number): string {
  const n = Math.round(Math.abs(delta) * 100);
  return `${n} ${n === 1 ? 'point' : 'points'}`;
}

/** "Sep 7, 2026" (or other Intl options) for a YYYY-MM-DD date, read as a calendar day. */
export function dayLabel(date: string, options: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', year: 'numeric' }): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { ...options, timeZone: 'UTC' });
}

/** "Sep 7 – Nov 24, 2026" for a range. */
export function rangeLabel(from: string, to: string): string {
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return `${dayLabel(from, sameYear ? { month: 'short', day: 'numeric' } : undefined)} – ${dayLabel(to)}`;
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The period of the same length just before a range (what "What changed" compares with). */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const days = Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

/** "1.5" visits per teacher: at most one decimal. */
export const perTeacher = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
