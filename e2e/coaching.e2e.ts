import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '../schemas/auth';
import type { CycleSummary } from '../schemas/coaching';
import type { PeerRequestLists, Suggestions } from '../schemas/expertise';
import type { StaffMember } from '../schemas/people';
import type { Visit } from '../schemas/visits';
import { baseURL, apiGet, checkAccessibleBasics, checkNoHorizontalScroll, DESKTOP, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

describe('coaching and learning from colleagues', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a teacher finds a colleague for a topic and asks for a peer visit; the colleague accepts; the notes reach the colleague only', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'teacher@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;
    // The demo colleague who named "Number talks with dot cards" as a strength.
    const expected = await apiGet<Suggestions>(page, `/api/schools/${school.id}/expertise/suggestions?topic=number%20talks&weeks=12`);
    const colleague = expected.suggestions.find((s) => s.strengths.includes('Number talks with dot cards'))!;
    expect(colleague, 'a colleague named number talks as a strength').toBeTruthy();

    await clickNav(page, 'Learn from colleagues');
    await waitForTitle(page, 'Learn from colleagues');
    await page.getByLabel('Topic', { exact: true }).fill('number talks');
    await page.getByRole('button', { name: 'Find colleagues' }).click();
    const card = page.locator('.suggestion').filter({ has: page.getByRole('heading', { name: colleague.teacher.name }) });
    await card.getByText('Names “Number talks with dot cards” as a strength').waitFor();
    await card.getByRole('button', { name: `Ask to visit ${colleague.teacher.name}’s classroom` }).click();
    await card.getByLabel(`Message to ${colleague.teacher.name} (optional)`).fill('Could I see a number talk on Thursday morning?');
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await card.getByRole('button', { name: 'Send request' }).click();
    await card.getByText(`Request sent to ${colleague.teacher.name}.`).waitFor();

    // The colleague sees the request in their inbox and accepts it.
    const staff = await apiGet<StaffMember[]>(page, `/api/schools/${school.id}/staff?role=teacher`);
    const email = staff.find((s) => s.id === colleague.teacher.id)!.email!;
    const other = await openPage(browser, PHONE);
    await signIn(other.page, email);
    await clickNav(other.page, 'Learn from colleagues');
    await other.page.getByRole('link', { name: 'My peer-visit requests' }).click();
    await waitForTitle(other.page, 'Peer-visit requests');
    const request = other.page.locator('li.card').filter({ hasText: 'Could I see a number talk on Thursday morning?' });
    await request.getByRole('heading', { name: 'Grace Nakamura' }).waitFor();
    await request.getByLabel('Note to Grace Nakamura (optional)').fill('Thursday 9:00 works.');
    await request.getByRole('button', { name: 'Accept Grace Nakamura’s request' }).click();
    await request.getByText('Accepted', { exact: true }).waitFor();
    await checkAccessibleBasics(other.page);

    // The teacher records the visit with the visit capture.
    await card.getByRole('link', { name: 'My peer-visit requests' }).click();
    await waitForTitle(page, 'Peer-visit requests');
    const mine = page.locator('li.card').filter({ has: page.getByRole('heading', { name: colleague.teacher.name }) }).filter({ hasText: 'Thursday 9:00 works.' });
    await mine.getByRole('link', { name: 'Record the visit' }).click();
    await waitForTitle(page, `Visit to ${colleague.teacher.name}`);
    await page.getByLabel('Evidence', { exact: true }).fill('Dot card shown for 3 seconds; 11 students explained how they saw 7 (5 and 2, 4 and 3).');
    await checkAccessibleBasics(page);
    // No connection in the colleague's classroom: the visit waits on the phone in the outbox, then goes once.
    const peerVisitsByMe = async () => (await apiGet<Visit[]>(other.page, '/api/my/visits')).filter((v) => v.kind === 'peer' && v.observer.name === 'Grace Nakamura');
    const before = (await peerVisitsByMe()).length;
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Save peer visit' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved on this device.' }).waitFor();
    await page.getByRole('region', { name: 'Sync status' }).getByText('1 visit waiting to sync').waitFor();
    await checkAccessibleBasics(page);
    expect(await peerVisitsByMe()).toHaveLength(before);
    await context.setOffline(false);
    await page.getByText(/Saved\. .* can read your notes/).waitFor({ timeout: 60_000 });
    expect(await peerVisitsByMe()).toHaveLength(before + 1);
    // Opening the page again flushes the outbox again: still exactly one visit.
    await page.reload();
    await page.getByText(/Saved\. .* can read your notes/).waitFor();
    expect(await peerVisitsByMe()).toHaveLength(before + 1);

    // The notes reach the visited colleague; the principal cannot open them.
    const lists = await apiGet<PeerRequestLists>(page, `/api/schools/${school.id}/peer-visit-requests`);
    const visitId = lists.sent.find((r) => r.host.id === colleague.teacher.id && r.status === 'visited')!.visitId!;
    const theirs = await apiGet<Visit[]>(other.page, '/api/my/visits');
    expect(theirs.find((v) => v.id === visitId)).toMatchObject({ kind: 'peer', observer: { name: 'Grace Nakamura' } });
    const leader = await openPage(browser, PHONE);
    await signIn(leader.page, 'principal@demo.test');
    expect((await leader.page.request.get(`/api/visits/${visitId}`)).status()).toBe(404);
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  test('the coach’s page of an active cycle shows the baseline, the observation and the debrief', async () => {
    const { page, problems } = await openPage(browser, DESKTOP);
    await signIn(page, 'coach@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools.find((s) => s.name === 'Maple Grove Elementary')!;
    const cycles = await apiGet<CycleSummary[]>(page, `/api/schools/${school.id}/coaching/cycles`);
    const active = cycles.find((c) => c.status === 'active' && c.teacher.name === 'Grace Nakamura')!;
    expect(active, 'the demo coach has an active cycle with the demo teacher').toBeTruthy();
    await page.goto(`/schools/${school.id}/coaching`);
    await waitForTitle(page, 'Coaching cycles');
    await page.getByRole('link', { name: active.goal }).click();
    await waitForTitle(page, 'Coaching cycle: Grace Nakamura');
    await page.getByText(/Baseline math talk: 4 of 25 students/).waitFor();
    await page.getByText(/14 of 25 students explained a strategy to a partner/).waitFor();
    await page.getByText(/Post two sentence starters/).waitFor();
    await expect(page.getByRole('link', { name: 'Record an observation' }).getAttribute('href')).resolves.toContain(`cycle=${active.id}`);
    await checkAccessibleBasics(page);
    await page.screenshot({ path: screenshotPath('coaching-cycle.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test('on a phone, the coach adds a visit they already made of the teacher as an observation of the cycle', async () => {
    const { page, problems } = await openPage(browser, PHONE);
    await signIn(page, 'coach@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools.find((s) => s.name === 'Maple Grove Elementary')!;
    const cycles = await apiGet<CycleSummary[]>(page, `/api/schools/${school.id}/coaching/cycles`);
    const active = cycles.find((c) => c.status === 'active' && c.teacher.name === 'Grace Nakamura')!;
    const evidence = `Partners used sentence starters to explain (${Date.now().toString(36)})`;
    const visitId = randomUUID();
    const created = await page.request.post('/api/visits', {
      headers: { origin: baseURL() },
      data: { id: visitId, schoolId: school.id, teacherId: active.teacher.id, startedAt: new Date(Date.now() - 3_600_000).toISOString(), durationMinutes: 12, evidence, tags: [] },
    });
    expect(created.status()).toBe(201);

    await page.goto(`/schools/${school.id}/coaching/${active.id}`);
    await waitForTitle(page, 'Coaching cycle: Grace Nakamura');
    const observations = page.getByRole('region', { name: 'Observations' });
    await observations.getByText('Add a visit you already made').click();
    const form = page.getByRole('form', { name: 'Add a visit as an observation' });
    await form.getByRole('button', { name: 'Add as an observation' }).click();
    await form.getByText('Choose a visit').waitFor(); // nothing chosen: said, nothing sent
    await form.getByRole('radio', { name: new RegExp(evidence.replace(/[()]/g, '\\$&')) }).check();
    await checkNoHorizontalScroll(page);
    await form.screenshot({ path: screenshotPath('coaching-link-visit-phone.png') });
    await form.getByRole('button', { name: 'Add as an observation' }).click();
    await observations.getByText(/^Added your visit of .* as an observation\.$/).waitFor();
    await observations.getByRole('listitem').filter({ hasText: evidence }).waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('observations-heading');
    // Once added, the visit is no longer offered.
    await page.getByRole('radio', { name: new RegExp(evidence.replace(/[()]/g, '\\$&')) }).waitFor({ state: 'detached' });
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    expect((await apiGet<Visit>(page, `/api/visits/${visitId}`)).coachingCycleId).toBe(active.id);
    expect(problems).toEqual([]);
  });
});
