import type { ClassSummary, Meeting } from './api';

export const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const WEEKDAY_SHORT = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** ISO weekday of a date: 1 = Monday .. 7 = Sunday. */
export const isoWeekday = (date = new Date()) => ((date.getDay() + 6) % 7) + 1;

/** One meeting of one class. */
export interface Slot {
  meeting: Meeting;
  cls: ClassSummary;
}

/** Meetings grouped by weekday, each day in time order. */
export function slotsByDay(classes: readonly ClassSummary[]): Map<number, Slot[]> {
  const days = new Map<number, Slot[]>();
  for (const cls of classes) {
    for (const meeting of cls.meetings) {
      const list = days.get(meeting.weekday) ?? [];
      list.push({ meeting, cls });
      days.set(meeting.weekday, list);
    }
  }
  for (const list of days.values()) list.sort((a, b) => a.meeting.start.localeCompare(b.meeting.start));
  return days;
}

/** Monday to Friday always; the weekend only when something meets then. */
export function daysToShow(days: Map<number, Slot[]>): number[] {
  return [1, 2, 3, 4, 5, 6, 7].filter((d) => d <= 5 || (days.get(d)?.length ?? 0) > 0);
}

/** "13:05" → "1:05 PM". */
export function formatTime(hhmm: string): string {
  const match = /^(\d{1,2}):(\d{2})/.exec(hhmm);
  if (!match) return hhmm;
  const hours = Number(match[1]);
  const suffix = hours >= 12 ? 'PM' : 'AM';
  return `${((hours + 11) % 12) + 1}:${match[2]} ${suffix}`;
}

export const formatRange = (m: Pick<Meeting, 'start' | 'end'>) => `${formatTime(m.start)} – ${formatTime(m.end)}`;

/** True while the meeting is under way on the given day and time. */
export function isNow(meeting: Meeting, now = new Date()): boolean {
  if (meeting.weekday !== isoWeekday(now)) return false;
  const hhmm = `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
  return meeting.start <= hhmm && hhmm < meeting.end;
}

/** "Mon–Fri" for a full week, else "Mon, Wed, Fri". */
export function describeDays(weekdays: readonly number[]): string {
  const sorted = [...new Set(weekdays)].sort((a, b) => a - b);
  const consecutive = sorted.length > 2 && sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (consecutive) return `${WEEKDAY_SHORT[sorted[0]!]}–${WEEKDAY_SHORT[sorted[sorted.length - 1]!]}`;
  return sorted.map((d) => WEEKDAY_SHORT[d]).join(', ');
}

/** A class's meetings folded into lines such as "Mon–Fri · 8:00 AM – 9:30 AM · Literacy · Room 102". */
export function meetingLines(meetings: readonly Meeting[]): string[] {
  const groups = new Map<string, { days: number[]; meeting: Meeting }>();
  for (const m of meetings) {
    const key = `${m.start}|${m.end}|${m.period ?? ''}|${m.room ?? ''}`;
    const group = groups.get(key) ?? { days: [], meeting: m };
    group.days.push(m.weekday);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => Math.min(...a.days) - Math.min(...b.days) || a.meeting.start.localeCompare(b.meeting.start))
    .map(({ days, meeting }) =>
      [describeDays(days), formatRange(meeting), meeting.period ? periodLabel(meeting.period) : null, meeting.room].filter(Boolean).join(' · '),
    );
}

/** "3" → "Period 3"; named blocks ("Literacy") stay as they are. */
export const periodLabel = (period: string) => (/^\d+$/.test(period) ? `Period ${period}` : period);

const GRADE_NAMES: Record<string, string> = { PK: 'Pre-K', TK: 'TK', KG: 'Kindergarten' };

/** OneRoster grade codes ("03", "KG") as people say them. */
export function gradeLabel(code: string): string {
  if (GRADE_NAMES[code]) return GRADE_NAMES[code];
  const n = Number(code);
  return Number.isInteger(n) && n > 0 ? `Grade ${n}` : code;
}

const GRADE_ORDER = ['IT', 'PR', 'PK', 'TK', 'KG'];

/** A sort key for a grade code: pre-school and kindergarten first, then 01..13, then anything else. */
export function gradeRank(code: string | undefined): number {
  if (code === undefined) return 999;
  const early = GRADE_ORDER.indexOf(code);
  if (early >= 0) return early;
  const n = Number(code);
  return Number.isFinite(n) ? GRADE_ORDER.length + n : 500;
}
