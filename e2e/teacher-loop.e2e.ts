import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '../schemas/auth';
import type { StaffMember } from '../schemas/people';
import type { GuidingQuestion } from '../schemas/sharing';
import type { Visit, VisitSettings } from '../schemas/visits';
import type { z } from 'zod';
import { apiGet, baseURL, checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, openPage, PHONE, signIn, waitForTitle, type TestPage } from './support/browser';
import { receivedMail, waitForMail } from './support/mail';
import { schoolDayMorning } from './support/nav';
import { screenshotPath } from './support/screenshots';

const NOT_AN_EVALUATION = 'Visits are not evaluations. Evidence from a visit is never turned into a rating';
const CSV_COLUMNS = 'visit_date,observer,class,duration_minutes,look_fors,evidence,guiding_question,my_reflection,my_next_step,conversations';
const headers = () => ({ origin: baseURL() });

async function putSettings(page: Page, schoolId: string, body: Partial<z.infer<typeof VisitSettings>>) {
  const response = await page.request.put(`/api/schools/${schoolId}/visit-settings`, { headers: headers(), data: body });
  expect(response.status(), 'PUT visit-settings').toBe(200);
}

describe('evidence to conversation to reflection, with two people and a real mail server', () => {
  let browser: Browser;
  let leader: TestPage;
  let teacher: TestPage;
  let schoolId = '';
  let originalShareMode: 'immediate' | 'held' = 'immediate';

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    // Other files use the demo school: put its sharing back as it was, whatever happened above.
    if (leader && schoolId) await putSettings(leader.page, schoolId, { shareMode: originalShareMode });
    await browser?.close();
  });

  test('a held visit is shared with a question, reflected on, and talked about; the teacher gets one email and no private note', async () => {
    const marker = `PRIVATE-${randomUUID().slice(0, 8)}`;
    const evidence = `Students explained their strategy to a partner (${randomUUID().slice(0, 6)}).\n14 of 20 hands up for the check.`;

    // The principal holds visits for sharing (set through the API), then records one about Grace through the API.
    leader = await openPage(browser, PHONE);
    const lp = leader.page;
    await signIn(lp, 'principal@demo.test');
    const me = await apiGet<MeResponse>(lp, '/api/me');
    const school = me.schools[0]!;
    schoolId = school.id;
    const staff = await apiGet<StaffMember[]>(lp, `/api/schools/${school.id}/staff`);
    const grace = staff.find((p) => p.email === 'teacher@demo.test')!;
    originalShareMode = (await apiGet<z.infer<typeof VisitSettings>>(lp, `/api/schools/${school.id}/visit-settings`)).shareMode;
    await putSettings(lp, school.id, { shareMode: 'held' });
    const visitId = randomUUID();
    const created = await lp.request.post('/api/visits', {
      headers: headers(),
      data: { id: visitId, schoolId: school.id, teacherId: grace.id, startedAt: schoolDayMorning(school.timezone), durationMinutes: 9, evidence, tags: [], privateNote: `Seating plan? ${marker}` },
    });
    expect(created.status()).toBe(201);
    expect(((await created.json()) as Visit).status).toBe('captured');

    // The visit page: not shared yet, the private note labelled; share it with a question picked from the library.
    await lp.goto(`/visits/${visitId}`);
    await waitForTitle(lp, `Visit to ${grace.name}`);
    await lp.getByText('Not shared yet', { exact: true }).waitFor();
    const note = lp.locator('.loop-private');
    await note.getByText('Private — only you see this').waitFor();
    await note.getByText(marker).waitFor();
    await checkAccessibleBasics(lp);
    await checkNoHorizontalScroll(lp);
    const library = await apiGet<z.infer<typeof GuidingQuestion>[]>(lp, `/api/schools/${school.id}/guiding-questions`);
    const question = library.find((q) => q.focus === 'Student talk') ?? library[0]!;
    await lp.getByLabel('Pick a question from the library').selectOption(question.id);
    expect(await lp.getByLabel('Guiding question (optional)').inputValue()).toBe(question.body);
    await lp.getByRole('button', { name: `Share with ${grace.name}` }).click();
    await lp.getByRole('heading', { level: 2, name: `Shared with ${grace.name}` }).waitFor();
    await lp.locator('.loop-question').getByText(question.body).waitFor();

    // Exactly one email for the share: to Grace, with the link to the visit in My classroom, and no private note.
    const link = `${baseURL()}/my-classroom/visits/${visitId}`;
    const [mail] = await waitForMail((m) => m.text.includes(visitId));
    expect(mail!.to).toEqual(['teacher@demo.test']);
    expect(mail!.text).toContain(link);
    // Checked decoded and raw: quoted-printable could split the marker in the raw message.
    expect(`${mail!.subject}\n${mail!.text}\n${mail!.raw}`).not.toContain(marker);
    expect(mail!.text).not.toContain('Seating plan');

    // Grace, in her own browser: the home card counts what waits for her; My classroom shows the visit and the question.
    teacher = await openPage(browser, PHONE);
    const tp = teacher.page;
    await signIn(tp, 'teacher@demo.test');
    const mine = await apiGet<Visit[]>(tp, '/api/my/visits');
    expect(JSON.stringify(mine)).not.toContain(marker);
    const waiting = mine.filter((v) => !v.reflection).length;
    const card = tp.getByRole('region', { name: 'My classroom' });
    await card.getByText(new RegExp(`^${waiting} visits? waiting for your reflection`)).waitFor();
    await card.getByRole('link', { name: 'Open My classroom' }).click();
    await waitForTitle(tp, 'My classroom');
    await tp.getByText(NOT_AN_EVALUATION).first().waitFor();
    const item = tp.locator('li.timeline-visit', { has: tp.locator(`a[href="/my-classroom/visits/${visitId}"]`) });
    await item.getByText('14 of 20 hands up', { exact: false }).waitFor();
    await item.getByText(question.body).waitFor();
    await item.getByText(`Visited by ${me.user.name}`, { exact: false }).waitFor();
    expect(await tp.content()).not.toContain(marker);
    await checkAccessibleBasics(tp);
    await checkNoHorizontalScroll(tp);
    await tp.screenshot({ path: screenshotPath('my-classroom-phone.png'), fullPage: true });

    // She reflects: an empty reflection is refused inline, then she writes one, chooses a next step and asks to talk.
    await item.getByRole('link', { name: /^Reflect on this visit/ }).click();
    await tp.getByRole('heading', { level: 2, name: 'Your reflection' }).waitFor();
    await tp.getByText(question.body).first().waitFor();
    expect(await tp.content()).not.toContain(marker);
    await tp.getByRole('button', { name: 'Save reflection' }).click();
    await tp.getByText('Write your reflection: a few words are enough').waitFor();
    expect(await tp.getByLabel('Reflection', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await tp.getByRole('alert').filter({ hasText: 'Check the highlighted field.' }).waitFor();
    const reflection = 'Most of the talk was mine in the part you saw; the pairs only talked once.';
    const nextStep = 'Add a second turn-and-talk before the check.';
    await tp.getByLabel('Reflection', { exact: true }).fill(reflection);
    await tp.getByLabel('Your next step (optional)').fill(nextStep);
    await tp.getByLabel('I’d like to talk about this').check();
    await tp.getByRole('button', { name: 'Save reflection' }).click();
    await tp.getByRole('status').filter({ hasText: 'Reflection saved.' }).waitFor();
    await tp.getByText('You asked to talk about this visit.').waitFor();
    await tp.getByText(reflection).waitFor();

    // The principal's home says what needs follow-up; the request is in the bell and on Follow-up, then the
    // reflection on the visit page.
    await lp.goto('/');
    const followUpCard = lp.getByRole('region', { name: 'Needs follow-up' });
    await followUpCard.getByText(/asked to talk/).waitFor();
    await followUpCard.getByRole('link', { name: /waiting for a conversation/ }).click();
    await waitForTitle(lp, 'Needs follow-up');
    await lp.getByRole('link', { name: /^Notifications, \d+ unread$/ }).waitFor();
    const waitingItem = lp.locator('li.loop-item', { has: lp.locator(`a[href="/visits/${visitId}"]`) });
    await waitingItem.getByText('Asked to talk').waitFor();
    await waitingItem.getByRole('link', { name: grace.name }).click();
    await waitForTitle(lp, `Visit to ${grace.name}`);
    await lp.getByText(reflection).waitFor();
    await lp.getByText(`${grace.name} would like to talk about this visit.`).waitFor();
    expect(await lp.getByLabel(`${grace.name}’s next step`).inputValue()).toBe(nextStep);
    await checkAccessibleBasics(lp);
    await checkNoHorizontalScroll(lp);
    await lp.screenshot({ path: screenshotPath('visit-leader-phone.png'), fullPage: true });

    // Record the conversation: notes are required (inline error), then saved with a follow-up date.
    await lp.getByRole('button', { name: 'Record conversation' }).click();
    await lp.getByText('Write what you talked about').waitFor();
    const notes = `We looked at who talked when (${randomUUID().slice(0, 6)}). Grace will try a second turn-and-talk.`;
    await lp.getByLabel('Notes', { exact: true }).fill(notes);
    const followUp = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await lp.getByLabel('Follow-up visit (optional)').fill(followUp);
    await lp.getByRole('button', { name: 'Record conversation' }).click();
    await lp.getByRole('alert').filter({ hasText: 'Conversation recorded.' }).waitFor();
    await lp.locator('.loop-conversation').getByText(notes).waitFor();
    await lp.getByText('Talked about', { exact: true }).first().waitFor();

    // Grace follows the email's link and sees the conversation, her next step and the follow-up date.
    await tp.goto(new URL(mail!.text.match(/https?:\/\/\S+\/my-classroom\/visits\/\S+/)![0]).pathname);
    await tp.getByRole('heading', { level: 2, name: 'Conversations' }).waitFor();
    const conversation = tp.locator('.loop-conversation');
    await conversation.getByText(notes).waitFor();
    await conversation.getByText(nextStep).waitFor();
    await conversation.getByText(`recorded by ${me.user.name}`, { exact: false }).waitFor();
    expect(await tp.content()).not.toContain(marker);

    // Her notifications: the conversation is there; marking all read empties the bell.
    await tp.getByRole('link', { name: /^Notifications/ }).click();
    await waitForTitle(tp, 'Notifications');
    await tp.getByRole('link', { name: `${me.user.name} recorded your conversation` }).first().waitFor();
    await tp.getByRole('button', { name: 'Mark all as read' }).click();
    await tp.getByRole('status').filter({ hasText: 'All read' }).waitFor();
    await tp.getByRole('link', { name: 'Notifications', exact: true }).waitFor();

    // Her data: the CSV download has the export's columns and her reflection, never the private note; the PDF is a PDF.
    await tp.goto('/my-classroom');
    await waitForTitle(tp, 'My classroom');
    const [download] = await Promise.all([tp.waitForEvent('download'), tp.getByRole('link', { name: /^Download CSV/ }).click()]);
    const csv = (await fs.readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    expect(csv.split(/\r?\n/)[0]).toBe(CSV_COLUMNS);
    expect(csv).toContain(reflection);
    expect(csv).not.toContain(marker);
    const pdfHref = await tp.getByRole('link', { name: /^Download PDF/ }).getAttribute('href');
    const pdf = await tp.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // Still exactly one email about this visit (reflection and conversation notify in the app only).
    await new Promise((r) => setTimeout(r, 6_000));
    const aboutVisit = (await receivedMail()).filter((m) => m.text.includes(visitId));
    expect(aboutVisit.map((m) => m.to)).toEqual([['teacher@demo.test']]);

    expect(leader.problems).toEqual([]);
    expect(teacher.problems).toEqual([]);
    await putSettings(lp, school.id, { shareMode: originalShareMode });
    await teacher.context.close();
  });
});
