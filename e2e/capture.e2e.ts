import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Coverage, Plan } from '../schemas/planner';
import type { Visit } from '../schemas/visits';
import { baseURL, apiGet, checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, signIn, waitForTitle } from './support/browser';
import { captureSetup, myVisits, openPhone, syncStatus, tapCounter } from './support/capture';
import { screenshotPath } from './support/screenshots';

describe('visit capture on a phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('from the home page, a visit with one line of evidence and two look-fors takes at most 5 taps and reaches coverage', async () => {
    const { page, problems, context } = await openPhone(browser);
    await signIn(page, 'principal@demo.test');
    const setup = await captureSetup(page);
    expect(setup.plan.now.length, 'the planner suggests someone teaching now').toBeGreaterThan(0);
    const before = new Set((await myVisits(page, setup)).map((v) => v.id));

    await waitForTitle(page, setup.school.name);
    const newVisit = page.getByRole('main').getByRole('link', { name: 'New visit' });
    if (setup.at) {
      // Out of school hours: the same link, pre-filling for 10:00 of the latest school day (the page's `at`).
      await newVisit.evaluate((a, at) => ((a as HTMLAnchorElement).href += `&at=${encodeURIComponent(at)}`), setup.at);
    }
    const taps = tapCounter();
    const started = Date.now();
    await taps.tap(newVisit); // 1
    await page.waitForURL((url) => url.pathname === '/visits/new');
    await waitForTitle(page, 'New visit');

    // Pre-filled from the planner: its top suggestion teaching now, and their class. (The planner is asked again
    // now, in case a period changed between the two questions.)
    const teacher = page.getByRole('combobox', { name: 'Teacher' });
    await expect.poll(() => teacher.inputValue()).not.toBe('');
    const planNow = setup.at ? setup.plan : await apiGet<Plan>(page, `/api/planner?schoolId=${setup.school.id}`);
    const teacherName = await teacher.inputValue();
    const classId = await page.getByLabel('Class', { exact: true }).inputValue();
    const suggested = [setup.plan.now[0], planNow.now[0]].find((s) => s?.teacher.name === teacherName && s.class.id === classId);
    expect(suggested, `${teacherName} is the planner's top suggestion teaching now`).toBeDefined();

    const evidence = '18 of 24 students wrote a claim; T: "Great thinking, who can add on?"';
    await taps.tap(page.getByLabel('Evidence')); // 2
    await page.keyboard.type(evidence);
    const [first, second] = setup.lookFors;
    await taps.tap(page.getByRole('button', { name: first!.name })); // 3
    await taps.tap(page.getByRole('button', { name: second!.name })); // 4
    expect(await page.getByRole('button', { name: first!.name }).getAttribute('aria-pressed')).toBe('true');
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('capture-phone.png'), fullPage: false });
    await taps.tap(page.getByRole('button', { name: 'Save visit' })); // 5

    await page.getByRole('heading', { name: 'Visit saved' }).waitFor();
    await page.getByRole('main').getByRole('status').filter({ hasText: /^Sent to Rounds/ }).waitFor();
    const seconds = (Date.now() - started) / 1000;
    expect(taps.count).toBeLessThanOrEqual(5);
    expect(seconds, 'seconds from "New visit" to saved on the server').toBeLessThan(30);
    await syncStatus(page).filter({ hasText: 'All visits sent' }).waitFor();

    // Exactly one new visit on the server, as captured.
    const added = (await myVisits(page, setup)).filter((v) => !before.has(v.id));
    expect(added).toHaveLength(1);
    const visit = added[0]!;
    expect(visit).toMatchObject({ teacher: { id: suggested!.teacher.id }, class: { id: suggested!.class.id }, evidence });
    expect(visit.tags.map((t) => t.id).sort()).toEqual([first!.id, second!.id].sort());
    expect(visit.durationMinutes).toBeGreaterThanOrEqual(1);

    // Coverage counts it: the teacher's last visit is this one, and it is one of the principal's visits today.
    const coverage = await apiGet<Coverage>(page, `/api/coverage?schoolId=${setup.school.id}`);
    expect(coverage.teachers.find((t) => t.id === suggested!.teacher.id)?.lastVisitAt).toBe(visit.startedAt);
    expect(coverage.observers.find((o) => o.id === setup.me.user.id)?.today).toBeGreaterThanOrEqual(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the low-inference helper points out evaluative words (not quotes), and the picker works from the keyboard', async () => {
    const { page, problems, context } = await openPhone(browser);
    await signIn(page, 'principal@demo.test');
    const setup = await captureSetup(page);
    await page.goto('/visits/new');
    await waitForTitle(page, 'New visit');

    await page.getByLabel('Evidence').fill('Great lesson, students were engaged. T: "Good job, you should be proud."');
    const helper = page.locator('.helper');
    await helper.getByText('describes a judgement — what did you see or hear?').first().waitFor();
    expect(await helper.locator('mark').allTextContents()).toEqual(['great', 'engaged']);
    expect(await helper.getAttribute('aria-live')).toBe('polite');

    const teachers = await apiGet<{ id: string; name: string }[]>(page, `/api/schools/${setup.school.id}/staff?role=teacher`);
    const target = teachers[teachers.length - 1]!;
    const picker = page.getByRole('combobox', { name: 'Teacher' });
    await picker.focus();
    await page.keyboard.type(target.name.split(' ')[1]!.slice(0, 4));
    expect(await picker.getAttribute('aria-expanded')).toBe('true');
    const options = page.getByRole('listbox', { name: 'Teachers' }).getByRole('option');
    expect(await options.allTextContents()).toContainEqual(expect.stringContaining(target.name));
    const index = (await options.allTextContents()).findIndex((t) => t.startsWith(target.name));
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await picker.inputValue()).toBe(target.name);
    expect(await picker.getAttribute('aria-expanded')).toBe('false');

    // The private note sits behind a disclosure and says who sees it.
    await page.getByRole('button', { name: /Private note/ }).click();
    await page.getByLabel('Private note').fill('Ask about the seating chart.');
    await page.getByText('Private — only you will ever see this').waitFor();

    // Nothing to save without a teacher or without evidence: the errors say what to fix.
    await page.getByLabel('Evidence').fill('');
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page.getByRole('alert').filter({ hasText: 'Write what you saw or heard, or tag a look-for.' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('an edit that meets a newer version from another device shows both and lets the author keep theirs', async () => {
    const a = await openPhone(browser);
    const b = await openPhone(browser);
    await signIn(a.page, 'principal@demo.test');
    await signIn(b.page, 'principal@demo.test');
    const setup = await captureSetup(a.page);
    const visit = await recordVisit(a.page, setup.school.id, setup.plan.now[0]!.teacher.id, 'Students turned and talked for 3 minutes.');

    // Both devices open the visit at version 1.
    for (const { page } of [a, b]) {
      await page.goto(`/visits/new?edit=${visit.id}`);
      await waitForTitle(page, 'Edit visit');
      expect(await page.getByLabel('Evidence').inputValue()).toBe('Students turned and talked for 3 minutes.');
    }
    await a.page.getByLabel('Evidence').fill('Version from the laptop: 12 of 20 pairs talked about the text.');
    await a.page.getByRole('button', { name: 'Save changes' }).click();
    await a.page.getByRole('main').getByRole('status').filter({ hasText: /^Sent to Rounds/ }).waitFor();

    await b.page.getByLabel('Evidence').fill('Version from the phone: every pair talked; two used sentence frames.');
    await b.page.getByRole('button', { name: 'Save changes' }).click();
    await b.page.getByRole('heading', { name: 'This visit was changed on another device' }).waitFor();
    const compare = b.page.locator('.compare');
    await compare.getByText('Version from the phone: every pair talked; two used sentence frames.').waitFor();
    await compare.getByText('Version from the laptop: 12 of 20 pairs talked about the text.').waitFor();
    await syncStatus(b.page).filter({ hasText: '1 edit conflict — review' }).waitFor();
    expect((await apiGet<Visit>(b.page, `/api/visits/${visit.id}`)).evidence).toContain('laptop'); // nothing overwritten
    await checkNoHorizontalScroll(b.page);
    await b.page.screenshot({ path: screenshotPath('capture-conflict-phone.png'), fullPage: true });

    await b.page.getByRole('button', { name: 'Keep my version' }).click();
    await b.page.getByRole('main').getByRole('status').filter({ hasText: /^Sent to Rounds/ }).waitFor();
    const saved = await apiGet<Visit>(b.page, `/api/visits/${visit.id}`);
    expect(saved.evidence).toBe('Version from the phone: every pair talked; two used sentence frames.');
    expect(saved.version).toBe(3);

    // The other way out: the laptop, now behind, takes the saved version; its own change is dropped, by choice.
    await a.page.goto(`/visits/new?edit=${visit.id}`);
    await waitForTitle(a.page, 'Edit visit');
    await b.page.getByRole('link', { name: 'Edit this visit' }).click();
    await waitForTitle(b.page, 'Edit visit');
    await b.page.getByLabel('Evidence').fill('Third version, from the phone.');
    await b.page.getByRole('button', { name: 'Save changes' }).click();
    await b.page.getByRole('main').getByRole('status').filter({ hasText: /^Sent to Rounds/ }).waitFor();
    await a.page.getByLabel('Evidence').fill('A late change from the laptop.');
    await a.page.getByRole('button', { name: 'Save changes' }).click();
    await a.page.getByRole('button', { name: 'Use the saved version' }).click();
    await a.page.getByRole('heading', { name: 'Saved version kept' }).waitFor();
    await syncStatus(a.page).filter({ hasText: /All visits sent|Nothing waiting/ }).waitFor();
    expect((await apiGet<Visit>(a.page, `/api/visits/${visit.id}`)).evidence).toBe('Third version, from the phone.');
    expect([...a.problems, ...b.problems]).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});

/** Records a visit through the API (as a device would), for tests that start from an existing visit. */
async function recordVisit(page: Page, schoolId: string, teacherId: string, evidence: string): Promise<Visit> {
  const response = await page.request.post('/api/visits', {
    headers: { origin: baseURL() },
    data: { id: crypto.randomUUID(), schoolId, teacherId, startedAt: new Date(Date.now() - 15 * 60_000).toISOString(), durationMinutes: 10, evidence, tags: [] },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as Visit;
}
