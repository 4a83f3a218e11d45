import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '../schemas/auth';
import { apiGet, checkAccessibleBasics, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';

describe('coach in two schools', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('switches between their schools; the choice follows them to the staff page and is remembered', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'coach@demo.test');
    const me = await apiGet<MeResponse>(page, '/api/me');
    expect(me.schools.length).toBe(2);
    const [first, second] = me.schools as [MeResponse['schools'][number], MeResponse['schools'][number]];

    await waitForTitle(page, first.name);
    const switcher = page.getByRole('combobox', { name: 'School' });
    expect(await switcher.inputValue()).toBe(first.id);
    await switcher.selectOption(second.id);
    await page.getByRole('button', { name: 'Switch' }).click();
    await waitForTitle(page, second.name);
    await checkAccessibleBasics(page);

    // The staff directory of the second school, then straight to the first school's directory.
    await clickNav(page, 'Staff');
    await waitForTitle(page, 'Staff');
    expect(page.url()).toContain(`/schools/${second.id}/staff`);
    await page.getByRole('combobox', { name: 'School' }).selectOption(first.id);
    await page.getByRole('button', { name: 'Switch' }).click();
    await page.waitForURL((url) => url.pathname === `/schools/${first.id}/staff`);
    await waitForTitle(page, 'Staff');

    // Home remembers the last school.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await waitForTitle(page, first.name);
    expect(problems).toEqual([]);
    await context.close();
  });
});
