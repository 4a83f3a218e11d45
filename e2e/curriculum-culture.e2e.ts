import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import type { MeResponse } from '../schemas/auth';
import type { Alignment, MapSummary } from '../schemas/curriculum';
import type { Pulse, PulseResults, SelfAssessmentOverview } from '../schemas/culture';
import { apiGet, checkAccessibleBasics, checkNoHorizontalScroll, DESKTOP, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

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
    await shoot(page, alignment, screenshotPath('curriculum-alignment.png'));

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

  test('a coach renames a standard in place, sees the error for a duplicate code, and removes standards after confirming', async () => {
    const { page, problems } = await openPage(browser, DESKTOP);
    await signIn(page, 'coach@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools.find((s) => s.name === 'Maple Grove Elementary')!;
    const send = (method: string, url: string, body: object) =>
      page.evaluate(
        async ({ method, url, body }) => {
          const r = await fetch(url, { method, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
          return { status: r.status, json: await r.json() };
        },
        { method, url, body },
      );
    const course = `Science ${Date.now()}`;
    const made = await send('POST', `/api/schools/${school.id}/curriculum-maps`, { course, grade: '04' });
    expect(made.status).toBe(201);
    const mapUrl = `/api/schools/${school.id}/curriculum-maps/${made.json.id}`;
    const saved = await send('PUT', mapUrl, {
      course,
      grade: '04',
      version: made.json.version,
      units: [{ title: 'Ecosystems', startsOn: '2026-09-01', endsOn: '2026-10-15' }],
      standards: [
        { code: '4-LS1-1', description: 'Structures that support survival' },
        { code: '4-LS1-2', description: 'Senses and responses' },
        { code: '4-ESS2-1', description: 'Weathering and erosion' },
      ],
      targets: [
        { unit: 0, statement: 'I can explain how a plant’s parts help it survive', standardCodes: ['4-LS1-1'], assessments: [{ name: 'Plant parts exit ticket' }] },
        { unit: 0, statement: 'I can describe how animals sense and respond', standardCodes: ['4-LS1-2', '4-ESS2-1'], assessments: [] },
      ],
    });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    type Map = { version: number; standards: { code: string; description: string }[]; targets: { standardCodes: string[] }[] };

    await page.goto(`/schools/${school.id}/curriculum/${made.json.id}`);
    await waitForTitle(page, `${course} · Grade 4`);
    const standards = page.getByRole('list', { name: 'Standards of the map' });

    // A code already in the map: the server's message at the field, nothing changed.
    await standards.getByRole('button', { name: 'Edit standard 4-LS1-1' }).click();
    const form = standards.getByRole('form', { name: 'Edit standard 4-LS1-1' });
    const code = form.getByLabel('Standard code');
    expect(await code.evaluate((el) => el === document.activeElement), 'focus moves to the code').toBe(true);
    await code.fill('4-ls1-2');
    await form.getByRole('button', { name: 'Save standard' }).click();
    await form.getByText('The standard 4-LS1-2 is already in this map: use another code').waitFor();
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    await checkAccessibleBasics(page);
    expect(await apiGet<Map>(page, mapUrl), 'nothing changed').toEqual(saved.json);
    await code.fill('  ');
    await form.getByRole('button', { name: 'Save standard' }).click();
    await form.getByText('Give the standard code').waitFor();

    // Renamed: the target stays aligned to it under the new code.
    await code.fill('4-LS1-1a');
    await form.getByLabel('What it asks').fill('Internal and external structures that support survival');
    await form.getByRole('button', { name: 'Save standard' }).click();
    await standards.getByRole('button', { name: 'Edit standard 4-LS1-1a' }).waitFor();
    expect(await standards.getByRole('button', { name: 'Edit standard 4-LS1-1a' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.locator('li.target').filter({ hasText: 'I can explain how a plant’s parts help it survive' }).locator('.chip').getByText('4-LS1-1a', { exact: true }).waitFor();
    const renamed = await apiGet<Map>(page, mapUrl);
    expect(renamed.standards[0]).toMatchObject({ code: '4-LS1-1a', description: 'Internal and external structures that support survival' });
    expect(renamed.targets[0]!.standardCodes).toEqual(['4-LS1-1a']);

    // The only standard of a target: the confirmation says so and the API refuses, naming it.
    await standards.getByRole('button', { name: 'Remove standard 4-LS1-1a' }).click();
    const confirm = standards.getByRole('group', { name: /Remove 4-LS1-1a from the map\?/ });
    await confirm.getByText(/Plant parts exit ticket/).waitFor();
    await confirm.getByText(/It is the only standard of/).waitFor();
    await confirm.getByRole('button', { name: 'Remove 4-LS1-1a' }).click();
    await confirm.getByRole('alert').getByText('4-LS1-1a is the only standard of the target “I can explain how a plant’s parts help it survive”. Align it to another standard or remove it first. Nothing was removed.').waitFor();
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect(await apiGet<Map>(page, mapUrl), 'nothing removed').toEqual(renamed);

    // A standard sharing its target with another: removed, the target keeps the other.
    await standards.getByRole('button', { name: 'Remove standard 4-ESS2-1' }).click();
    const second = standards.getByRole('group', { name: /Remove 4-ESS2-1 from the map\?/ });
    await second.getByText(/keep their other standards/).waitFor();
    await second.getByRole('button', { name: 'Remove 4-ESS2-1' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Removed 4-ESS2-1 from the map.' });
    await status.waitFor();
    expect(await status.evaluate((el) => el === document.activeElement), 'focus moves to the message').toBe(true);
    await second.waitFor({ state: 'detached' });
    const after = await apiGet<Map>(page, mapUrl);
    expect(after.standards.map((s) => s.code)).toEqual(['4-LS1-1a', '4-LS1-2']);
    expect(after.targets[1]!.standardCodes).toEqual(['4-LS1-2']);
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
    await shoot(page, trend, screenshotPath('self-assessment-trend.png'));
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
