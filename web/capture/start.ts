/** Builds the form's starting values: a new visit (pre-filled), a visit from the server, or one waiting on the device. */
import type { Visit, VisitCreate, VisitUpdate } from '../../schemas/visits';
import type { CreateEntry, UpdateEntry } from '../lib/offline-db';
import { readOutbox } from '../lib/outbox';
import type { FormValues } from './CaptureForm';
import type { Kit } from './kit';
import { choosePrefill, lastVisitsOf, localTime, type LocalTime } from './schedule';

export interface Params {
  school: string | null;
  /** A moment to pre-fill for (tests, demos): only decides who is "teaching now". */
  at: string | null;
  teacher: string | null;
  cls: string | null;
  edit: string | null;
  fix: string | null;
  /** A coaching cycle this new visit is an observation of (the coach's link from the cycle page). */
  cycle: string | null;
}

export function readParams(search = location.search): Params {
  const p = new URLSearchParams(search);
  const at = p.get('at');
  return {
    school: p.get('school'),
    at: at && !Number.isNaN(Date.parse(at)) ? at : null,
    teacher: p.get('teacher'),
    cls: p.get('class'),
    edit: p.get('edit'),
    fix: p.get('fix'),
    cycle: p.get('cycle'),
  };
}

/** The school-local moment that decides who is teaching now. */
export function momentOf(kit: Kit, params: Params): LocalTime {
  return localTime(params.at ? new Date(params.at) : new Date(), kit.school.timezone);
}

const dateIn = (d: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(d);

/** Teachers this user visited today from this device (not suggested again, even offline). */
export async function visitedToday(kit: Kit): Promise<Set<string>> {
  const today = dateIn(new Date(), kit.school.timezone);
  const { visits } = await readOutbox();
  return new Set(
    visits
      .filter((v): v is CreateEntry => v.kind === 'create' && v.userId === kit.me.user.id && v.schoolId === kit.school.id)
      .filter((v) => dateIn(new Date(v.body.startedAt), kit.school.timezone) === today)
      .map((v) => v.body.teacherId),
  );
}

const empty = (startedAt: Date): FormValues => ({
  teacherId: null,
  classId: null,
  evidence: '',
  tags: [],
  privateNote: '',
  startedAt,
  duration: null,
  photos: [],
});

/** A new visit: the timer starts now; teacher and class come from a link, the planner or the schedule. */
export function newVisitForm(kit: Kit, params: Params, skip: ReadonlySet<string>): { initial: FormValues; why: string } {
  const { teachers, classes, plan } = kit.data;
  const prefill = choosePrefill({
    teachers,
    classes,
    plan: kit.source === 'network' ? plan : null,
    lastVisits: lastVisitsOf(plan),
    at: momentOf(kit, params),
    teacherId: params.teacher,
    classId: params.cls,
    skip,
  });
  const initial = { ...empty(new Date()), teacherId: prefill?.teacherId ?? null, classId: prefill?.classId ?? null };
  return { initial, why: prefill?.why ?? 'Nobody on the schedule is teaching now that you have not seen today: type a name.' };
}

export function formFromVisit(visit: Visit): FormValues {
  return {
    ...empty(new Date(visit.startedAt)),
    teacherId: visit.teacher.id,
    classId: visit.class?.id ?? null,
    evidence: visit.evidence,
    tags: visit.tags.map((t) => t.id),
    privateNote: visit.privateNote ?? '',
    duration: visit.durationMinutes,
  };
}

export function formFromEntry(entry: CreateEntry | UpdateEntry): FormValues {
  const body: VisitCreate | VisitUpdate = entry.body;
  return {
    ...empty(new Date(body.startedAt)),
    teacherId: body.teacherId,
    classId: body.classId ?? null,
    evidence: body.evidence,
    tags: [...body.tags],
    privateNote: body.privateNote ?? '',
    duration: body.durationMinutes,
  };
}
