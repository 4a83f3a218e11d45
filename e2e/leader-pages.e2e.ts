import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '../schemas/auth';
import type { Coverage, Plan } from '../schemas/planner';
import type { LookFor, Visit } from '../schemas/visits';
import { apiGet, baseURL, checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav, schoolDayMorning } from './support/nav';
import { screenshotPath } from './support/screenshots';

/** Records a visit through the API (as the signed-in leader), with a private note and one photo. */
async function recordVisit(page: Page, schoolId: string, teacherId: string, tags: string[]) {
  const id = randomUUID();
  const headers = { origin: baseURL() };
  const created = await page.request.post('/api/visits', {
    headers,
    data: {
      id,
      schoolId,
      teacherId,
      startedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      durationMinutes: 8,
      evidence: 'Students explained their strategy to a partner.\n14 of 20 hands up for the check.',
      tags,
      privateNote: 'Ask about the seating plan.',
    },
  });
  expect(created.status()).toBe(201);
  const png = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#3a7d8c' } }).png().toBuffer();
  const photo = await page.request.put(`/api/visits/${id}/photos/${randomUUID()}`, { headers: { ...headers, 'content-type': 'image/png' }, data: png });
  expect(photo.status()).toBe(201);
  return id;
}

describe('a principal’s visit pages on a phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('home and planner: today’s goal, the streak and who to visit next, with reasons and a link to capture', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'principal@demo.test');
    const me = await apiGet<MeResponse>(page, '/api/me');
    const school = me.schools[0]!;

    // Home: the Today card.
    await waitForTitle(page, school.name);
    const today = page.getByRole('region', { name: 'Today' });
    await today.getByText(/\d+ of \d+ visits? today/).waitFor();
    await today.getByRole('link', { name: /^Streak: / }).waitFor();
    const coverage = await apiGet<Coverage>(page, `/api/coverage?schoolId=${school.id}`);
    const flagged = coverage.teachers.filter((t) => t.flagged).length;
    await today.getByRole('link', { name: new RegExp(`^${flagged} teachers? needs? a visit`) }).waitFor();
    const nowPlan = await apiGet<Plan>(page, `/api/planner?schoolId=${school.id}`);
    expect(await today.getByRole('link', { name: /^Start a visit/ }).count()).toBe(Math.min(3, nowPlan.now.length));

    // The planner at the real time: suggestions, or a clear empty state.
    await clickNav(page, 'Planner');
    await waitForTitle(page, 'Who should I visit next?');
    await page.getByRole('heading', { level: 2, name: 'Teaching now' }).waitFor();
    if (nowPlan.now.length === 0) await page.getByText(/Nobody is teaching right now|No more classes today/).first().waitFor();

    // A school-day morning: teachers are teaching, each suggestion says when, where, why, and links to capture.
    const at = schoolDayMorning(school.timezone);
    const plan = await apiGet<Plan>(page, `/api/planner?schoolId=${school.id}&at=${encodeURIComponent(at)}`);
    expect(plan.now.length).toBeGreaterThan(0);
    await page.goto(`/schools/${school.id}/planner?at=${encodeURIComponent(at)}`);
    await waitForTitle(page, 'Who should I visit next?');
    await page.getByText('Planning for').waitFor();
    const teachingNow = page.getByRole('list', { name: 'Teaching now' });
    const first = plan.now[0]!;
    const card = teachingNow.getByRole('listitem').filter({ has: page.getByRole('heading', { name: first.teacher.name }) });
    await card.getByText(first.class.title, { exact: false }).first().waitFor();
    await card.getByRole('list', { name: `Why ${first.teacher.name}` }).getByText(first.reasons[0]!).waitFor();
    await card.getByText(/^Last visited: /).waitFor();
    const link = card.getByRole('link', { name: `Start a visit to ${first.teacher.name}` });
    expect(await link.getAttribute('href')).toBe(`/visits/new?teacher=${first.teacher.id}&class=${first.class.id}`);
    expect(await teachingNow.getByRole('link', { name: /^Start a visit/ }).count()).toBe(Math.min(5, plan.now.length));
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('planner-phone.png'), fullPage: false });
    if (plan.now.length > 5) {
      await page.getByRole('button', { name: /^Show all \d+ — teaching now/ }).click();
      expect(await teachingNow.getByRole('link', { name: /^Start a visit/ }).count()).toBe(plan.now.length);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  test('coverage: the heat map with flagged teachers, sorting, the flag threshold and the observers’ own numbers', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'principal@demo.test');
    const me = await apiGet<MeResponse>(page, '/api/me');
    const school = me.schools[0]!;
    const coverage = await apiGet<Coverage>(page, `/api/coverage?schoolId=${school.id}`);
    const flagged = coverage.teachers.filter((t) => t.flagged);
    expect(flagged.length).toBeGreaterThan(0);

    await clickNav(page, 'Coverage');
    await waitForTitle(page, 'Coverage');
    const table = page.getByRole('table', { name: /Visits to each teacher, week by week/ });
    await table.waitFor();
    // One row per teacher (plus the header row), one column per week; every cell says its count.
    expect(await table.getByRole('row').count()).toBe(coverage.teachers.length + 1);
    expect(await table.getByRole('columnheader', { name: /^Week of / }).count()).toBe(coverage.weeks.length);
    const firstTeacher = coverage.teachers.slice().sort((a, b) => a.name.localeCompare(b.name))[0]!;
    const cells = await table.getByRole('row', { name: new RegExp(`^${firstTeacher.name}`) }).locator('td.heat').allTextContents();
    expect(cells.map(Number)).toEqual(firstTeacher.perWeek);
    expect(await table.getByText(`Not visited in ${coverage.unvisitedDays} days`).count()).toBe(flagged.length);
    const needs = page.getByRole('region', { name: 'Needs a visit' });
    for (const t of flagged) await needs.getByRole('link', { name: t.name }).waitFor();

    // Sorted by last visit, the longest-unvisited teacher comes first.
    await page.getByLabel('Sort teachers by').selectOption('last');
    const longest = coverage.teachers.slice().sort((a, b) => (a.lastVisitAt ?? '').localeCompare(b.lastVisitAt ?? ''))[0]!;
    await page.waitForURL((url) => url.search.includes('sort=last'));
    expect(await table.getByRole('rowheader').first().textContent()).toContain(longest.name);

    // Observers are counted too.
    const observers = page.getByRole('table', { name: 'Visits made by each observer this term' });
    for (const o of coverage.observers) await observers.getByRole('row', { name: new RegExp(o.name) }).waitFor();
    await observers.getByText('(you)').waitFor();
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('coverage-phone.png'), fullPage: true });

    // A stricter threshold flags more teachers (this view only; the school setting stays).
    await page.getByLabel('Flag teachers not visited in (days)').fill('5');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    const strict = await apiGet<Coverage>(page, `/api/coverage?schoolId=${school.id}&days=5`);
    const strictCount = strict.teachers.filter((t) => t.flagged).length;
    await page.getByText(`${strictCount} ${strictCount === 1 ? 'teacher' : 'teachers'} of ${strict.teachers.length} not visited in 5 days`).waitFor();
    expect(await table.getByText('Not visited in 5 days').count()).toBe(strictCount);
    expect((await apiGet<{ unvisitedDays: number }>(page, `/api/schools/${school.id}/visit-settings`)).unvisitedDays).toBe(coverage.unvisitedDays);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('visits: history with filters and "Load more"; the author’s private note, photo and Edit link', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'principal@demo.test');
    const me = await apiGet<MeResponse>(page, '/api/me');
    const school = me.schools[0]!;
    const lookFors = await apiGet<LookFor[]>(page, `/api/schools/${school.id}/look-fors`);
    const plan = await apiGet<Plan>(page, `/api/planner?schoolId=${school.id}&at=${encodeURIComponent(schoolDayMorning(school.timezone))}`);
    const teacher = plan.now[0]!.teacher;
    const visitId = await recordVisit(page, school.id, teacher.id, [lookFors[0]!.id]);

    await clickNav(page, 'Visits');
    await waitForTitle(page, 'Visits');
    await page.getByRole('status').filter({ hasText: '20 visits shown, newest first' }).waitFor();
    const articles = page.getByRole('article');
    expect(await articles.count()).toBe(20);

    // The visit just recorded (among the newest): evidence, look-for, photo, the private note labelled as private, and Edit.
    const ours = articles.filter({ hasText: 'Students explained their strategy to a partner.' });
    await ours.waitFor();
    await ours.getByRole('list', { name: 'Look-fors' }).getByText(lookFors[0]!.name).waitFor();
    await ours.getByText('Private — only you see this').waitFor();
    await ours.getByText('Ask about the seating plan.').waitFor();
    const img = ours.getByRole('img', { name: new RegExp(`^Photo 1 of 1 from the visit to ${teacher.name}`) });
    await img.waitFor();
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    expect(await ours.getByRole('link', { name: /^Edit/ }).getAttribute('href')).toBe(`/visits/new?edit=${visitId}`);
    // Visits by others carry no Edit link and no private note.
    const others = articles.filter({ hasNotText: 'by you' });
    expect(await others.count()).toBeGreaterThan(0);
    expect(await others.getByRole('link', { name: /^Edit/ }).count()).toBe(0);
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);

    // Load more appends the next page.
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByRole('status').filter({ hasText: '40 visits shown' }).waitFor();
    expect(await articles.count()).toBe(40);

    // Filter by teacher: only their visits, and the URL keeps the filter.
    await page.getByLabel('Teacher').selectOption(teacher.id);
    await page.waitForURL((url) => url.searchParams.get('teacher') === teacher.id);
    await page.getByRole('status').filter({ hasText: /^\d+ visits?/ }).waitFor();
    const page1 = await apiGet<{ items: Visit[] }>(page, `/api/visits?schoolId=${school.id}&teacherId=${teacher.id}&limit=20`);
    await page.waitForFunction((n) => document.querySelectorAll('article').length === n, page1.items.length);
    const headings = await page.locator('article h2').allTextContents();
    expect(headings.every((h) => h.startsWith(teacher.name))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();

    // Another leader of the school sees the visit, but not the private note and not Edit.
    const ap = await openPage(browser, PHONE);
    await signIn(ap.page, 'ap@demo.test');
    await ap.page.goto(`/schools/${school.id}/visits?teacher=${teacher.id}`);
    await waitForTitle(ap.page, 'Visits');
    const theirs = ap.page.getByRole('article').filter({ hasText: 'Students explained their strategy to a partner.' });
    await theirs.waitFor();
    expect(await theirs.getByText('Private — only you see this').count()).toBe(0);
    expect(await theirs.getByText('Ask about the seating plan.').count()).toBe(0);
    expect(await theirs.getByRole('link', { name: /^Edit/ }).count()).toBe(0);
    expect(ap.problems).toEqual([]);
    await ap.context.close();
  });
});
