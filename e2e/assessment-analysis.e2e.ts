import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import type { Analysis, Assessment, DataConversation } from '../schemas/assessments';
import type { MeResponse } from '../schemas/auth';
import type { StaffMember } from '../schemas/people';
import type { PlanDetail } from '../schemas/plans';
import { baseURL, apiGet, checkAccessibleBasics, checkNoHorizontalScroll, DESKTOP, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

type AnalysisBody = z.infer<typeof Analysis>;
type AssessmentBody = z.infer<typeof Assessment>;
type Conversation = z.infer<typeof DataConversation>;

const points = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n)} ${Math.abs(n) === 1 ? 'point' : 'points'}`;

describe('assessment analysis and data conversations', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('the principal reads the analysis: the subgroup table matches the API, small groups show no number, the CSV downloads', async () => {
    const { page, problems } = await openPage(browser, DESKTOP);
    await signIn(page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;
    await clickNav(page, 'Assessments');
    await waitForTitle(page, 'Assessments');
    await page.getByRole('link', { name: 'See the analysis across assessments' }).click();
    await waitForTitle(page, 'Assessment analysis');

    const api = await apiGet<AnalysisBody>(page, `/api/schools/${school.id}/assessment-analysis`);
    expect(api.assessments, 'the demo school has assessments in the default range').toBeGreaterThan(0);
    const table = page.getByRole('table', { name: /Results by student group/ });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(api.bySubgroup.length);
    const hidden = `Fewer than ${api.minimumGroupSize} students — not shown`;
    for (const group of api.bySubgroup) {
      const row = table.locator(`tbody tr[data-key="${group.dimension}:${group.key}"]`);
      expect(await row.locator('th').textContent()).toContain(group.label);
      const cells = await row.locator('td').allTextContents();
      if (group.stats.suppressed) {
        expect(cells).toEqual([hidden, '']);
        expect(cells.join(' ').replace(hidden, ''), `${group.label}: no number`).not.toMatch(/\d/);
      } else {
        expect(cells).toEqual([
          String(group.stats.students),
          `${group.stats.percentProficient}%`,
          points(group.proficiencyGapPoints!),
          `${group.stats.meanPercent}%`,
          points(group.gapPoints!),
          group.description,
        ]);
      }
    }
    for (const name of ['Results per assessment date', 'Results by standard', 'Results by class', 'Results by grade']) {
      await page.getByRole('table', { name: new RegExp(name) }).waitFor();
    }

    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toBe(`/api/schools/${school.id}/assessment-analysis/export`);
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);

    // A filter goes into the URL and into the CSV link alike.
    const from = api.range.from;
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL((url) => url.searchParams.get('from') === from);
    await page.getByRole('link', { name: 'Download CSV' }).and(page.locator(`[href$="export?from=${from}"]`)).waitFor();
    await page.locator('.chart-canvas svg').waitFor();
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('assessment-analysis.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    await checkNoHorizontalScroll(page);
    expect(problems).toEqual([]);
  });

  test('a teacher records a data conversation on an assessment and sees it listed', async () => {
    const { page, problems } = await openPage(browser, PHONE);
    await signIn(page, 'teacher@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;
    const list = await apiGet<AssessmentBody[]>(page, `/api/schools/${school.id}/assessments`);
    const assessment = list[0]!;
    expect(assessment, 'the teacher can see an assessment').toBeTruthy();
    await page.goto(`/schools/${school.id}/assessments/${assessment.id}`);
    await waitForTitle(page, assessment.name);

    const section = page.getByRole('region', { name: 'Data conversations' });
    await section.getByLabel('Who took part').fill('Ms. Rivera, Mr. Chen');
    await section.getByRole('checkbox', { name: 'Where do the results differ between groups of students, and by how much?' }).check();
    const notice = `Most students found the main idea (e2e ${Date.now()})`;
    await section.getByLabel('What do we notice?').fill(notice);
    await section.getByLabel('What do we wonder?').fill('Whether the longer passages were harder to finish.');
    await section.getByLabel('What will we try?').fill('Model annotating a paragraph before independent work.');
    await section.getByLabel('Next step').fill('Both teachers try it this week; compare next Friday.');
    await section.getByRole('button', { name: 'Save conversation' }).click();
    await section.getByText('Conversation saved.').waitFor();
    const listed = section.getByRole('list', { name: 'Past conversations' }).getByRole('listitem').filter({ hasText: notice });
    await listed.waitFor();
    expect(await listed.textContent()).toContain('Ms. Rivera, Mr. Chen');

    const saved = await apiGet<Conversation[]>(page, `/api/schools/${school.id}/assessments/${assessment.id}/conversations`);
    expect(saved.find((c) => c.notice === notice)?.participants).toEqual(['Ms. Rivera', 'Mr. Chen']);
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    expect(problems).toEqual([]);
  });

  test('on a phone, the principal makes a data conversation’s next step an action of the work plan, and the conversation links to it', async () => {
    const { page, problems } = await openPage(browser, PHONE);
    await signIn(page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;
    const assessment = (await apiGet<AssessmentBody[]>(page, `/api/schools/${school.id}/assessments`))[0]!;
    const stamp = Date.now().toString(36);
    const nextStep = `Reteach main idea with short passages, then re-check (${stamp})`;
    const recorded = await page.request.post(`/api/schools/${school.id}/assessments/${assessment.id}/conversations`, {
      headers: { origin: baseURL() },
      data: { heldOn: '2026-11-23', participants: ['Grade 3 team'], notice: `Main idea was hardest (${stamp})`, nextStep },
    });
    expect(recorded.status()).toBe(201);
    const conversation = (await recorded.json()) as Conversation;
    const staff = await apiGet<StaffMember[]>(page, `/api/schools/${school.id}/staff?role=teacher`);
    const owner = staff.find((p) => p.email === 'teacher@demo.test')!;

    await page.goto(`/schools/${school.id}/assessments/${assessment.id}`);
    await waitForTitle(page, assessment.name);
    const item = page.locator(`#conversation-${conversation.id}`);
    await item.getByRole('button', { name: /^Make the next step a plan action/ }).click();
    const form = page.getByRole('form', { name: 'Plan action from the conversation of 2026-11-23' });
    await expect(form.getByLabel('Action step').inputValue()).resolves.toBe(nextStep);
    // Nothing chosen: the server names the fields.
    await form.getByRole('button', { name: 'Add to the work plan' }).click();
    await form.getByText('Choose a strategy of the plan').waitFor();
    await form.getByText('Choose the staff member who owns it').waitFor();
    await form.getByLabel('Strategy').selectOption({ index: 1 });
    await form.getByLabel('Owner').selectOption(owner.id);
    await form.getByLabel('Due (optional)').fill('2027-01-29');
    await form.getByRole('button', { name: 'Add to the work plan' }).click();
    const seeIt = form.getByRole('link', { name: 'See it in the work plan' });
    await seeIt.waitFor();
    await expect(seeIt.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    const link = item.getByRole('list', { name: 'Work-plan actions from the conversation of 2026-11-23' }).getByRole('link', { name: nextStep });
    await link.waitFor();
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await item.screenshot({ path: screenshotPath('data-conversation-plan-action-phone.png') });

    const listed = await apiGet<Conversation[]>(page, `/api/schools/${school.id}/assessments/${assessment.id}/conversations`);
    const action = listed.find((c) => c.id === conversation.id)!.planActions[0]!;
    expect(action.title).toBe(nextStep);
    const plan = await apiGet<z.infer<typeof PlanDetail>>(page, `/api/schools/${school.id}/plans/${action.planId}`);
    const made = plan.goals.flatMap((g) => g.strategies.flatMap((s) => s.actions)).find((a) => a.id === action.id)!;
    expect([made.owner.id, made.dueOn, made.evidence[0]?.assessment?.id]).toEqual([owner.id, '2027-01-29', assessment.id]);

    // The link opens the plan, where the action sits with the conversation as its evidence.
    await link.click();
    await page.getByText(nextStep, { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('plan')).toBe(action.planId);
    expect(problems).toEqual([]);
  });
});
