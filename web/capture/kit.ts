/**
 * The capture kit: what the visit form needs (the user, the school's look-fors, evaluative words, teachers and
 * their classes, the planner's "now"). Loaded from the network when it answers, and kept in IndexedDB so the
 * form works offline.
 */
import type { MeResponse } from '../../schemas/auth';
import type { ClassSummary, StaffMember } from '../../schemas/people';
import type { Plan } from '../../schemas/planner';
import type { z } from 'zod';
import type { LookFor, Visit, VisitSettings as VisitSettingsSchema } from '../../schemas/visits';
import { readKit, writeKit } from '../lib/offline-db';
import { canCapture } from './roles';
import type { Person } from './schedule';

export type MySchool = MeResponse['schools'][number];
type VisitSettings = z.infer<typeof VisitSettingsSchema>;


export interface SchoolKit {
  schoolId: string;
  lookFors: LookFor[];
  settings: VisitSettings;
  teachers: Person[];
  classes: ClassSummary[];
  /** The planner's answer when the kit was fetched (only its last-visit dates are used once stale). */
  plan: Plan | null;
  fetchedAt: number;
}

export interface Kit {
  me: MeResponse;
  school: MySchool;
  schools: MySchool[];
  data: SchoolKit;
  /** `network`: fresh; `device`: saved earlier on this device (offline or the server did not answer). */
  source: 'network' | 'device';
}

export type KitResult =
  | { kind: 'ok'; kit: Kit }
  | { kind: 'signin' }
  | { kind: 'not-a-leader'; me: MeResponse }
  | { kind: 'offline-empty' }
  | { kind: 'error'; message: string };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GET with the session cookie and a time limit: a slow network falls back to the device's copy. */
export async function getJson<T>(path: string, timeoutMs = 8000): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' }, signal: controller.signal });
    if (!response.ok) {
      const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
      throw new HttpError(response.status, body?.error?.message ?? `The server answered ${response.status}.`);
    }
    return (await response.json()) as T;
  } finally {
    clearTimeout(timer);
  }
}

const seg = encodeURIComponent;
/** Unreachable (offline, timed out) or the server failed: the device's copy will do. */
const unreachable = (error: unknown) => !(error instanceof HttpError) || error.status >= 500;

async function fetchSchool(schoolId: string, at: string | null): Promise<SchoolKit> {
  const base = `/api/schools/${seg(schoolId)}`;
  const [lookFors, settings, staff, classes, plan] = await Promise.all([
    getJson<LookFor[]>(`${base}/look-fors`),
    getJson<VisitSettings>(`${base}/visit-settings`),
    getJson<StaffMember[]>(`${base}/staff?role=teacher`),
    getJson<ClassSummary[]>(`${base}/classes`),
    getJson<Plan>(`/api/planner?schoolId=${seg(schoolId)}${at ? `&at=${seg(at)}` : ''}`).catch(() => null),
  ]);
  const teachers = staff.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  return { schoolId, lookFors, settings, teachers, classes, plan, fetchedAt: Date.now() };
}

function pickSchool(schools: MySchool[], wanted: string | null): MySchool | undefined {
  let remembered: string | null = null;
  try {
    remembered = localStorage.getItem('rounds.school'); // the school last used in the app
  } catch {
    // storage unavailable
  }
  return schools.find((s) => s.id === wanted) ?? schools.find((s) => s.id === remembered) ?? schools[0];
}

/** Loads the kit for `schoolId` (or the school last used), from the network or else from the device. */
export async function loadKit(options: { schoolId: string | null; at: string | null }): Promise<KitResult> {
  let me: MeResponse | undefined;
  let source: Kit['source'] = 'network';
  try {
    me = await getJson<MeResponse>('/api/me');
    await keep('me', me);
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) return { kind: 'signin' };
    if (!unreachable(error)) return { kind: 'error', message: (error as Error).message };
    me = await readKit<MeResponse>('me').catch(() => undefined);
    source = 'device';
    if (!me) return { kind: 'offline-empty' };
  }
  const schools = me.schools.filter(canCapture);
  const school = pickSchool(schools, options.schoolId);
  if (!school) return { kind: 'not-a-leader', me };

  const cacheKey = `school:${school.id}`;
  let data: SchoolKit | undefined;
  if (source === 'network') {
    try {
      data = await fetchSchool(school.id, options.at);
      await keep(cacheKey, data);
      void warmOtherSchools(schools.filter((s) => s.id !== school.id));
    } catch (error) {
      if (!unreachable(error)) return { kind: 'error', message: (error as Error).message };
      source = 'device';
    }
  }
  if (!data) {
    data = await readKit<SchoolKit>(cacheKey).catch(() => undefined);
    if (!data) return { kind: 'offline-empty' };
  }
  return { kind: 'ok', kit: { me, school, schools, data, source } };
}

/** Saves a kit item for offline use; without IndexedDB (some private modes) the page still works online. */
async function keep(key: string, value: unknown): Promise<void> {
  try {
    await writeKit(key, value);
  } catch {
    // storage unavailable: nothing kept for offline use
  }
}

/** Saves the other schools' kits too (at most hourly), so switching school works offline (a coach works in several). */
async function warmOtherSchools(schools: MySchool[]): Promise<void> {
  for (const s of schools) {
    try {
      const saved = await readKit<SchoolKit>(`school:${s.id}`);
      if (saved && saved.fetchedAt > Date.now() - 3_600_000) continue;
      await writeKit(`school:${s.id}`, await fetchSchool(s.id, null));
    } catch {
      // best effort: the school is saved when it is opened
    }
  }
}

/** A visit to edit: from the server, or (offline, or not sent yet) as it waits in the outbox. */
export async function loadVisit(id: string): Promise<Visit> {
  return getJson<Visit>(`/api/visits/${seg(id)}`);
}
