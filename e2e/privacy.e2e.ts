import { strFromU8, unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { baseURL, checkAccessibleBasics, DESKTOP, launchBrowser, openPage, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

describe('privacy operations (district administrator)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  test("the audit log answers who looked at a student's results, and the privacy page exports a person", async () => {
    // A teacher opens her class's results, so the audit log has a read to show.
    const teacher = await openPage(browser, DESKTOP);
    await signIn(teacher.page, 'teacher@demo.test');
    const me = (await (await teacher.page.request.get('/api/me')).json()) as { schools: { id: string }[] };
    const school = me.schools[0]!.id;
    const assessments = (await (await teacher.page.request.get(`/api/schools/${school}/assessments`)).json()) as { id: string }[];
    const grid = (await (await teacher.page.request.get(`/api/schools/${school}/assessments/${assessments[0]!.id}/results`)).json()) as { students: { id: string; name: string }[] };
    const student = grid.students[0]!;
    await teacher.context.close();

    const { page, problems, context } = await openPage(browser, DESKTOP);
    await signIn(page, 'admin@demo.test');
    await clickNav(page, 'Audit log');
    await waitForTitle(page, 'Audit log');
    await page.getByLabel('Student or staff member').fill(student.name.split(' ')[1]!);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('list', { name: 'Matching people' }).getByRole('button', { name: new RegExp(student.name) }).first().click();
    await page.getByText(`Who looked at the results of ${student.name}`).waitFor();
    const rows = page.getByRole('table').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.filter({ hasText: "Opened an assessment's results" }).count()).toBeGreaterThan(0);
    await checkAccessibleBasics(page);
    await page.screenshot({ path: screenshotPath('audit-log.png'), fullPage: true });

    await clickNav(page, 'Privacy');
    await waitForTitle(page, 'Privacy');
    await page.getByText(/every one classified/).waitFor();
    await page.getByLabel('Find a student or staff member').fill(student.name.split(' ')[1]!);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('list', { name: 'Matching people' }).getByRole('button', { name: new RegExp(student.name) }).first().click();
    await page.getByText(/Deleted:/).waitFor();
    // A wrong confirmation is refused inline, and nothing is deleted.
    await page.getByLabel(`Type “${student.name}” to confirm`).fill('not the name');
    await page.getByRole('button', { name: `Delete ${student.name} permanently` }).click();
    await page.getByText(`Type the person's full name, ${student.name}, to confirm`).waitFor();
    expect((await page.request.get(`/api/admin/privacy/people/${student.id}`)).status()).toBe(200);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Export ${student.name} as CSV files (zip)` }).click()]);
    const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['export.json', 'people.csv', 'assessment_results.csv']));
    expect(strFromU8(files['people.csv']!)).toContain(student.id);
    await checkAccessibleBasics(page);
    await page.screenshot({ path: screenshotPath('privacy.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a deletion that would take evidence from another teacher’s evaluation is refused inline, and nothing changes', async () => {
    // The principal moves a visit cited in the demo teacher's evaluation to another teacher (a corrected teacher).
    const principal = await openPage(browser, DESKTOP);
    await signIn(principal.page, 'principal@demo.test');
    const get = async <T,>(path: string) => (await (await principal.page.request.get(path)).json()) as T;
    const me = await get<{ schools: { id: string }[] }>('/api/me');
    const school = me.schools[0]!.id;
    // The demo cycle's evaluator is the principal, who recorded the cited visit.
    const cycles = await get<{ id: string; teacher: { id: string; name: string }; evaluator: { id: string } }[]>(`/api/schools/${school}/evaluation/cycles`);
    const cycle = await get<{ citations: { visitId: string; observer: { id: string } }[] }>(`/api/schools/${school}/evaluation/cycles/${cycles[0]!.id}`);
    const citation = cycle.citations.find((c) => c.observer.id === cycles[0]!.evaluator.id)!;
    expect(citation, 'the demo evaluation cites a visit the principal recorded').toBeTruthy();
    const staff = await get<{ id: string; name: string; email: string | null }[]>(`/api/schools/${school}/staff?role=teacher`);
    const other = staff.find((p) => p.id !== cycles[0]!.teacher.id && p.email)!;
    type V = { version: number; teacher: { id: string }; class: { id: string } | null; startedAt: string; durationMinutes: number; evidence: string; tags: { id: string }[]; privateNote?: string | null };
    const original = await get<V>(`/api/visits/${citation.visitId}`);
    const move = async (teacherId: string) => {
      const v = await get<V>(`/api/visits/${citation.visitId}`);
      const classId = teacherId === original.teacher.id ? (original.class?.id ?? null) : null;
      const res = await principal.page.request.put(`/api/visits/${citation.visitId}`, {
        headers: { origin: baseURL() },
        data: { version: v.version, teacherId, classId, startedAt: v.startedAt, durationMinutes: v.durationMinutes, evidence: v.evidence, tags: v.tags.map((t) => t.id), privateNote: v.privateNote ?? null },
      });
      expect(res.status(), await res.text()).toBe(200);
    };
    await move(other.id);
    try {
      const { page, problems, context } = await openPage(browser, DESKTOP);
      await signIn(page, 'admin@demo.test');
      await clickNav(page, 'Privacy');
      await waitForTitle(page, 'Privacy');
      await page.getByLabel('Find a student or staff member').fill(other.email!);
      await page.getByRole('button', { name: 'Find' }).click();
      await page.getByRole('list', { name: 'Matching people' }).getByRole('button', { name: new RegExp(other.name) }).first().click();
      const blocker = `1 visit to ${other.name}'s classroom is cited in ${cycles[0]!.teacher.name}'s`;
      await page.getByText(`${other.name} cannot be deleted yet`).waitFor();
      await page.getByLabel(`Type “${other.name}” to confirm`).fill(other.name);
      await page.getByRole('button', { name: `Delete ${other.name} permanently` }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Nothing was deleted.' });
      await alert.waitFor();
      expect(await alert.textContent()).toContain(blocker);
      expect((await page.request.get(`/api/admin/privacy/people/${other.id}`)).status()).toBe(200);
      await checkAccessibleBasics(page);
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      await move(cycles[0]!.teacher.id);
      await principal.context.close();
    }
  });
});
