import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '../schemas/auth';
import {
  apiGet,
  checkAccessibleBasics,
  checkNoHorizontalScroll,
  launchBrowser,
  openPage,
  PHONE,
  signIn,
  waitForTitle,
} from './support/browser';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

interface Summary {
  name: string;
  counts: { staff: number; teachers: number; students: number; classes: number };
}

describe('principal on a phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('signs in at 375 px and sees the school, its teachers and its classes', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'principal@demo.test');
    const me = await apiGet<MeResponse>(page, '/api/me');
    const school = me.schools[0]!;
    const summary = await apiGet<Summary>(page, `/api/schools/${school.id}`);
    expect(summary.counts.teachers).toBeGreaterThan(0);

    // Home: the school overview with its counts, linking to teachers and classes.
    await waitForTitle(page, school.name);
    const main = page.getByRole('main');
    await main.getByRole('link', { name: `${summary.counts.teachers} Teachers` }).waitFor();
    await main.getByRole('link', { name: `${summary.counts.classes} Classes` }).waitFor();
    await main.getByText(`${summary.counts.students}`, { exact: true }).waitFor();
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(1);
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('principal-home-phone.png'), fullPage: true });

    // Teachers: the staff directory filtered to teachers, each linking to their week.
    await main.getByRole('link', { name: `${summary.counts.teachers} Teachers` }).click();
    await waitForTitle(page, 'Staff');
    await page.getByRole('status').filter({ hasText: `${summary.counts.teachers} people` }).waitFor();
    expect(await page.getByLabel('Role').inputValue()).toBe('teacher');
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('principal-staff-phone.png'), fullPage: true });

    // Search as you type narrows the list; the teacher's name opens their weekly schedule.
    await page.getByLabel('Search by name or email').fill('nakam');
    await page.getByRole('status').filter({ hasText: /^1 person/ }).waitFor();
    await page.getByRole('link', { name: 'Grace Nakamura' }).click();
    await waitForTitle(page, 'Grace Nakamura');
    await page.getByRole('heading', { level: 2, name: 'Weekly schedule' }).waitFor();
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
      await page.getByRole('heading', { level: 3, name: new RegExp(`^${day}`) }).waitFor();
    }
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('teacher-week-phone.png'), fullPage: false });

    // Classes: every class of the school, then one class with its roster.
    await clickNav(page, 'Classes');
    await waitForTitle(page, 'Classes');
    await page.getByRole('status').filter({ hasText: `${summary.counts.classes} classes` }).waitFor();
    const classes = await apiGet<{ title: string; teachers: { name: string }[] }[]>(page, `/api/schools/${school.id}/classes`);
    const hers = classes.filter((c) => c.teachers.some((t) => t.name === 'Grace Nakamura'));
    await page.getByLabel('Filter by class, teacher, subject or room').fill('nakamura');
    await page.getByRole('status').filter({ hasText: `${hers.length} classes of ${classes.length}` }).waitFor();
    expect((await page.locator('.class-card h3').allTextContents()).sort()).toEqual(hers.map((c) => c.title).sort());
    await page.getByRole('link', { name: 'Grade 3 Math — Nakamura' }).click();
    await waitForTitle(page, 'Grade 3 Math — Nakamura');
    const rows = page.getByRole('table').getByRole('row');
    expect(await rows.count()).toBeGreaterThan(10);
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('keyboard: the first Tab reaches the skip link, which moves to the main content', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'principal@demo.test');
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    // The focused element is visibly marked.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(problems).toEqual([]);
    await context.close();
  });
});
