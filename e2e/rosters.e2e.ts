import { zipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkAccessibleBasics, checkNoHorizontalScroll, DESKTOP, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { rosterBundle } from './support/oneroster';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

// Runs last (see vitest.e2e.config.ts): a valid bundle changes the demo district.
describe('roster import', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('only district administrators are offered the page', async () => {
    const { page, context } = await openPage(browser, PHONE);
    await signIn(page, 'principal@demo.test');
    expect(await page.getByRole('link', { name: 'Roster import' }).count()).toBe(0);
    await page.goto('/rosters');
    await waitForTitle(page, 'Roster import');
    await page.getByText('This page is for district administrators').waitFor();
    await context.close();
  });

  test('a bundle with a bad row is rejected with a file/line/column table and changes nothing', async () => {
    const { page, problems, context } = await openPage(browser, DESKTOP);
    await signIn(page, 'admin@demo.test');
    await clickNav(page, 'Roster import');
    await waitForTitle(page, 'Roster import');
    await checkAccessibleBasics(page);

    await page.getByLabel('OneRoster files').setInputFiles(rosterBundle({ badUser: true }));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { level: 2, name: 'The import was rejected' }).waitFor({ timeout: 90_000 });
    const table = page.getByRole('table', { name: /Problems found/ });
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['File', 'Line', 'Column', 'Problem']);
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some(([file, line]) => file === 'users.csv' && line === '3')).toBe(true);
    await page.screenshot({ path: screenshotPath('roster-import-rejected.png'), fullPage: true });
    // Nothing changed: the bundle's school did not appear.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { level: 2, name: 'Schools' }).waitFor();
    expect(await page.getByRole('link', { name: 'Birch Hill Elementary' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a valid bundle is applied: the summary shows counts per kind of record, and the history lists it', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'admin@demo.test');
    await page.goto('/rosters');
    await waitForTitle(page, 'Roster import');

    await page.getByLabel('OneRoster files').setInputFiles(rosterBundle());
    await page.getByRole('button', { name: 'Import' }).click();
    const summary = page.getByRole('region', { name: 'Import applied' });
    await summary.waitFor({ timeout: 90_000 });
    // Generic rendering: each kind of record with its numbers ("created 1" ...).
    await summary.getByRole('heading', { level: 3, name: 'People' }).waitFor();
    const created = await summary.locator('.count-numbers div').evaluateAll((divs) =>
      divs.map((d) => [d.querySelector('dt')?.textContent ?? '', Number(d.querySelector('dd')?.textContent ?? 'NaN')] as const),
    );
    expect(created.some(([key, n]) => key === 'created' && n > 0)).toBe(true);
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('roster-import-applied-phone.png'), fullPage: true });

    // Past imports: the applied one on top, the rejected one from the previous test below it.
    const history = page.getByRole('region', { name: 'Past imports' });
    await history.getByText('Applied').first().waitFor();
    expect(await history.getByText('Rejected').count()).toBeGreaterThan(0);

    // The same bundle again, zipped: accepted, and this time nothing changes.
    const zipped = Buffer.from(zipSync(Object.fromEntries(rosterBundle().map((f) => [f.name, new Uint8Array(f.buffer)]))));
    await page.getByLabel('OneRoster files').setInputFiles({ name: 'oneroster.zip', mimeType: 'application/zip', buffer: zipped });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('region', { name: 'Past imports' }).locator('li').nth(2).waitFor({ timeout: 90_000 });
    const again = await page
      .getByRole('region', { name: 'Import applied' })
      .locator('.count-numbers div')
      .evaluateAll((divs) => divs.map((d) => [d.querySelector('dt')?.textContent ?? '', Number(d.querySelector('dd')?.textContent)] as const));
    expect(again.filter(([key]) => key === 'created').every(([, n]) => n === 0)).toBe(true);
    expect(again.some(([key, n]) => key === 'unchanged' && n > 0)).toBe(true);

    // The new school is now one of the district's schools.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await page.getByRole('link', { name: 'Birch Hill Elementary' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a bundle that would make a third of the rostered people inactive stops for confirmation, and applies when confirmed by keyboard', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'admin@demo.test');
    await page.goto('/rosters');
    await waitForTitle(page, 'Roster import');

    // Ben Rivers left: 1 of the 3 people the roster brought in (33%, over the 10% limit).
    await page.getByLabel('OneRoster files').setInputFiles(rosterBundle({ withoutBen: true }));
    await page.getByRole('button', { name: 'Import' }).click();
    const confirm = page.getByRole('region', { name: 'Confirm before people are made inactive' });
    await confirm.waitFor({ timeout: 90_000 });
    await confirm.getByText('Nothing has been changed yet.').waitFor();
    const table = confirm.getByRole('table', { name: 'By school' });
    const row = await table.locator('tbody tr').first().evaluate((tr) => [...tr.children].map((c) => c.textContent ?? ''));
    expect(row).toEqual(['Birch Hill Elementary', '3', '1', 'Ben Rivers']);
    // The heading takes the focus, so keyboard and screen-reader users land on the report.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-heading');
    await checkNoHorizontalScroll(page);
    await checkAccessibleBasics(page);
    await page.screenshot({ path: screenshotPath('roster-import-confirm-phone.png'), fullPage: true });

    // Nothing was recorded as an import yet.
    const history = page.getByRole('region', { name: 'Past imports' });
    const listed = await history.locator('li').count();

    // Keyboard only: Tab from the report to "Apply anyway" (past the scrollable table) and press Enter.
    const apply = confirm.getByRole('button', { name: 'Apply anyway' });
    for (let i = 0; i < 5 && !(await apply.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await apply.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    const summary = page.getByRole('region', { name: 'Import applied' });
    await summary.waitFor({ timeout: 90_000 });
    const people = summary.locator('li', { has: page.getByRole('heading', { level: 3, name: 'People' }) });
    const numbers = await people.locator('.count-numbers div').evaluateAll((divs) =>
      divs.map((d) => [d.querySelector('dt')?.textContent ?? '', Number(d.querySelector('dd')?.textContent)] as const),
    );
    expect(numbers).toContainEqual(['inactivated', 1]);
    await history.locator('li').nth(listed).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
