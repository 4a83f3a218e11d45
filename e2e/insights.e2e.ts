import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '../schemas/auth';
import type { SchoolInsights } from '../schemas/insights';
import type { Visit } from '../schemas/visits';
import { apiGet, baseURL, checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { expectedTable, expectNoEvidence, readInsightTable, readXlsx, roundShare, startsWith } from './support/insights';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

const DESKTOP = { width: 1280, height: 800 };

interface View {
  id: string;
  name: string;
  filters: Record<string, string>;
}
interface Decision {
  id: string;
  title: string;
  viewId: string | null;
  effect: string | null;
}

/** Waits until the page's insight table says what the API says for the same filters. */
async function expectTableMatchesApi(page: Page, insights: SchoolInsights) {
  const expected = expectedTable(insights);
  await expect.poll(async () => (await readInsightTable(page)).rows, { timeout: 20_000 }).toEqual(expected);
  return readInsightTable(page);
}

describe('insights and decisions', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a principal filters by grade, exports the table, saves a view, opens it and records a decision citing it', async () => {
    const { page, problems, context } = await openPage(browser, DESKTOP);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL() });
    await signIn(page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;

    await clickNav(page, 'Insights');
    await waitForTitle(page, 'Insights');
    const all = await apiGet<SchoolInsights>(page, `/api/insights/school?schoolId=${school.id}`);
    expect(all.totalVisits, 'the demo school has a term of visits').toBeGreaterThan(20);
    await expectTableMatchesApi(page, all);
    await page.locator('.chart-canvas svg').nth(1).waitFor();
    // No inline styles (the CSP has no 'unsafe-inline'): Plot's <style> elements are dropped, chart.css stands in.
    expect(await page.locator('.chart-canvas style').count()).toBe(0);
    expect(await page.locator('.chart-canvas svg text').first().evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre');
    expect(await page.evaluate(() => document.querySelectorAll('style').length)).toBe(0);
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.mouse.move(1, 1); // no chart tooltip in the picture
    await page.screenshot({ path: screenshotPath('insights-desktop.png'), fullPage: true });

    // Filter by grade 3: the URL keeps it, and the table shows the API's numbers for the same filters.
    await page.getByLabel('Grade', { exact: true }).selectOption({ label: 'Grade 3' });
    await page.waitForURL((url) => url.searchParams.get('grade') === '03');
    const grade3 = await apiGet<SchoolInsights>(page, `/api/insights/school?schoolId=${school.id}&grade=03`);
    expect(grade3.totalVisits).toBeGreaterThan(0);
    expect(grade3.totalVisits).toBeLessThan(all.totalVisits);
    const onPage = await expectTableMatchesApi(page, grade3);
    await page.getByText(`${grade3.totalVisits} visits matching the filters`).waitFor();

    // The week-by-week table agrees too, and both charts are drawn as labelled images.
    const weekly = page.getByRole('table', { name: 'Visits with each look-for, week by week' });
    const first = grade3.tags[0]!;
    const cells = await weekly.getByRole('row', { name: startsWith(first.name) }).locator('td').allTextContents();
    expect(cells.map(Number)).toEqual([...first.perWeek, first.visits]);
    const charts = page.locator('.chart-canvas[role="img"]');
    expect(await charts.count()).toBe(2);
    await page.locator('.chart-canvas svg').nth(1).waitFor();
    for (const label of await charts.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))) expect(label.length).toBeGreaterThan(40);
    await page.getByRole('heading', { name: 'What changed' }).waitFor();
    await page.getByRole('table', { name: /Visits per teacher, by grade/ }).waitFor();

    // Export XLSX: a plain link with the page's filters; the file holds the numbers of the table on the page.
    const xlsxLink = page.getByRole('link', { name: 'Export XLSX' });
    expect(await xlsxLink.getAttribute('href')).toBe(`/api/insights/school/export?schoolId=${school.id}&grade=03&format=xlsx`);
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toContain('grade=03&format=csv');
    const [download] = await Promise.all([page.waitForEvent('download'), xlsxLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^rounds-insights-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const xlsx = await readXlsx((await download.path())!);
    expect(xlsx.sheets).toEqual(['Look-fors', 'About']);
    const [xHeader, ...xRows] = xlsx.rows;
    expect(xHeader!.slice(0, 3)).toEqual(['Look-for', 'Visits', 'Share of visits']);
    expect(xHeader!.slice(3)).toEqual(onPage.header.slice(3).map((h) => `${h} (visits with it)`));
    expect(xRows.map(([name, visits, share, ...groups]) => [name, visits, roundShare(Number(share)), ...groups])).toEqual(onPage.rows);

    // Copy link copies the page's own URL (the filters included).
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());

    // Save the view: its dates are pinned, and it appears in the list.
    const name = `Grade 3 look-fors ${Date.now()}`;
    await page.getByLabel('Name this view').fill(name);
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByText(`Saved “${name}”`).waitFor();
    await page.waitForURL((url) => url.searchParams.get('from') === grade3.range.from && url.searchParams.get('to') === grade3.range.to);
    const views = await apiGet<View[]>(page, `/api/schools/${school.id}/insight-views`);
    const view = views.find((v) => v.name === name)!;
    expect(view.filters).toMatchObject({ grade: '03', breakdown: 'grade', from: grade3.range.from, to: grade3.range.to });
    await checkAccessibleBasics(page);

    // Open it from the list on a fresh, unfiltered page: the filters come back.
    await page.goto(`/schools/${school.id}/insights`);
    await waitForTitle(page, 'Insights');
    expect(await page.getByLabel('Grade', { exact: true }).inputValue()).toBe('');
    await page.getByRole('list', { name: 'Saved views' }).getByRole('link', { name, exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('grade') === '03' && url.searchParams.get('from') === grade3.range.from);
    expect(await page.getByLabel('Grade', { exact: true }).inputValue()).toBe('03');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(grade3.range.from);
    await expectTableMatchesApi(page, grade3);
    await page.getByText(`This is the saved view “${name}”.`).waitFor();

    // Record a decision from this view: the form cites it.
    await page.getByRole('link', { name: 'Record a decision from this view' }).click();
    await waitForTitle(page, 'Decisions');
    expect(new URL(page.url()).searchParams.get('viewId')).toBe(view.id);
    expect(await page.getByLabel('Saved view it rests on').inputValue()).toBe(view.id);
    const title = `Coaching cycle on checking for understanding, grade 3 (${Date.now()})`;
    await page.getByLabel('Kind of decision').selectOption('coaching');
    await page.getByLabel('What was decided').fill(title);
    await page.getByLabel('The evidence it rests on').fill('Grade 3 visits show fewer checks for understanding than other grades.');
    await page.getByLabel('Who decided').fill('Principal with the ILT');
    await page.getByLabel('How it was decided').selectOption('consensus');
    await page.getByLabel('Team that took part').selectOption({ label: 'Instructional Leadership Team' });
    await checkAccessibleBasics(page);
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText(`Recorded “${title}”.`).waitFor();
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
    await item.getByRole('link', { name }).waitFor();
    await item.getByText('Team consensus', { exact: true }).waitFor();
    const decision = (await apiGet<Decision[]>(page, `/api/schools/${school.id}/decisions`)).find((d) => d.title === title)!;
    expect(decision.viewId).toBe(view.id);

    // Later: the effect it had.
    await item.getByText(`Record the effect of “${title}”`).click();
    await item.getByLabel('What changed, as seen in visits or results').fill('Checks for understanding seen in 6 of 10 grade 3 visits in January.');
    await item.getByRole('button', { name: 'Save the effect' }).click();
    await item.getByRole('heading', { name: /^Effect observed/ }).waitFor();
    expect((await apiGet<Decision[]>(page, `/api/schools/${school.id}/decisions`)).find((d) => d.id === decision.id)!.effect).toContain('6 of 10');

    // A teacher reads the log, without the form.
    const teacher = await openPage(browser, PHONE);
    await signIn(teacher.page, 'teacher@demo.test');
    await teacher.page.goto(`/schools/${school.id}/decisions`);
    await waitForTitle(teacher.page, 'Decisions');
    await teacher.page.getByRole('heading', { name: title }).waitFor();
    expect(await teacher.page.getByRole('button', { name: 'Record the decision' }).count()).toBe(0);
    expect(teacher.problems).toEqual([]);
    await teacher.context.close();

    expect(problems).toEqual([]);
    await context.close();
  });

  test('a principal finds two visits, chooses them as a decision’s evidence, removes and re-adds one, and sees them on the saved decision', async () => {
    const { page, problems, context } = await openPage(browser, DESKTOP);
    await signIn(page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;
    const firstLine = (evidence: string) => evidence.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
    const day = (iso: string) => new Date(iso).toLocaleDateString('en-US', { timeZone: school.timezone, month: 'short', day: 'numeric', year: 'numeric' });
    const recent = (await apiGet<{ items: Visit[] }>(page, `/api/visits?schoolId=${school.id}&kind=leader&limit=50`)).items.filter((v) => firstLine(v.evidence).length > 20);
    const a = recent[0]!;
    const b = recent.find((v) => v.teacher.id !== a.teacher.id)!;
    expect(b, 'the demo school has recent visits of two teachers').toBeDefined();

    await page.goto(`/schools/${school.id}/decisions`);
    await waitForTitle(page, 'Decisions');
    const title = `Model turn-and-talk in two classrooms (${Date.now()})`;
    await page.getByLabel('What was decided').fill(title);
    await page.getByLabel('How it was decided').selectOption('leader');
    const picker = page.getByRole('group', { name: 'Visits it rests on' });
    const count = picker.locator('.chosen-count');
    await count.getByText('No visits chosen.').waitFor();
    const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const choose = async (v: Visit) => {
      await picker.getByLabel('Teacher', { exact: true }).selectOption(v.teacher.id);
      await picker.getByLabel('Search the evidence or a teacher’s name').fill(firstLine(v.evidence).slice(0, 40));
      const box = picker.getByRole('list', { name: 'Visits found' }).getByRole('checkbox', { name: new RegExp(`^${esc(v.teacher.name)}, ${esc(day(v.startedAt))}.*${esc(firstLine(v.evidence).slice(0, 40))}`) }).first();
      await box.check();
    };
    await choose(a);
    await count.getByText('1 visit chosen.').waitFor();
    await choose(b);
    await count.getByText('2 visits chosen.').waitFor();
    // Filters narrow the list; the private note never shows in it.
    expect(await picker.getByRole('list', { name: 'Visits found' }).getByRole('checkbox').count()).toBeGreaterThan(0);
    const chosen = picker.getByRole('list', { name: 'Chosen visits' });
    expect(await chosen.getByRole('listitem').count()).toBe(2);
    await checkAccessibleBasics(page);
    // Remove one before saving: the count says so, focus stays in the picker; then choose it again.
    await chosen.getByRole('button', { name: `Remove the visit to ${a.teacher.name} on ${day(a.startedAt)}` }).click();
    await count.getByText('1 visit chosen.').waitFor();
    expect(await count.evaluate((el) => el === document.activeElement)).toBe(true);
    await choose(a);
    await count.getByText('2 visits chosen.').waitFor();
    expect(await chosen.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(b.teacher.name), expect.stringContaining(a.teacher.name)]);

    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText(`Recorded “${title}”. It cites 2 visits.`).waitFor();
    await count.getByText('No visits chosen.').waitFor();
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
    const cited = item.getByRole('list', { name: 'Visits it rests on' });
    const links = cited.getByRole('link');
    expect(await links.allTextContents()).toEqual([`${b.teacher.name}, ${day(b.startedAt)}`, `${a.teacher.name}, ${day(a.startedAt)}`]);
    await cited.getByText(firstLine(a.evidence).slice(0, 40)).first().waitFor();
    const decision = (await apiGet<(Decision & { visitIds: string[]; visits: { id: string; teacher: { id: string } }[] })[]>(page, `/api/schools/${school.id}/decisions`)).find((d) => d.title === title)!;
    expect(decision.visits.map((v) => v.teacher.id)).toEqual([b.teacher.id, a.teacher.id]);
    expect(decision.visitIds).toEqual(decision.visits.map((v) => v.id));
    expect(await links.first().getAttribute('href')).toBe(`/visits/${decision.visitIds[0]}`);
    await links.first().click();
    await page.waitForURL(`**/visits/${decision.visitIds[0]}`);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('on a phone, Insights and Decisions sit behind More; the page fits the screen', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Insights', exact: true }).isVisible()).toBe(false);
    await clickNav(page, 'Insights');
    await waitForTitle(page, 'Insights');
    const insights = await apiGet<SchoolInsights>(page, `/api/insights/school?schoolId=${school.id}`);
    await expectTableMatchesApi(page, insights);
    await page.locator('.chart-canvas svg').nth(1).waitFor();
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('insights-phone.png'), fullPage: true });

    // An empty range says so.
    await page.goto(`/schools/${school.id}/insights?from=2001-01-01&to=2001-01-31`);
    await page.getByText('No visits in this range').waitFor();
    await clickNav(page, 'Decisions');
    await waitForTitle(page, 'Decisions');
    await checkNoHorizontalScroll(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a district leader sees shares per school, small schools suppressed, and no visit evidence anywhere', async () => {
    const principal = await openPage(browser, DESKTOP);
    await signIn(principal.page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(principal.page, '/api/me')).schools[0]!;
    const visits = await apiGet<{ items: Visit[] }>(principal.page, `/api/visits?schoolId=${school.id}&limit=5`);
    const evidence = visits.items.map((v) => v.evidence).filter((e) => e.length > 20);
    expect(evidence.length, 'demo visits with evidence').toBeGreaterThan(0);
    await principal.context.close();

    const { page, problems, context } = await openPage(browser, DESKTOP);
    await signIn(page, 'district@demo.test');
    await clickNav(page, 'Insights');
    await waitForTitle(page, 'District insights');
    const response = await page.request.get('/api/insights/district');
    expect(response.status()).toBe(200);
    const body = await response.text();
    const data = JSON.parse(body) as { lookFors: string[]; schools: { id: string; name: string; visits: number | null; suppressed: boolean }[] };
    const table = page.getByRole('table', { name: 'Visits per school and the share of them with each look-for' });
    for (const s of data.schools) {
      const row = table.getByRole('row', { name: startsWith(s.name) });
      if (s.suppressed) await row.getByText('Fewer than 5 visits — not shown').waitFor();
      else expect((await row.locator('td').first().textContent())?.trim()).toBe(String(s.visits));
    }
    await checkAccessibleBasics(page);
    const html = await page.content();
    for (const e of evidence) {
      expectNoEvidence(html, e, 'the district insights page');
      expectNoEvidence(body, e, 'GET /api/insights/district');
    }

    // A day without visits (a Sunday): every school is suppressed, in the page and in the API.
    const sunday = new Date();
    sunday.setUTCDate(sunday.getUTCDate() - ((sunday.getUTCDay() + 7) % 7) - 7);
    const day = sunday.toISOString().slice(0, 10);
    await page.goto(`/district/insights?from=${day}&to=${day}`);
    await waitForTitle(page, 'District insights');
    await expect.poll(() => table.getByText('Fewer than 5 visits — not shown').count()).toBe(data.schools.length);
    const quiet = await apiGet<{ schools: { visits: number | null; suppressed: boolean }[] }>(page, `/api/insights/district?from=${day}&to=${day}`);
    expect(quiet.schools.every((s) => s.suppressed && s.visits === null)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
