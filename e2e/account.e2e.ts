import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { totpCode } from '../server/modules/auth/totp';
import { checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { screenshotPath } from './support/screenshots';

describe('account settings', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a wrong current password shows an inline error on that field; sign out ends the session', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'principal.ms@demo.test');
    await page.getByRole('link', { name: /Account/ }).first().click();
    await waitForTitle(page, 'Account');
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);

    // The repeat must match before anything is sent.
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('river stone lantern maple');
    await page.getByLabel('Repeat new password').fill('something else entirely');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The two new passwords are not the same').waitFor();
    expect(await page.getByLabel('Repeat new password').getAttribute('aria-invalid')).toBe('true');

    // The server's answer lands on the current-password field, and the form's live region announces it.
    await page.getByLabel('Repeat new password').fill('river stone lantern maple');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'This is not your current password' }).waitFor();
    const current = page.getByLabel('Current password');
    expect(await current.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await current.getAttribute('aria-describedby')) ?? '';
    const description = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
    expect(description).toContain('This is not your current password');
    expect(await page.getByLabel('New password', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    await page.screenshot({ path: screenshotPath('account-error-phone.png'), fullPage: true });

    // Too short a new password is the server's call too, shown on the new-password field.
    await page.getByLabel('Current password').fill('rounds-demo');
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Repeat new password').fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'Use at least 12 characters' }).waitFor();
    expect(await page.getByLabel('New password', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForTitle(page, 'Sign in');
    await page.goto('/account');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('two-step verification: set up from the account page with the QR code or key, recovery codes shown once, turned off again', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'ap@demo.test');
    await page.goto('/account');
    await waitForTitle(page, 'Account');
    const section = page.getByRole('region', { name: 'Two-step verification' });
    await section.getByText(/^Off:/).waitFor();
    await section.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await section.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const qr = section.getByRole('img', { name: 'QR code to add Rounds to your authenticator app' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = ((await section.locator('.secret-key').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);

    await section.getByLabel('Code from the app').fill('123456');
    await section.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await section.getByText('That code is not right').first().waitFor();
    await section.getByLabel('Code from the app').fill(totpCode(secret));
    await section.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await section.getByText('Your recovery codes').waitFor();
    expect(await section.locator('.recovery-codes li').count()).toBe(10);
    await section.getByRole('button', { name: 'Done' }).click();
    await section.getByText(/^On:/).waitFor();

    // Turning it off takes a fresh code (the one just used does not work twice).
    await section.getByLabel('Current code').fill(totpCode(secret, Date.now() + 30_000));
    await section.getByRole('button', { name: 'Turn off two-step verification' }).click();
    await section.getByText(/^Off:/).waitFor();
    expect((await page.request.get('/api/me').then((r) => r.json())).twoStep).toEqual({ enabled: false, required: false });
    expect(problems).toEqual([]);
    await context.close();
  });
});
