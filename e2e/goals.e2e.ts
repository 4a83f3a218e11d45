import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import type { MeResponse } from '../schemas/auth';
import type { GoalSummary, Vision } from '../schemas/goals';
import { apiGet, checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

type Goal = z.infer<typeof GoalSummary>;

describe('vision and goals', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('the principal edits the vision, adds a goal (a bad target is refused inline, nothing saved), changes it and deletes it', async () => {
    const { page, problems } = await openPage(browser, PHONE);
    await signIn(page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;
    await clickNav(page, 'Goals');
    await waitForTitle(page, 'Vision and goals');

    // The vision and one action statement, by keyboard from the "Edit vision" button.
    const visionText = `Every Maple Grove student reads, writes and reasons at grade level (e2e ${Date.now()}).`;
    await page.getByRole('button', { name: 'Edit vision' }).click();
    const visionForm = page.getByRole('form', { name: 'Edit the vision' });
    await visionForm.getByLabel('Vision for teaching and learning').fill(visionText);
    await visionForm.getByLabel('Principals', { exact: true }).fill('We visit every classroom every week and share what we see.');
    await visionForm.getByLabel('Principals', { exact: true }).press('Tab');
    await checkAccessibleBasics(page);
    await visionForm.getByRole('button', { name: 'Save vision' }).click();
    await page.getByText('Vision saved.').waitFor();
    await page.getByText(visionText).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Edit vision');
    const vision = await apiGet<Vision>(page, `/api/schools/${school.id}/vision`);
    expect(vision.vision).toBe(visionText);
    expect(vision.actions.principals).toBe('We visit every classroom every week and share what we see.');
    expect(vision.actions.teachers, 'the other statements are kept').not.toBe('');

    // A goal with a target over 100%: the API's message sits next to the field and nothing is saved.
    const title = `Grade 4 writers at the proficiency cut (e2e ${Date.now()})`;
    await page.getByRole('button', { name: 'Add a goal' }).click();
    const form = page.getByRole('form', { name: 'New goal' });
    await form.getByLabel('Goal', { exact: true }).fill(title);
    await form.getByLabel('Standard or assessment series').fill('Writing');
    await form.getByLabel('Students counted').selectOption('04');
    await form.getByRole('radio', { name: 'a percent of the maximum score' }).check();
    await form.getByLabel('Threshold (% of the maximum score)').fill('75');
    await form.getByLabel('Baseline (%)').fill('35');
    await form.getByLabel('Target (%)').fill('150');
    await form.getByLabel('Target date').fill('2027-05-28');
    const lookFor = form.getByRole('checkbox').first();
    const lookForName = (await lookFor.locator('xpath=..').textContent())!.trim();
    await lookFor.check();
    await form.getByRole('button', { name: 'Add goal' }).click();
    const target = form.getByLabel('Target (%)');
    await form.getByText('Up to 100').waitFor();
    expect(await target.getAttribute('aria-invalid')).toBe('true');
    const described = (await target.getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`[id="${described.at(-1)}"]`).textContent()).toContain('Up to 100');
    await form.getByText('Check the fields marked above. Nothing was saved.').waitFor();
    expect((await apiGet<Goal[]>(page, `/api/schools/${school.id}/goals`)).some((g) => g.title === title)).toBe(false);
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('goal-form-error-phone.png'), fullPage: true });

    // Fixed, it is added and listed with its measure.
    await target.fill('70');
    await form.getByRole('button', { name: 'Add goal' }).click();
    await page.getByText(`Goal “${title}” added.`).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: title }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('Share of grade 4 students at or above 75% of the maximum score on assessments tagged “Writing”.');
    expect(await card.textContent()).toContain('target 70% by 2027-05-28');
    const saved = (await apiGet<Goal[]>(page, `/api/schools/${school.id}/goals`)).find((g) => g.title === title)!;
    expect(saved).toMatchObject({ measure: { standard: 'Writing', grade: '04', thresholdPercent: 75 }, baselinePercent: 35, targetPercent: 70, targetDate: '2027-05-28' });
    expect(saved.lookFors.map((l) => l.name)).toEqual([lookForName]);

    // On its page: change the target, then delete it after a confirmation that says it cannot be undone.
    await card.getByRole('link', { name: title }).click();
    await waitForTitle(page, title);
    await page.getByRole('button', { name: 'Change goal' }).click();
    const change = page.getByRole('form', { name: 'Change this goal' });
    expect(await change.getByLabel('Target (%)').inputValue()).toBe('70');
    await change.getByLabel('Target (%)').fill('80');
    await change.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Goal saved.').waitFor();
    await page.getByText('Baseline 35% · target 80% by 2027-05-28').waitFor();
    await page.getByRole('button', { name: 'Delete goal…' }).click();
    const confirm = page.getByRole('group', { name: /This cannot be undone/ });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep it');
    await confirm.getByRole('button', { name: 'Delete goal' }).click();
    await waitForTitle(page, 'Vision and goals');
    await page.getByRole('heading', { name: 'Goals', exact: true }).waitFor();
    expect((await apiGet<Goal[]>(page, `/api/schools/${school.id}/goals`)).some((g) => g.title === title)).toBe(false);
    expect(problems).toEqual([]);
  });

  test('a teacher reads the vision and goals without edit controls', async () => {
    const { page, problems } = await openPage(browser, PHONE);
    await signIn(page, 'teacher@demo.test');
    await clickNav(page, 'Goals');
    await waitForTitle(page, 'Vision and goals');
    await page.getByRole('heading', { name: 'Our vision' }).waitFor();
    await page.getByRole('link').filter({ hasText: 'grade 3' }).first().waitFor();
    expect(await page.getByRole('button', { name: /Edit vision|Add a goal/ }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
