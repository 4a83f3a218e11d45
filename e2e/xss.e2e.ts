import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '../schemas/auth';
import { apiGet, DESKTOP, launchBrowser, openPage, signIn, waitForTitle } from './support/browser';

/**
 * 500 cross-site-scripting payloads saved through the API and rendered in Chromium: none may run. Each payload
 * calls window.__xss(n) or alert(n) if it ever executes; the pages must show them as plain text, and the strict
 * Content-Security-Policy must never have to block anything (a blocked inline script would mean markup got in).
 */
const VECTORS: ((n: number) => string)[] = [
  (n) => `<script>__xss(${n})</script>`,
  (n) => `<img src=x onerror=__xss(${n})>`,
  (n) => `"><img src=x onerror="__xss(${n})">`,
  (n) => `'><svg onload=__xss(${n})>`,
  (n) => `<svg><script>__xss(${n})</script></svg>`,
  (n) => `<iframe srcdoc="<script>parent.__xss(${n})</script>"></iframe>`,
  (n) => `<a href="javascript:__xss(${n})">link ${n}</a>`,
  (n) => `javascript:__xss(${n})`,
  (n) => `<body onload=__xss(${n})>`,
  (n) => `<details open ontoggle=__xss(${n})>`,
  (n) => `<input autofocus onfocus=__xss(${n})>`,
  (n) => `<math><mtext><table><mglyph><style><img src=x onerror=__xss(${n})>`,
  (n) => `{{constructor.constructor('__xss(${n})')()}}`,
  (n) => `\${__xss(${n})}`,
  (n) => `<object data="javascript:__xss(${n})">`,
  (n) => `<embed src="javascript:__xss(${n})">`,
  (n) => `<marquee onstart=__xss(${n})>x</marquee>`,
  (n) => `<video><source onerror="__xss(${n})"></video>`,
  (n) => `<style>@import 'javascript:__xss(${n})';</style>`,
  (n) => `<meta http-equiv="refresh" content="0;url=javascript:__xss(${n})">`,
  (n) => `<div style="background:url(javascript:__xss(${n}))">`,
  (n) => `</textarea><script>__xss(${n})</script>`,
  (n) => `<scr<script>ipt>__xss(${n})</scr</script>ipt>`,
  (n) => `<img src=x onerror=alert(${n})>`,
  (n) => `<svg/onload=alert(${n})>`,
];
const PAYLOADS = Array.from({ length: 500 }, (_, i) => VECTORS[i % VECTORS.length]!(i));

interface Watched {
  page: Page;
  problems: string[];
  hits: string[];
}

async function watchedPage(browser: Browser, email: string): Promise<Watched & { close: () => Promise<void> }> {
  const { page, problems, context } = await openPage(browser, DESKTOP);
  const hits: string[] = [];
  await page.exposeFunction('__xss', (n: unknown) => hits.push(`__xss(${String(n)})`));
  page.on('dialog', (dialog) => {
    hits.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await signIn(page, email);
  return { page, problems, hits, close: () => context.close() };
}

/** A same-origin JSON call from inside the page (its cookies and Origin header, as the app itself calls). */
function call<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      return { status: res.status, json: (await res.json().catch(() => null)) as T };
    },
    { method, path, body },
  );
}

describe('cross-site scripting', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  test('500 payloads in visit evidence, notes and titles render as text and never run', async () => {
    const leader = await watchedPage(browser, 'principal@demo.test');
    const me = await apiGet<MeResponse>(leader.page, '/api/me');
    const school = me.schools[0]!;
    const staff = await apiGet<{ id: string; email: string | null }[]>(leader.page, `/api/schools/${school.id}/staff`);
    const teacher = staff.find((s) => s.email === 'teacher@demo.test')!;
    const visitIds: string[] = [];
    for (let i = 0; i < PAYLOADS.length; i += 10) {
      const id = randomUUID();
      const res = await call(leader.page, 'POST', '/api/visits', {
        id,
        schoolId: school.id,
        teacherId: teacher.id,
        startedAt: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
        durationMinutes: 5,
        evidence: PAYLOADS.slice(i, i + 10).join('\n'),
        privateNote: PAYLOADS[i],
        tags: [],
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      visitIds.push(id);
    }
    expect((await call(leader.page, 'POST', '/api/tasks', { title: PAYLOADS[1]!.slice(0, 200) })).status).toBe(201);

    // The leader's visit list, several visits' pages and the habit page with the task.
    await leader.page.goto(`/schools/${school.id}/visits`);
    await leader.page.getByText('onerror=__xss(', { exact: false }).first().waitFor();
    for (const [k, id] of visitIds.slice(0, 5).entries()) {
      await leader.page.goto(`/visits/${id}`);
      const evidence = leader.page.locator('.evidence, .loop-evidence-text').first();
      await evidence.waitFor();
      expect(await evidence.innerText()).toContain(PAYLOADS[k * 10 + 3]);
    }
    await leader.page.goto('/habit');
    await waitForTitle(leader.page, /habit/i);
    await leader.page.waitForLoadState('networkidle');

    // The teacher's side: My classroom and a shared visit.
    const teacherPage = await watchedPage(browser, 'teacher@demo.test');
    await teacherPage.page.goto('/my-classroom');
    await teacherPage.page.getByText('onerror=__xss(', { exact: false }).first().waitFor();
    await teacherPage.page.goto(`/my-classroom/visits/${visitIds[0]}`);
    const shown = teacherPage.page.locator('.evidence, .loop-evidence-text').first();
    await shown.waitFor();
    expect(await shown.innerText()).toContain(PAYLOADS[0]);
    await teacherPage.page.waitForLoadState('networkidle');

    expect([...leader.hits, ...teacherPage.hits], 'payloads that ran').toEqual([]);
    expect([...leader.problems, ...teacherPage.problems], 'page errors and CSP violations').toEqual([]);
    // The private note is the leader's alone: the teacher's page never has it.
    expect(await teacherPage.page.content()).not.toContain('Private note');
    await leader.close();
    await teacherPage.close();
  });
});
