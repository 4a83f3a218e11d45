import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import type { ResultGrid } from '../schemas/assessments';
import type { MeResponse } from '../schemas/auth';
import type { GoalSummary } from '../schemas/goals';
import { apiGet, checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

type Grid = z.infer<typeof ResultGrid>;
type Goal = z.infer<typeof GoalSummary>;

describe('assessments and goals', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a teacher enters the scores of a class of 25 by keyboard on a phone; the principal sees the goal’s chart update', async () => {
    // The principal has the grade 3 reading goal open before the exit ticket is recorded.
    const leader = await openPage(browser, PHONE);
    await signIn(leader.page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(leader.page, '/api/me')).schools[0]!;
    const goals = await apiGet<Goal[]>(leader.page, `/api/schools/${school.id}/goals`);
    const goal = goals.find((g) => g.measure.standard === 'Reading' && g.measure.grade === '03')!;
    expect(goal, 'the demo school has a grade 3 reading goal').toBeTruthy();
    await clickNav(leader.page, 'Goals');
    await waitForTitle(leader.page, 'Vision and goals');
    await leader.page.getByRole('link', { name: goal.title }).click();
    await waitForTitle(leader.page, goal.title);
    const chart = leader.page.locator('.chart-canvas[role="img"]');
    await leader.page.locator('.chart-canvas svg').waitFor();
    const chartBefore = await chart.getAttribute('aria-label');
    const pointsBefore = await leader.page.getByRole('table', { name: /Progress per assessment date/ }).locator('tbody tr').count();

    const { page, problems } = await openPage(browser, PHONE);
    await signIn(page, 'teacher@demo.test');

    // A new exit ticket for one of her grade 3 literacy classes, tagged "Reading" like the demo grade 3 goal.
    await clickNav(page, 'Assessments');
    await waitForTitle(page, 'Assessments');
    await page.getByLabel('Name', { exact: true }).fill('Exit ticket: main idea (e2e)');
    const today = await page.getByLabel('Date given').inputValue();
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const literacy = page.getByRole('checkbox', { name: /Grade 3 Literacy/ }).first();
    await literacy.check();
    await page.getByLabel('Standards', { exact: true }).fill('Reading, RL.3.2');
    expect(await page.getByLabel('Scale').inputValue()).toBe('rubric');
    await page.getByRole('button', { name: 'Create and enter scores' }).click();
    await waitForTitle(page, 'Exit ticket: main idea (e2e)');
    const assessmentId = new URL(page.url()).pathname.split('/').pop()!;
    const path = `/api/schools/${school.id}/assessments/${assessmentId}/results`;
    const before = await apiGet<Grid>(page, path);
    expect(before.students.length, 'the demo class has 25 students').toBe(25);
    expect(before.students.every((s) => s.score === null)).toBe(true);

    // Keyboard only: type a score, Enter, the next score, Enter… then Tab to "Save results" and press Enter.
    const scores = before.students.map((_, i) => ((i * 7) % 4) + 1);
    await page.getByLabel(before.students[0]!.name, { exact: true }).focus();
    for (const [i, score] of scores.entries()) {
      await page.keyboard.type(String(score));
      if (i < scores.length - 1) await page.keyboard.press('Enter');
    }
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save results');
    await page.keyboard.press('Enter');
    await page.getByText(`Saved: ${scores.length} scores recorded.`).waitFor();
    const after = await apiGet<Grid>(page, path);
    expect(after.students.map((s) => s.score)).toEqual(scores);
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.getByLabel(before.students[0]!.name, { exact: true }).focus();
    await page.screenshot({ path: screenshotPath('assessment-grid-phone.png') });

    // A CSV with one bad cell is rejected as a whole, naming the line and the column.
    const [first, second] = after.students;
    const csv = `sourcedId,score\n${first!.sourcedId},2\n${second!.sourcedId},lots\n`;
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'ticket.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import file' }).click();
    const problemsTable = page.getByRole('table', { name: /Problems in the file/ });
    await problemsTable.waitFor();
    const row = await problemsTable.locator('tbody tr').first().locator('td').allTextContents();
    expect(row.slice(0, 3)).toEqual(['ticket.csv', '3', 'score']);
    expect(row[3]).toContain('"lots" is not a number');
    await page.getByText(/The file was not imported/).waitFor();
    expect((await apiGet<Grid>(page, path)).students.map((s) => s.score), 'nothing changed').toEqual(scores);

    // Pasting a column from a spreadsheet into one cell fills that row and the rows below (not saved here).
    await page.getByLabel(after.students[1]!.name, { exact: true }).evaluate((input) => {
      const data = new DataTransfer();
      data.setData('text/plain', '4\t\n4\n4\n');
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    const pasted = await Promise.all(after.students.slice(0, 5).map((s) => page.getByLabel(s.name, { exact: true }).inputValue()));
    expect(pasted).toEqual([String(scores[0]), '4', '4', '4', String(scores[4])]);
    expect(problems).toEqual([]);

    // The principal's goal page, reloaded: a new point for today in the table and in the chart's line.
    await leader.page.reload();
    await waitForTitle(leader.page, goal.title);
    const progress = leader.page.getByRole('table', { name: /Progress per assessment date/ });
    const dated = progress.getByRole('row', { name: new RegExp(`^${today}`) });
    await dated.waitFor();
    const share = (100 * scores.filter((x) => x >= 3).length) / scores.length;
    expect(await dated.locator('td').allTextContents()).toEqual(['25', `${Math.round(share * 10) / 10}%`]);
    expect(await progress.locator('tbody tr').count()).toBe(pointsBefore + 1);
    await leader.page.locator('.chart-canvas svg').waitFor();
    const chartAfter = await chart.getAttribute('aria-label');
    expect(chartAfter).not.toBe(chartBefore);
    expect(chartAfter).toContain(`Latest: ${Math.round(share * 10) / 10}% on ${today}`);
    await checkAccessibleBasics(leader.page);
    await checkNoHorizontalScroll(leader.page);
    await leader.page.getByRole('table', { name: /Visits with each linked look-for/ }).waitFor();
    await leader.page.screenshot({ path: screenshotPath('goal-progress-phone.png'), fullPage: true });
    expect(leader.problems).toEqual([]);
  });
});
