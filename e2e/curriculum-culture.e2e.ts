import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import type { MeResponse } from '../schemas/auth';
import type { Alignment, MapSummary } from '../schemas/curriculum';
import type { Pulse, PulseResults, SelfAssessmentOverview } from '../schemas/culture';
import { apiGet, checkAccessibleBasics, checkNoHorizontalScroll, DESKTOP, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';

/** A screenshot of one part of the page with a little room around it. */
async function shoot(page: Page, part: Locator, path: string) {
  await part.scrollIntoViewIfNeeded();
  const box = (await part.boundingBox())!;
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
  await page.screenshot({ path, fullPage: true, clip: { x: Math.max(0, box.x + scroll.x - 16), y: Math.max(0, box.y + scroll.y - 12), width: box.width + 32, height: box.height + 28 } });
}

describe('curriculum maps and professional culture', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('the principal reads the alignment of the grade 3 ELA map, closes a gap, and a bad CSV changes nothing', async () => {
    const { page, problems } = await openPage(browser, DESKTOP);
    await signIn(page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;
    const maps = await apiGet<z.infer<typeof MapSummary>[]>(page, `/api/schools/${school.id}/curriculum-maps`);
    const ela = maps.find((m) => m.course === 'English Language Arts')!;
    expect(ela).toMatchObject({ grade: '03', standardsWithoutTarget: 1, targetsWithoutAssessment: 1 });

    await clickNav(page, 'Curriculum');
    await waitForTitle(page, 'Curriculum maps');
    await page.getByRole('link', { name: 'English Language Arts · Grade 3' }).click();
    await waitForTitle(page, 'English Language Arts · Grade 3');
    const alignment = page.locator('section.alignment');
    const noTarget = alignment.locator('.gap-card').filter({ hasText: 'Standards with no target' });
    await noTarget.getByText('W.3.1').waitFor();
    const noAssessment = alignment.locator('.gap-card').filter({ hasText: 'Targets with no assessment' });
    await noAssessment.getByText('I can explain how a character’s actions change the events of a story.').waitFor();
    const coverage = page.getByRole('table', { name: /Coverage per standard/ });
    const rl3 = await coverage.getByRole('row', { name: /RL\.3\.3/ }).locator('td').allTextContents();
    const api = await apiGet<Alignment>(page, `/api/schools/${school.id}/curriculum-maps/${ela.id}/alignment`);
    const rl3Api = api.coverage.find((c) => c.code === 'RL.3.3')!;
    expect(rl3.slice(1)).toEqual([String(rl3Api.targets), String(rl3Api.assessments), String(rl3Api.linkedAssessments)]);
    await alignment.locator('.chart-canvas svg').waitFor();
    await checkAccessibleBasics(page);
    await shoot(page, alignment, 'docs/screenshots/curriculum-alignment.png');

    // Close the second gap from the page: a planned assessment for the target that had none.
    const target = page.locator('li.target').filter({ hasText: 'I can explain how a character’s actions change the events of a story.' });
    await target.getByText('Change this target').click();
    await target.getByLabel('Planned assessment', { exact: true }).fill('Story map exit ticket');
    await target.getByRole('button', { name: 'Add assessment' }).click();
    await noAssessment.getByText('Every learning target has at least one assessment.').waitFor();
    const after = await apiGet<Alignment>(page, `/api/schools/${school.id}/curriculum-maps/${ela.id}/alignment`);
    expect(after.targetsWithoutAssessment).toEqual([]);
    expect(after.standardsWithoutTarget.map((s) => s.code)).toEqual(['W.3.1']);

    // A CSV with a bad date is refused as a whole, naming the file, line and column.
    const csv = 'unit,unit_start,unit_end,standard,standard_description,target,assessment_id,assessment\nReaders ask questions,2026-08-17,2026-09-31,RL.3.1,Ask,I can ask,,\n';
    await page.getByLabel('Map CSV file', { exact: true }).setInputFiles({ name: 'ela.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import file' }).click();
    const problemsTable = page.getByRole('table', { name: /Problems in the file/ });
    await problemsTable.waitFor();
    const first = await problemsTable.locator('tbody tr').first().locator('td').allTextContents();
    expect(first.slice(0, 3)).toEqual(['ela.csv', '2', 'unit_end']);
    expect(await apiGet<Alignment>(page, `/api/schools/${school.id}/curriculum-maps/${ela.id}/alignment`), 'nothing changed').toEqual(after);
    expect(problems).toEqual([]);
  });

  test('the self-assessment trend over two terms, with goal suggestions for the lowest-rated practices', async () => {
    const { page, problems } = await openPage(browser, DESKTOP);
    await signIn(page, 'coach@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools.find((s) => s.name === 'Maple Grove Elementary')!;
    await page.goto(`/schools/${school.id}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Culture', exact: true, includeHidden: true }).first().waitFor({ state: 'attached' });
    await clickNav(page, 'Culture');
    await waitForTitle(page, 'Schoolwide agreements');
    await page.getByRole('table', { name: /Share of the school’s visits per week/ }).getByRole('rowheader', { name: 'Learning targets are posted and used' }).waitFor();
    await page.getByRole('navigation', { name: 'Culture' }).getByRole('link', { name: 'Core-practice self-assessment' }).click();
    await waitForTitle(page, 'Core-practice self-assessment');
    const overview = await apiGet<z.infer<typeof SelfAssessmentOverview>>(page, `/api/schools/${school.id}/self-assessments`);
    expect(overview.periods.map((p) => p.period)).toEqual(['Spring 2026', 'Fall 2026']);
    const table = page.getByRole('table', { name: /Level of each practice per period/ });
    const vision = await table.getByRole('row', { name: /A shared vision/ }).locator('td').allTextContents();
    expect(vision).toEqual(['2 Developing', '3 Established', '+1']);
    for (const s of overview.suggestions) await page.locator('.suggestion').filter({ hasText: s.suggestion }).waitFor();
    const trend = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Trend', level: 2 }) });
    await trend.locator('.chart-canvas svg').last().waitFor();
    await checkAccessibleBasics(page);
    await shoot(page, trend, 'docs/screenshots/self-assessment-trend.png');
    expect(problems).toEqual([]);
  });

  test('a teacher answers the open pulse once on a phone; results stay hidden until it closes with enough responses', async () => {
    const { page, problems } = await openPage(browser, PHONE);
    await signIn(page, 'teacher@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;
    await page.goto(`/schools/${school.id}/pulse`);
    await waitForTitle(page, 'Staff pulse');
    const before = await apiGet<z.infer<typeof Pulse>[]>(page, `/api/schools/${school.id}/pulses`);
    const open = before.find((p) => p.status === 'open')!;
    const closed = before.find((p) => p.status === 'closed')!;
    expect(open).toMatchObject({ canRespond: true, responded: false });
    const card = page.locator('li.pulse').filter({ hasText: open.title });
    for (const legend of await card.locator('fieldset legend').allTextContents()) {
      await card.getByRole('group', { name: legend }).getByLabel('Agree', { exact: true }).check();
    }
    await card.getByLabel('Comment (optional)').fill('Thank you for protecting planning time.');
    await checkAccessibleBasics(page);
    await card.getByRole('button', { name: 'Send my response' }).click();
    await card.getByText('you have responded').waitFor();
    const after = (await apiGet<z.infer<typeof Pulse>[]>(page, `/api/schools/${school.id}/pulses`)).find((p) => p.id === open.id)!;
    expect(after).toMatchObject({ responses: open.responses + 1, responded: true, canRespond: false });
    const hidden = await apiGet<PulseResults>(page, `/api/schools/${school.id}/pulses/${open.id}/results`);
    expect(hidden.shown).toBe(false);
    const shown = await apiGet<PulseResults>(page, `/api/schools/${school.id}/pulses/${closed.id}/results`);
    expect(shown.shown).toBe(true);
    await page.locator('li.pulse').filter({ hasText: closed.title }).getByRole('table').waitFor();
    await checkNoHorizontalScroll(page);
    expect(problems).toEqual([]);
  });
});
