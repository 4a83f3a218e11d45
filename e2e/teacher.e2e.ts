import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '../schemas/auth';
import type { ClassSummary, StaffMember } from '../schemas/people';
import { apiGet, checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { screenshotPath } from './support/screenshots';

describe('teacher', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('sees only their own classes and their own schedule', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'teacher@demo.test');
    const me = await apiGet<MeResponse>(page, '/api/me');
    const school = me.schools[0]!;
    const own = await apiGet<ClassSummary[]>(page, `/api/schools/${school.id}/classes`);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((c) => c.teachers.some((t) => t.id === me.user.id))).toBe(true);

    // Home: today's schedule (or what comes next) and their classes.
    await waitForTitle(page, 'Hello, Grace');
    await page.getByRole('heading', { level: 2, name: 'Today’s schedule' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'My classes' }).waitFor();
    const cards = page.locator('.class-card');
    expect(await cards.count()).toBe(own.length);
    const titles = await page.locator('.class-card h3').allTextContents();
    expect(titles.sort()).toEqual(own.map((c) => c.title).sort());
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('teacher-home-phone.png'), fullPage: true });

    // "My classes" lists exactly the same classes.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'My classes' }).click();
    await waitForTitle(page, 'My classes');
    await page.getByRole('status').filter({ hasText: `${own.length} classes` }).waitFor();
    expect((await page.locator('.class-card h3').allTextContents()).sort()).toEqual(own.map((c) => c.title).sort());

    // "My week": every meeting on the grid belongs to one of their classes.
    await nav.getByRole('link', { name: 'My week' }).click();
    await waitForTitle(page, 'My week');
    const slotTitles = await page.locator('.week .slot-title').allTextContents();
    const meetings = own.reduce((n, c) => n + c.meetings.length, 0);
    expect(slotTitles.length).toBe(meetings);
    expect(slotTitles.every((t) => own.some((c) => c.title === t))).toBe(true);
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);

    // Another teacher's schedule is not theirs to see: the page says so.
    const staff = await apiGet<StaffMember[]>(page, `/api/schools/${school.id}/staff?role=teacher`);
    const other = staff.find((p) => p.id !== me.user.id)!;
    await page.goto(`/schools/${school.id}/teachers/${other.id}`);
    await page.getByRole('alert').filter({ hasText: 'not found' }).waitFor();
    expect(await page.locator('h1').count()).toBe(1);

    // In the staff directory, colleagues are listed but their schedules are not linked.
    await page.goto(`/schools/${school.id}/staff`);
    await waitForTitle(page, 'Staff');
    await page.getByText(other.name, { exact: true }).waitFor();
    expect(await page.getByRole('main').getByRole('link', { name: other.name, exact: true }).count()).toBe(0);
    await page.getByRole('main').getByRole('link', { name: me.user.name, exact: true }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
