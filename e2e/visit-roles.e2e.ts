import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '../schemas/auth';
import { apiGet, checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';

interface DistrictCoverage {
  schools: { id: string; name: string; teachers: number; visitsThisTerm: number }[];
}

describe('visit pages and roles', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a teacher is not offered the leaders’ pages, and a direct address says they are not for their role', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'teacher@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Visits', 'Planner', 'Coverage', 'Habit', 'Settings']) expect(await nav.getByRole('link', { name, exact: true }).count()).toBe(0);
    // "More" holds only what a teacher works with, in two groups: learning (assessments and goals, curriculum,
    // their own evaluation, coaching, learning from colleagues) and leadership (decisions, the plan, teams, culture).
    await nav.getByRole('button', { name: 'More' }).click();
    expect(await nav.locator('.nav-more .more-heading').allTextContents()).toEqual(['Learning', 'Leadership']);
    expect(await nav.locator('.nav-more .more-menu').getByRole('link').allTextContents()).toEqual([
      'Assessments',
      'Goals',
      'Curriculum',
      'My evaluation',
      'Coaching',
      'Learn from colleagues',
      'Decisions',
      'Work plan',
      'Teams',
      'Culture',
    ]);
    await page.keyboard.press('Escape');

    const pages: [string, string][] = [
      [`/schools/${school.id}/planner`, 'Who should I visit next?'],
      [`/schools/${school.id}/coverage`, 'Coverage'],
      [`/schools/${school.id}/visits`, 'Visits'],
      [`/schools/${school.id}/settings`, 'School settings'],
      ['/habit', 'Visit habit'],
      ['/district/coverage', 'District coverage'],
    ];
    for (const [path, title] of pages) {
      await page.goto(path);
      await waitForTitle(page, title);
      await page.getByRole('alert').filter({ hasText: 'This page is not for your role' }).waitFor();
      await checkAccessibleBasics(page);
      await checkNoHorizontalScroll(page);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a district leader sees coverage counts per school, and no names', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'district@demo.test');
    const data = await apiGet<DistrictCoverage>(page, '/api/district/coverage');
    await clickNav(page, 'Coverage');
    await waitForTitle(page, 'District coverage');
    const table = page.getByRole('table', { name: 'Classroom visits per school' });
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBe(data.schools.length + 1);
    for (const s of data.schools) {
      const row = table.getByRole('row', { name: new RegExp(s.name) });
      expect(await row.getByRole('cell').first().textContent()).toBe(String(s.teachers));
    }
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);

    // A school's own planner is for its leaders, not the district.
    await page.goto(`/schools/${data.schools[0]!.id}/planner`);
    await waitForTitle(page, 'Who should I visit next?');
    await page.getByText('This page is not for your role').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
