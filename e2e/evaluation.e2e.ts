import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import type { MeResponse } from '../schemas/auth';
import type { Cycle, CycleSummary, EligibleVisit } from '../schemas/evaluation';
import type { StaffMember } from '../schemas/people';
import type { VisitPage } from '../schemas/visits';
import { apiGet, checkAccessibleBasics, checkNoHorizontalScroll, DESKTOP, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

type CycleT = z.infer<typeof Cycle>;
type Summary = z.infer<typeof CycleSummary>;

/** The date-and-time text the pages show for an instant (the browser and the test share a locale and zone). */
const shown = (at: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));

async function signatures(page: Page) {
  return page.getByRole('definition').filter({ hasText: /Signed by|Not signed yet/ }).allTextContents();
}

describe('formal evaluation', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('an evaluator and a teacher complete a cycle: rated, visit evidence cited, signed by both with dates', async () => {
    const leader = await openPage(browser, DESKTOP);
    const page = leader.page;
    await signIn(page, 'principal@demo.test');
    const me = await apiGet<MeResponse>(page, '/api/me');
    const school = me.schools.find((s) => s.roles.includes('principal'))!;

    // A colleague of the demo teacher with shared visit evidence to cite.
    const teachers = await apiGet<z.infer<typeof StaffMember>[]>(page, `/api/schools/${school.id}/staff?role=teacher`);
    let teacher: z.infer<typeof StaffMember> | undefined;
    for (const candidate of teachers.filter((t) => t.email && t.email !== 'teacher@demo.test')) {
      const visits = await apiGet<z.infer<typeof VisitPage>>(page, `/api/visits?schoolId=${school.id}&teacherId=${candidate.id}&limit=50`);
      if (visits.items.some((v) => v.sharedAt) && visits.items.some((v) => !v.sharedAt)) {
        teacher = candidate;
        break;
      }
    }
    expect(teacher, 'a teacher with shared and unshared visits').toBeTruthy();

    // The evaluator's page: clearly formal evaluation, the demo cycle flagged overdue.
    await clickNav(page, 'Formal evaluation');
    await waitForTitle(page, 'Formal evaluation');
    await page.getByText('visit notes are not evaluations').first().waitFor();
    const demoRow = page.getByRole('row', { name: /Grace Nakamura/ });
    await demoRow.getByText('1 step overdue').waitFor();

    // A new cycle for the colleague, with the default plan.
    await page.getByLabel('Teacher', { exact: true }).selectOption({ label: teacher!.name });
    await page.getByRole('button', { name: 'Start the cycle' }).click();
    await waitForTitle(page, new RegExp(`^Formal evaluation: ${teacher!.name}`));
    const cycleId = new URL(page.url()).pathname.split('/').pop()!;
    const cyclePath = `/api/schools/${school.id}/evaluation/cycles/${cycleId}`;
    await page.getByText('visit notes are not evaluations').first().waitFor();

    // The goal-setting conference and the first formal observation are recorded.
    await page.getByRole('button', { name: /^Record goal-setting conference/ }).click();
    await page.getByLabel('Conference notes').fill('Goal: every student explains their reasoning in math at least once a lesson.');
    await page.getByRole('button', { name: 'Save goal-setting conference' }).click();
    await page.getByText('Goal: every student explains').waitFor();
    await page.getByRole('button', { name: /^Record formal observation/ }).first().click();
    await page.getByLabel('Evidence notes').fill('Math, 9:35-10:15. 16 of 21 students explained a strategy to a partner.');
    await page.getByRole('button', { name: 'Save formal observation' }).click();
    await page.getByText('16 of 21 students explained').waitFor();

    // Ratings over the whole rubric. The first level is chosen with the keyboard: arrows move within the radio group.
    const cycle = await apiGet<CycleT>(page, cyclePath);
    const components = cycle.rubric.domains.flatMap((d) => d.components);
    expect(components.length).toBeGreaterThanOrEqual(12);
    const first = page.getByRole('group', { name: components[0]!.name, exact: true });
    await first.getByRole('radio', { name: '1 · Not yet evident', exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await first.getByRole('radio', { name: '3 · Established', exact: true }).isChecked()).toBe(true);
    for (const [i, c] of components.entries()) {
      const level = i === 0 ? 3 : 2 + (i % 3);
      const label = cycle.rubric.scale.find((s) => s.value === level)!.label;
      if (i > 0) await page.getByRole('group', { name: c.name, exact: true }).getByRole('radio', { name: `${level} · ${label}`, exact: true }).check();
      await page.getByLabel(`Evidence: ${c.name}`, { exact: true }).fill(`Seen in the observation: evidence for ${c.name.toLowerCase()}.`);
      await page.getByLabel(`Rationale: ${c.name}`, { exact: true }).fill(`Matches the level ${level} descriptor.`);
    }
    await page.getByRole('button', { name: 'Save ratings' }).click();
    await page.getByText(`Saved ${components.length} ratings.`).waitFor();

    // Cite a shared visit: the picker offers exactly the eligible visits (shared, to this teacher's classroom).
    await page.getByRole('button', { name: 'Cite a shared visit…' }).click();
    const eligible = await apiGet<z.infer<typeof EligibleVisit>[]>(page, `${cyclePath}/eligible-visits`);
    expect(eligible.length).toBeGreaterThan(0);
    const picker = page.getByLabel('Shared visit', { exact: true });
    const offered = (await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
    expect(offered).toEqual(eligible.map((v) => v.id));
    const all = await apiGet<z.infer<typeof VisitPage>>(page, `/api/visits?schoolId=${school.id}&teacherId=${teacher!.id}&limit=200`);
    const unshared = all.items.filter((v) => !v.sharedAt).map((v) => v.id);
    expect(offered.filter((id) => unshared.includes(id)), 'no unshared visit is offered').toEqual([]);
    await picker.selectOption(eligible[0]!.id);
    await page.getByLabel('Component it speaks to').selectOption({ label: components[5]!.name });
    await page.getByLabel('Why this evidence matters').fill('The same pattern as in the formal observation.');
    await page.getByRole('button', { name: 'Cite visit' }).click();
    await page.getByText('The same pattern as in the formal observation.').waitFor();

    await checkAccessibleBasics(page);
    await page.getByRole('button', { name: 'Sign as evaluator' }).click();
    await page.getByText(/^Signed by Renee Alvarado on /).waitFor();
    const signedByEvaluator = await apiGet<CycleT>(page, cyclePath);
    expect(signedByEvaluator.evaluatorSignature?.signedAt).toBeTruthy();
    expect(signedByEvaluator.teacherSignature).toBeNull();
    expect(await signatures(page)).toEqual([`Signed by Renee Alvarado on ${shown(signedByEvaluator.evaluatorSignature!.signedAt)}`, 'Not signed yet']);
    expect(leader.problems).toEqual([]);

    // The teacher sees everything on "My evaluation", and signs that they have seen it, with a response.
    const own = await openPage(browser, PHONE);
    await signIn(own.page, teacher!.email!);
    await clickNav(own.page, 'My evaluation');
    await waitForTitle(own.page, 'My evaluation');
    await own.page.getByText('visit notes are not evaluations').first().waitFor();
    await own.page.getByText('16 of 21 students explained').waitFor();
    await own.page.getByText('The same pattern as in the formal observation.').waitFor();
    await own.page.getByRole('listitem', { name: components[0]!.name, exact: true }).getByText('3 · Established').waitFor();
    expect(await signatures(own.page)).toEqual([`Signed by Renee Alvarado on ${shown(signedByEvaluator.evaluatorSignature!.signedAt)}`, 'Not signed yet']);
    await own.page.getByLabel('Your comment or response (optional)').fill('I have seen this. I would add the family math night I ran as evidence.');
    await checkAccessibleBasics(own.page);
    await checkNoHorizontalScroll(own.page);
    await own.page.getByRole('button', { name: 'Sign: I have seen this evaluation' }).click();
    await own.page.getByText(new RegExp(`^Signed by ${teacher!.name} on `)).waitFor();
    const done = await apiGet<CycleT>(own.page, cyclePath);
    expect(done.teacherSignature?.person.id).toBe(teacher!.id);
    const both = [`Signed by Renee Alvarado on ${shown(done.evaluatorSignature!.signedAt)}`, `Signed by ${teacher!.name} on ${shown(done.teacherSignature!.signedAt)}`];
    expect(await signatures(own.page)).toEqual(both);
    expect(done.steps.find((s) => s.kind === 'sign_off')?.done).toBe(true);
    expect(own.problems).toEqual([]);

    // The evaluator sees both signatures, their dates and the response.
    await page.reload();
    await waitForTitle(page, new RegExp(`^Formal evaluation: ${teacher!.name}`));
    await page.getByText('I would add the family math night').waitFor();
    expect(await signatures(page)).toEqual(both);
    const list = await apiGet<Summary[]>(page, `/api/schools/${school.id}/evaluation/cycles`);
    expect(list.find((c) => c.id === cycleId)).toMatchObject({ evaluatorSignedAt: done.evaluatorSignature!.signedAt, teacherSignedAt: done.teacherSignature!.signedAt });
  });

  test('the demo cycle: a completed conference, one observation, a cited shared visit and an overdue step (screenshot)', async () => {
    const { page, problems } = await openPage(browser, DESKTOP);
    await signIn(page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools.find((s) => s.roles.includes('principal'))!;
    const demo = (await apiGet<Summary[]>(page, `/api/schools/${school.id}/evaluation/cycles`)).find((c) => c.teacher.name === 'Grace Nakamura')!;
    const cycle = await apiGet<CycleT>(page, `/api/schools/${school.id}/evaluation/cycles/${demo.id}`);
    expect(cycle.steps.find((s) => s.kind === 'pre_conference')?.done).toBe(true);
    expect(cycle.steps.filter((s) => s.kind === 'observation').map((s) => s.done)).toEqual([true, false]);
    expect(cycle.steps.filter((s) => s.overdue).map((s) => s.kind)).toEqual(['observation']);
    expect(cycle.citations).toHaveLength(1);
    await page.goto(`/schools/${school.id}/evaluation/${demo.id}`);
    await waitForTitle(page, /^Formal evaluation: Grace Nakamura/);
    await page.getByText(/^Overdue: was due/).waitFor();
    await page.getByText('Cited visit evidence').waitFor();
    await checkAccessibleBasics(page);
    await page.setViewportSize({ width: 1280, height: 1600 });
    await page.screenshot({ path: screenshotPath('evaluation-cycle.png') });
    expect(problems).toEqual([]);

    // A district rubric with a gap is refused with the place of every problem; nothing is stored.
    await page.goto(`/schools/${school.id}/evaluation`);
    await waitForTitle(page, 'Formal evaluation');
    const rubric = structuredClone(cycle.rubric);
    rubric.name = 'Riverside rubric (e2e)';
    rubric.domains[0]!.components[0]!.levels.pop();
    const file = page.getByLabel('Rubric file (JSON)', { exact: true });
    await file.setInputFiles({ name: 'rubric.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(rubric)) });
    await page.getByRole('button', { name: 'Upload rubric' }).click();
    const problemsTable = page.getByRole('table', { name: 'Problems in the rubric file' });
    await problemsTable.getByRole('row', { name: /domains\.0\.components\.0\.levels Add a descriptor for level 4/ }).waitFor();
    expect(await apiGet<unknown[]>(page, `/api/schools/${school.id}/evaluation/rubrics`)).toHaveLength(1);
    rubric.domains[0]!.components[0]!.levels = structuredClone(cycle.rubric.domains[0]!.components[0]!.levels);
    await file.setInputFiles({ name: 'rubric.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(rubric)) });
    await page.getByRole('button', { name: 'Upload rubric' }).click();
    await page.getByText('Uploaded “Riverside rubric (e2e)”.').waitFor();
    expect(await page.getByLabel('Rubric', { exact: true }).locator('option').allTextContents()).toEqual(['Rounds generic teaching rubric', 'Riverside rubric (e2e)']);

    // Visit pages never show evaluation data: the cited visit's page has no rating or evaluation on it.
    await page.goto(`/visits/${cycle.citations[0]!.visitId}`);
    await page.getByText(cycle.citations[0]!.evidence.split('\n')[0]!).first().waitFor();
    await page.waitForLoadState('networkidle');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/Formal evaluation|Not yet evident|Emerging|Established|Exemplary/);
    expect(text).not.toContain(cycle.citations[0]!.note);
  });
});
