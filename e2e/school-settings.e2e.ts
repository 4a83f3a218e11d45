import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '../schemas/auth';
import type { LookFor } from '../schemas/visits';
import { apiGet, baseURL, checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';

interface Settings {
  evaluativeWords: string[];
  unvisitedDays: number;
}

describe('school settings', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a principal adds a look-for, moves it up, retires and restores it, and edits the visit settings', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'principal@demo.test');
    const me = await apiGet<MeResponse>(page, '/api/me');
    const school = me.schools[0]!;
    const before = await apiGet<Settings>(page, `/api/schools/${school.id}/visit-settings`);

    await clickNav(page, 'Settings');
    await waitForTitle(page, 'School settings');
    const section = page.getByRole('region', { name: 'Look-fors' });
    await section.getByText('Student discourse', { exact: true }).waitFor();
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);

    // Add: it appears at the end of the list, on the page and through the API.
    await page.getByLabel('Look-for name').fill('Student goal-setting');
    await page.getByLabel('Description (optional)').fill('Students name their next step.');
    await page.getByRole('button', { name: 'Add look-for' }).click();
    await section.getByText('Added “Student goal-setting”.').waitFor();
    await section.getByText('Student goal-setting', { exact: true }).waitFor();
    const names = () => section.locator('ol.look-for-list .look-for-name').allTextContents();
    expect((await names()).at(-1)).toBe('Student goal-setting');
    const added = (await apiGet<LookFor[]>(page, `/api/schools/${school.id}/look-fors`)).find((l) => l.name === 'Student goal-setting');
    expect(added?.active).toBe(true);

    // The same name again is refused next to the field, and nothing is added.
    await page.getByLabel('Look-for name').fill('student goal-setting');
    await page.getByRole('button', { name: 'Add look-for' }).click();
    await section.getByText('This school already has a look-for with that name').waitFor();
    expect(await page.getByLabel('Look-for name').getAttribute('aria-invalid')).toBe('true');

    // Move up one place: the order changes and focus stays on the moved look-for's button.
    const count = (await names()).length;
    await section.getByRole('button', { name: 'Move “Student goal-setting” up' }).click();
    await expect.poll(async () => (await names()).indexOf('Student goal-setting')).toBe(count - 2);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Move “Student goal-setting” up');
    const order = (await apiGet<LookFor[]>(page, `/api/schools/${school.id}/look-fors`)).filter((l) => l.active).map((l) => l.name);
    expect(order).toEqual(await names());

    // Retire, then restore.
    await section.getByRole('button', { name: 'Retire “Student goal-setting”' }).click();
    await section.getByRole('button', { name: 'Restore “Student goal-setting”' }).waitFor();
    expect((await names()).includes('Student goal-setting')).toBe(false);
    await section.getByRole('button', { name: 'Restore “Student goal-setting”' }).click();
    await section.getByRole('button', { name: 'Retire “Student goal-setting”' }).waitFor();

    // Visit settings: one word per line and the days before a teacher is flagged.
    const words = page.getByLabel('Evaluative words (one per line)');
    await words.fill(`${before.evaluativeWords.join('\n')}\n  Super  \n\n`);
    const days = page.getByRole('region', { name: 'Visit settings' }).getByLabel('Flag teachers not visited in (days)');
    await days.fill('10');
    await page.getByRole('button', { name: 'Save visit settings' }).click();
    await page.getByText('Visit settings saved.').waitFor();
    const saved = await apiGet<Settings>(page, `/api/schools/${school.id}/visit-settings`);
    expect(saved.unvisitedDays).toBe(10);
    expect(saved.evaluativeWords).toEqual([...before.evaluativeWords, 'super']);
    expect(problems).toEqual([]);

    // Leave the school as it was for other tests: retire the new look-for, restore the settings.
    const headers = { origin: baseURL() };
    expect((await page.request.patch(`/api/schools/${school.id}/look-fors/${added!.id}`, { headers, data: { active: false } })).status()).toBe(200);
    expect((await page.request.put(`/api/schools/${school.id}/visit-settings`, { headers, data: before })).status()).toBe(200);
    await context.close();
  });

  test('an assistant principal edits look-fors but only reads the visit settings; a coach is told the page is not for them', async () => {
    const ap = await openPage(browser, PHONE);
    await signIn(ap.page, 'ap@demo.test');
    const school = (await apiGet<MeResponse>(ap.page, '/api/me')).schools[0]!;
    await ap.page.goto(`/schools/${school.id}/settings`);
    await waitForTitle(ap.page, 'School settings');
    await ap.page.getByRole('button', { name: 'Add look-for' }).waitFor();
    await ap.page.getByText('Only the principal changes these settings.').waitFor();
    expect(await ap.page.getByLabel('Evaluative words (one per line)').getAttribute('readonly')).not.toBeNull();
    expect(await ap.page.getByRole('button', { name: 'Save visit settings' }).count()).toBe(0);
    await checkAccessibleBasics(ap.page);
    await ap.context.close();

    const coach = await openPage(browser, PHONE);
    await signIn(coach.page, 'coach@demo.test');
    const coachSchool = (await apiGet<MeResponse>(coach.page, '/api/me')).schools[0]!;
    await coach.page.goto(`/schools/${coachSchool.id}/settings`);
    await waitForTitle(coach.page, 'School settings');
    await coach.page.getByText('This page is not for your role').waitFor();
    await coach.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'More' }).click();
    expect(await coach.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await coach.context.close();
  });
});
