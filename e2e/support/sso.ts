import type { Page } from 'playwright-core';

/**
 * Plays the user on the test identity provider's own pages (oidc-provider's development login and consent forms),
 * until the browser is sent back to Rounds.
 */
export async function signInAtIdpPage(page: Page, issuer: string, login: string): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(issuer));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();
  // The consent page (first time for this account), or straight back to Rounds.
  const consent = page.locator('input[name="prompt"][value="consent"]');
  const next = await Promise.race([
    consent.waitFor({ state: 'attached' }).then(() => 'consent' as const),
    page.waitForURL((url) => !url.href.startsWith(issuer)).then(() => 'back' as const),
  ]).catch(() => 'back' as const);
  if (next === 'consent') await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.href.startsWith(issuer));
}
