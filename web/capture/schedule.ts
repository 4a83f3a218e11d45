/** Who is teaching what, where, at a moment in the school's time zone: pre-fills a new visit. */
import type { Plan } from '../../schemas/planner';
import type { ClassSummary, Meeting } from '../../schemas/people';

export interface Person {
  id: string;
  name: string;
}

export interface LocalTime {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Minutes since midnight. */
  minutes: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The weekday and time of an instant in a time zone (as the server computes it for the planner). */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return { weekday: WEEKDAYS.indexOf(parts.weekday ?? '') + 1, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

export const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

export interface Slot {
  teacher: Person;
  cls: ClassSummary;
  meeting: Meeting;
}

/** Class meetings in progress at a moment, one per teacher and class. */
export function teachingAt(classes: readonly ClassSummary[], at: LocalTime): Slot[] {
  const slots: Slot[] = [];
  for (const cls of classes) {
    const meeting = cls.meetings.find((m) => m.weekday === at.weekday && toMinutes(m.start) <= at.minutes && at.minutes < toMinutes(m.end));
    if (meeting) for (const teacher of cls.teachers) slots.push({ teacher, cls, meeting });
  }
  return slots;
}

/** The classes a teacher teaches, the one in progress first. */
export function classesOf(classes: readonly ClassSummary[], teacherId: string, now: readonly Slot[] = []): ClassSummary[] {
  const current = new Set(now.filter((s) => s.teacher.id === teacherId).map((s) => s.cls.id));
  return classes
    .filter((c) => c.teachers.some((t) => t.id === teacherId))
    .sort((a, b) => Number(current.has(b.id)) - Number(current.has(a.id)) || a.title.localeCompare(b.title));
}

const GRADE_NAMES: Record<string, string> = { IT: 'Infant/toddler', PR: 'Preschool', PK: 'Pre-K', TK: 'Transitional K', KG: 'Kindergarten' };

/** '03' → 'Grade 3', 'KG' → 'Kindergarten'. */
export function gradeLabel(grade: string): string {
  if (GRADE_NAMES[grade]) return GRADE_NAMES[grade];
  return /^\d+$/.test(grade) ? `Grade ${Number(grade)}` : grade;
}

/** "Mathematics · Grade 3 · Room 303 · Math 09:35–10:35": what a class is, for the visit form. */
export function classFacts(cls: ClassSummary, meeting?: Meeting): string {
  const room = meeting?.room ?? cls.room;
  return [
    cls.subjects.join(', '),
    cls.grades.map(gradeLabel).join(', '),
    room,
    meeting ? `${meeting.period ? `${meeting.period} ` : ''}${meeting.start}–${meeting.end}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

export interface Prefill {
  teacherId: string;
  classId: string | null;
  /** Why this teacher, in words. */
  why: string;
}

export interface PrefillInput {
  teachers: readonly Person[];
  classes: readonly ClassSummary[];
  /** The planner's answer for this moment (online), or null. */
  plan: Plan | null;
  /** Last visits per teacher from an older plan kept on the device: ranks the schedule when offline. */
  lastVisits?: Readonly<Record<string, string | null>>;
  at: LocalTime;
  /** `?teacher=` and `?class=` from a link (the planner page). */
  teacherId?: string | null;
  classId?: string | null;
  /** Teachers already visited from this device today: not suggested again. */
  skip?: ReadonlySet<string>;
}

/** Teacher and class for a new visit: a link's choice, else the planner's top suggestion, else the schedule. */
export function choosePrefill(input: PrefillInput): Prefill | null {
  const now = teachingAt(input.classes, input.at);
  const skip = input.skip ?? new Set<string>();
  if (input.teacherId && input.teachers.some((t) => t.id === input.teacherId)) {
    const own = classesOf(input.classes, input.teacherId, now);
    const linked = own.find((c) => c.id === input.classId);
    const current = now.find((s) => s.teacher.id === input.teacherId);
    return { teacherId: input.teacherId, classId: linked?.id ?? current?.cls.id ?? null, why: 'Chosen from the planner' };
  }
  const suggestion = input.plan?.now.find((s) => !skip.has(s.teacher.id));
  if (suggestion) {
    const reason = suggestion.reasons[0];
    return { teacherId: suggestion.teacher.id, classId: suggestion.class.id, why: `Suggested by the planner${reason ? `: ${reason.toLowerCase()}` : ''}` };
  }
  if (input.plan) return null; // the planner knows best: nobody is free to visit now
  const last = input.lastVisits ?? {};
  const never = '0000';
  const candidates = now
    .filter((s) => !skip.has(s.teacher.id))
    .sort((a, b) => (last[a.teacher.id] ?? never).localeCompare(last[b.teacher.id] ?? never) || a.teacher.name.localeCompare(b.teacher.name));
  const pick = candidates[0];
  return pick ? { teacherId: pick.teacher.id, classId: pick.cls.id, why: 'Teaching now, from the schedule saved on this device' } : null;
}

/** Last visit per teacher from a plan (now and later lists). */
export function lastVisitsOf(plan: Plan | null | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const s of [...(plan?.now ?? []), ...(plan?.later ?? [])]) out[s.teacher.id] = s.lastVisitAt;
  return out;
}
