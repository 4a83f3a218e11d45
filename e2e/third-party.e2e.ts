import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, offOriginRequests, openPage } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('no third parties', () => {
  it('the sign-in page loads only from the app origin, and the watcher behind every browser test notices a request elsewhere', async () => {
    const { page, problems, context } = await openPage(browser, DESKTOP);
    const hosts = new Set<string>();
    page.on('request', (request) => hosts.add(new URL(request.url()).origin));
    await page.goto('/sign-in');
    await page.getByLabel('Email').waitFor();
    await page.waitForLoadState('networkidle');
    expect([...hosts]).toEqual([new URL(page.url()).origin]);
    expect(offOriginRequests).toEqual([]);

    // The watcher itself: a request to another host is recorded (and then forgotten, so this file passes).
    await page.goto('http://localhost:9/').catch(() => undefined);
    expect(offOriginRequests).toEqual(['GET http://localhost:9/']);
    offOriginRequests.length = 0;
    expect(problems).toEqual([]);
    await context.close();
  });
});
