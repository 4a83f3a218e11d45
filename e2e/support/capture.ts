import type { Browser, Locator, Page } from 'playwright-core';
import type { MeResponse } from '../../schemas/auth';
import type { Plan } from '../../schemas/planner';
import type { LookFor, Visit } from '../../schemas/visits';
import { apiGet, baseURL, PHONE, watch, type TestPage } from './browser';

/** A phone: 375 x 812, touch events, so taps are real taps. */
export async function openPhone(browser: Browser): Promise<TestPage> {
  const context = await browser.newContext({ baseURL: baseURL(), viewport: PHONE, hasTouch: true, isMobile: true, locale: 'en-US' });
  context.setDefaultTimeout(20_000);
  return watch(context, await context.newPage());
}

/** Counts the taps a test makes, to check the "at most 5 taps" promise. */
export function tapCounter() {
  let taps = 0;
  return {
    tap: async (locator: Locator) => {
      await locator.tap();
      taps += 1;
    },
    get count() {
      return taps;
    },
  };
}

/** The UTC offset of a time zone on a date, as "-06:00". */
function offsetOf(timeZone: string, at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : 'Z';
}

/** The most recent school day (Monday to Friday) at 10:00 in the school's zone, as ISO with offset. */
export function schoolDayAt10(timeZone: string, now = new Date()): string {
  for (let back = 0; back < 7; back++) {
    const day = new Date(now.getTime() - back * 86_400_000);
    const weekday = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(day);
    if (weekday === 'Sat' || weekday === 'Sun') continue;
    const date = new Intl.DateTimeFormat('en-CA', { timeZone }).format(day);
    return `${date}T10:00:00${offsetOf(timeZone, day)}`;
  }
  throw new Error('no weekday in a week');
}

export interface CaptureSetup {
  me: MeResponse;
  school: MeResponse['schools'][number];
  lookFors: LookFor[];
  /** `?at=` for the capture page when nobody is teaching at the real "now" (nights, weekends), else null. */
  at: string | null;
  plan: Plan;
}

/**
 * What the capture page will pre-fill from: the planner now, or (when school is out) at 10:00 of the latest school
 * day — the page accepts `?at=` for exactly this, and uses it only to pre-fill.
 */
export async function captureSetup(page: Page): Promise<CaptureSetup> {
  const me = await apiGet<MeResponse>(page, '/api/me');
  const school = me.schools[0]!;
  const lookFors = (await apiGet<LookFor[]>(page, `/api/schools/${school.id}/look-fors`)).filter((l) => l.active).sort((a, b) => a.position - b.position);
  let plan = await apiGet<Plan>(page, `/api/planner?schoolId=${school.id}`);
  let at: string | null = null;
  if (plan.now.length === 0) {
    at = schoolDayAt10(school.timezone);
    plan = await apiGet<Plan>(page, `/api/planner?schoolId=${school.id}&at=${encodeURIComponent(at)}`);
  }
  return { me, school, lookFors, at, plan };
}

/** Every visit this user recorded in the school (newest first). */
export async function myVisits(page: Page, setup: Pick<CaptureSetup, 'me' | 'school'>): Promise<Visit[]> {
  const items: Visit[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/api/visits?schoolId=${setup.school.id}&observerId=${setup.me.user.id}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page_: { items: Visit[]; nextCursor: string | null } = await apiGet(page, query);
    items.push(...page_.items);
    cursor = page_.nextCursor;
  } while (cursor);
  return items;
}

/** The capture page's sync status line. */
export const syncStatus = (page: Page) => page.getByRole('region', { name: 'Sync status' }).getByRole('status');
