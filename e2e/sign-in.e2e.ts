import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_TOTP_SECRET } from '../db/seed/demo-sign-in';
import { signInAtIdpPage } from './support/sso';
import { startTestIdp, type TestIdp } from '../server/modules/sso/test-idp';
import { totpCode } from '../server/modules/auth/totp';
import { baseURL, checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, offOriginRequests, openPage, signIn, waitForTitle } from './support/browser';

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

  test('a district role gives the code from the authenticator app after the password', async () => {
    const { page, problems, context } = await openPage(browser);
    await page.goto('/sign-in?redirect=%2Faccount');
    await page.getByLabel('Email').fill('admin@demo.test');
    await page.getByLabel('Password').fill('rounds-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in/two-step');
    await waitForTitle(page, 'Two-step verification');
    await checkAccessibleBasics(page);
    // Nothing behind sign-in is open yet.
    expect((await page.request.get('/api/me')).status()).toBe(401);
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('That code is not right').first().waitFor();
    expect(await page.getByLabel('Authentication code').getAttribute('aria-invalid')).toBe('true');
    // The next step's code is accepted too (clock drift). A code works once: when an earlier sign-in of this account
    // used it, the page says so and the next one is given when it comes.
    for (let attempt = 0; ; attempt++) {
      await page.getByLabel('Authentication code').fill(totpCode(DEMO_TOTP_SECRET, Date.now() + 30_000));
      await page.getByRole('button', { name: 'Verify' }).click();
      const used = page.getByText(/That code was just used/).first();
      const outcome = await Promise.race([
        page.waitForURL((url) => url.pathname === '/account').then(() => 'signed in', () => 'timeout'),
        used.waitFor().then(() => 'used', () => 'timeout'),
      ]);
      if (outcome === 'signed in') break;
      expect(outcome, 'the code is accepted or refused as used').toBe('used');
      expect(attempt, 'an unused code within two periods').toBeLessThan(2);
      await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 200);
      await page.reload();
      await waitForTitle(page, 'Two-step verification');
    }
    await waitForTitle(page, 'Account');
    await page.getByText('Your district role requires it.').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('single sign-on in the browser', () => {
  let browser: Browser;
  let idp: TestIdp;
  beforeAll(async () => {
    browser = await launchBrowser();
    idp = await startTestIdp([`${baseURL()}/api/auth/sso/callback`]);
  });
  afterAll(async () => {
    // The district's own identity provider is the one other host a sign-in visits.
    for (let i = offOriginRequests.length - 1; i >= 0; i--) if (offOriginRequests[i]!.includes(idp.issuer)) offOriginRequests.splice(i, 1);
    await browser?.close();
    await idp?.close();
  });

  test('the district admin turns it on; staff then sign in with the provider, and an unknown email is refused', async () => {
    const admin = await openPage(browser);
    await signIn(admin.page, 'admin@demo.test');
    await admin.page.goto('/admin/sso');
    await waitForTitle(admin.page, 'Single sign-on');
    await checkAccessibleBasics(admin.page);
    await admin.page.getByLabel('Button name').fill('Riverside Google');
    await admin.page.getByLabel('Issuer URL').fill(idp.issuer);
    await admin.page.getByLabel('Client ID').fill(idp.clientId);
    await admin.page.getByLabel('Offer single sign-on on the sign-in page').check();
    await admin.page.getByRole('button', { name: 'Save' }).click();
    await admin.page.getByText('Enter the client secret').first().waitFor();
    await admin.page.getByLabel('Client secret').fill(idp.clientSecret);
    await admin.page.getByRole('button', { name: 'Save' }).click();
    await admin.page.getByText('Saved. Single sign-on is on.').waitFor();
    expect(await admin.page.getByLabel('Client secret').inputValue()).toBe('');
    await admin.page.getByText('A secret is saved').waitFor();

    try {
      const staff = await openPage(browser);
      await staff.page.goto('/sign-in');
      await staff.page.getByRole('link', { name: 'Sign in with Riverside Google' }).click();
      await signInAtIdpPage(staff.page, idp.issuer, 'coach@demo.test');
      await staff.page.getByRole('navigation', { name: 'Main' }).waitFor();
      const me = (await (await staff.page.request.get('/api/me')).json()) as { user: { email: string } };
      expect(me.user.email).toBe('coach@demo.test');
      expect(staff.problems).toEqual([]);
      await staff.context.close();

      const stranger = await openPage(browser);
      await stranger.page.goto('/sign-in');
      await stranger.page.getByRole('link', { name: 'Sign in with Riverside Google' }).click();
      await signInAtIdpPage(stranger.page, idp.issuer, 'someone.new@demo.test');
      await stranger.page.waitForURL((url) => url.pathname === '/sign-in/refused');
      await waitForTitle(stranger.page, 'Not signed in');
      await stranger.page.getByText('There is no Rounds account for you').waitFor();
      expect((await stranger.page.request.get('/api/me')).status()).toBe(401);
      await stranger.context.close();
    } finally {
      // Leave the demo as it was: single sign-on off (the test provider goes away with this file).
      const off = await admin.page.request.put('/api/admin/sso', {
        headers: { origin: baseURL() },
        data: { providerName: 'Riverside Google', issuerUrl: idp.issuer, clientId: idp.clientId, allowedDomains: [], enabled: false },
      });
      expect(off.status()).toBe(200);
      await admin.context.close();
    }
  });
});
