import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, openPage, waitForTitle } from './support/browser';

describe('sign-in page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a signed-out visitor is sent to the sign-in page, which is labelled, keyboard-usable and fits a phone', async () => {
    const { page, problems, context } = await openPage(browser);
    await page.goto('/schools/00000000-0000-4000-8000-000000000000/staff');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/schools/00000000-0000-4000-8000-000000000000/staff');
    await waitForTitle(page, 'Sign in');
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    expect(await page.getByRole('banner').count()).toBe(1);

    // Keyboard: tab to the email field, then the password, then the button; Enter submits.
    await page.getByLabel('Email').focus();
    await page.keyboard.type('principal@demo.test');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    await page.keyboard.type('rounds-demo');
    await page.keyboard.press('Enter');
    // Back where the visitor wanted to go; that school is not theirs, so it says so instead of failing silently.
    await page.waitForURL((url) => url.pathname.endsWith('/staff'));
    await page.getByRole('alert').filter({ hasText: 'not found' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a wrong password shows the message inline, announced, and keeps the user on the form', async () => {
    const { page, problems, context } = await openPage(browser);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('ap@demo.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'do not match an account' });
    await alert.waitFor();
    // The message sits in the form (role=alert is an assertive live region), next to the fields.
    expect(await alert.evaluate((el) => el.closest('form') !== null)).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByLabel('Email').inputValue()).toBe('ap@demo.test');
    await checkAccessibleBasics(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('empty fields get their own inline messages, tied to the inputs', async () => {
    const { page, problems, context } = await openPage(browser);
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter your email address').waitFor();
    const email = page.getByLabel('Email');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    const description = await page.evaluate(
      (ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
      describedBy,
    );
    expect(description).toContain('Enter your email address');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    expect(problems).toEqual([]);
    await context.close();
  });
});
