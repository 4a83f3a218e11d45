import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { DEMO_TOTP_SECRET } from '../../db/seed/demo-sign-in';
import { totpCode, TOTP_PERIOD_SECONDS } from '../../server/modules/auth/totp';

/** Debian's Chromium; `npx playwright install` cannot download browsers on these machines. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };
export const DEMO_PASSWORD = 'rounds-demo';

export const baseURL = () => inject('baseURL');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and Content-Security-Policy violations seen so far. */
  problems: string[];
}

/** A fresh signed-out browser context (own cookies) with one page at the given viewport. */
export async function openPage(browser: Browser, viewport = PHONE): Promise<TestPage> {
  const context = await browser.newContext({ baseURL: baseURL(), viewport, locale: 'en-US' });
  context.setDefaultTimeout(30_000); // a 2-core CI box builds and serves while Chromium renders
  return watch(context, await context.newPage());
}

/**
 * Requests that left the app's origin, in any context of this test file. Rounds sends nothing to other hosts (no
 * analytics, fonts or scripts from elsewhere): e2e/setup.ts fails the file if this is not empty at its end.
 */
export const offOriginRequests: string[] = [];

/** Collects a page's uncaught exceptions and CSP violations, and records every request its context sends elsewhere. */
export function watch(context: BrowserContext, page: Page): TestPage {
  const origin = new URL(baseURL()).origin;
  context.on('request', (request) => {
    const url = request.url();
    if (/^(data|blob|about|chrome-extension):/.test(url)) return;
    if (new URL(url).origin !== origin) offOriginRequests.push(`${request.method()} ${url}`);
  });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  return { context, page, problems };
}

/**
 * Signs in through the form (with the demo authenticator code for district roles) and waits for the signed-in home page.
 * An authenticator code works once per account, so a district account that signs in again within a minute would wait
 * for the next code: its session from an earlier sign-in of this run is used instead while it is still valid (a
 * sign-out or deactivation ends it, and the form is used again).
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  const cached = readSessionCache()[email];
  if (cached && password === DEMO_PASSWORD) {
    await page.context().addCookies([{ ...cached, url: baseURL() }]);
    if ((await page.request.get('/api/me')).status() === 200) {
      await page.goto('/');
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      return;
    }
    await page.context().clearCookies();
  }
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  if (new URL(page.url()).pathname === '/sign-in/two-step') {
    await passTwoStep(page);
    await page.goto('/');
    const session = (await page.context().cookies()).find((c) => c.name === 'rounds_session');
    if (session) writeFileSync(inject('sessionCache'), JSON.stringify({ ...readSessionCache(), [email]: { name: session.name, value: session.value } }));
  }
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

function readSessionCache(): Record<string, { name: string; value: string }> {
  const file = inject('sessionCache');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, { name: string; value: string }>) : {};
}

/**
 * Gives the authenticator code of the demo district accounts (DEMO_TOTP_SECRET) for a sign-in owing it. A code works
 * once, so when an earlier sign-in just used this one, the next step's code is used, or the clock is waited for.
 */
export async function passTwoStep(page: Page, secret = DEMO_TOTP_SECRET): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const period = TOTP_PERIOD_SECONDS * 1000;
    const ahead = attempt % 2; // this step, then the next one (accepted for clock drift)
    const response = await page.request.post('/api/auth/two-step', { headers: { origin: baseURL() }, data: { code: totpCode(secret, Date.now() + ahead * period) } });
    if (response.status() === 204) return;
    const body = await response.text();
    if (response.status() !== 400 || !body.includes('just used')) throw new Error(`two-step sign-in failed: ${response.status()} ${body}`);
    if (ahead === 1) await page.waitForTimeout(period - (Date.now() % period) + 100);
  }
  throw new Error('two-step sign-in: no unused code');
}

/** Waits for the page's h1 to read `name`. */
export async function waitForTitle(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** A JSON GET made with the page's cookies (to compare the screen with the API). */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

/**
 * The accessibility smoke check (no axe-core): one h1, a main landmark, and every form control has an accessible name
 * by which page.getByLabel finds that very control.
 */
export async function checkAccessibleBasics(page: Page): Promise<void> {
  expect(await page.locator('h1').count(), 'exactly one h1').toBe(1);
  expect(await page.getByRole('main').count(), 'one main landmark').toBe(1);
  // The controls are read in one go, and the check is made again when the page changed meanwhile (a list that
  // reloads as the user types), so it judges one state of the page.
  for (let attempt = 1; ; attempt++) {
    const problem = await accessibleNameProblem(page);
    if (problem === null) return;
    if (problem.stable || attempt === 3) expect.fail(problem.message);
    await page.waitForTimeout(500);
  }
}

/** The first control without an accessible name that finds it, or null; `stable` when the page did not change. */
async function accessibleNameProblem(page: Page): Promise<{ message: string; stable: boolean } | null> {
  const controls = page.locator('input:not([type="hidden"]), select, textarea');
  const snapshot = () =>
    controls.evaluateAll((els) =>
      els.map((el) => {
        const input = el as HTMLInputElement;
        const fromLabel = [...(input.labels ?? [])].map((l) => l.textContent?.trim() ?? '').find(Boolean);
        return { name: fromLabel ?? input.getAttribute('aria-label')?.trim() ?? '', html: el.outerHTML };
      }),
    );
  const before = await snapshot();
  for (const { name, html } of before) {
    let message: string | null = null;
    if (name === '') message = `no accessible name: ${html.slice(0, 120)}`;
    else {
      const found = await page.getByLabel(name, { exact: true }).evaluateAll((els, target) => els.map((el) => el.outerHTML).includes(target), html);
      if (!found) message = `getByLabel(${JSON.stringify(name)}) does not find ${html.slice(0, 120)}`;
    }
    if (message !== null) {
      const after = await snapshot();
      return { message, stable: JSON.stringify(after) === JSON.stringify(before) };
    }
  }
  return null;
}

/** Nothing is wider than the viewport (no sideways scrolling on a phone). */
export async function checkNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, width } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scrollWidth, 'page width').toBeLessThanOrEqual(width);
}
