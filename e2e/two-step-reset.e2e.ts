import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { totpCode } from '../server/modules/auth/totp';
import { baseURL, checkAccessibleBasics, DEMO_PASSWORD, DESKTOP, launchBrowser, openPage, signIn, waitForTitle } from './support/browser';

describe("a district admin resets a staff member's two-step verification", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  test('after a confirmation, the authenticator goes and the person is signed out everywhere', async () => {
    // The assistant principal turns two-step verification on (through the API, as the Account page does).
    const ap = await openPage(browser, DESKTOP);
    expect((await ap.page.request.post('/api/auth/login', { headers: { origin: baseURL() }, data: { email: 'ap@demo.test', password: DEMO_PASSWORD } })).status()).toBe(204);
    const enrolment = (await (await ap.page.request.post('/api/auth/two-step/enrolment', { headers: { origin: baseURL() } })).json()) as { secret: string };
    const confirmed = await ap.page.request.post('/api/auth/two-step/enrolment/confirm', { headers: { origin: baseURL() }, data: { code: totpCode(enrolment.secret) } });
    expect(confirmed.status()).toBe(200);
    const me = (await (await ap.page.request.get('/api/me')).json()) as { user: { name: string } };
    const name = me.user.name;

    const { page, problems, context } = await openPage(browser, DESKTOP);
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/privacy');
    await waitForTitle(page, 'Privacy');
    await page.getByLabel('Find a student or staff member').fill(name.split(' ').at(-1)!);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('list', { name: 'Matching people' }).getByRole('button', { name: new RegExp(name) }).first().click();
    const section = page.getByRole('region', { name: 'Two-step verification' });
    await section.getByText(/On since .*, 10 of 10 recovery codes unused/).waitFor();

    // The first click only asks; Cancel leaves everything as it was.
    await section.getByRole('button', { name: 'Reset two-step verification…' }).click();
    await section.getByRole('group', { name: 'Confirm the reset' }).getByText(/signed out everywhere/).waitFor();
    await checkAccessibleBasics(page);
    await section.getByRole('button', { name: 'Cancel' }).click();
    expect((await ap.page.request.get('/api/me')).status()).toBe(200);

    await section.getByRole('button', { name: 'Reset two-step verification…' }).click();
    await section.getByRole('button', { name: `Yes, reset ${name}’s two-step verification` }).click();
    await page.getByText(`${name}’s two-step verification was reset and they were signed out everywhere.`).waitFor();
    await section.getByText('Not set up.').waitFor();
    expect((await ap.page.request.get('/api/me')).status()).toBe(401);
    // Their role does not require it: the password alone signs them in again.
    expect((await ap.page.request.post('/api/auth/login', { headers: { origin: baseURL() }, data: { email: 'ap@demo.test', password: DEMO_PASSWORD } })).status()).toBe(204);
    expect(problems).toEqual([]);
    await ap.context.close();
    await context.close();
  });
});
