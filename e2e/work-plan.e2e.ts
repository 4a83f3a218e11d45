import { readFile } from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import type { MeResponse } from '../schemas/auth';
import type { StaffMember } from '../schemas/people';
import type { PdSession, PlanDetail } from '../schemas/plans';
import type { TeamDetail } from '../schemas/teams';
import { baseURL, apiGet, checkAccessibleBasics, checkNoHorizontalScroll, DESKTOP, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

type Plan = z.infer<typeof PlanDetail>;

describe('annual work plan', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('the principal builds a plan, an owner marks progress with evidence, the check-in shows, and the PDF carries it', async () => {
    const { page, problems } = await openPage(browser, DESKTOP);
    await signIn(page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;

    // The demo plan, as the principal shows it to the school board.
    await clickNav(page, 'Work plan');
    await waitForTitle(page, /^Maple Grove work plan/);
    await page.getByRole('heading', { name: '75% of grade 3 students read at level 3 by May' }).waitFor();
    await checkAccessibleBasics(page);
    await page.screenshot({ path: screenshotPath('work-plan.png'), fullPage: true });

    // Next year's plan: one goal, one strategy, two actions owned by teachers.
    const stamp = Date.now().toString(36);
    const title = `Plan for next year (${stamp})`;
    const goal = 'Every grade 3 student reads at level 3';
    const strategy = 'Guided reading in small groups';
    const mine = 'Run guided reading groups four days a week';
    const theirs = 'Share running records with the grade 3 team';
    await page.getByText('Start a plan for another school year').click();
    const start = page.getByRole('form', { name: 'Start a work plan' });
    await start.getByLabel('School year').fill('2027-28');
    await start.getByLabel('Plan title').fill(title);
    await start.getByRole('button', { name: 'Start the plan' }).click();
    await waitForTitle(page, title);
    const planId = new URL(page.url()).searchParams.get('plan')!;

    const addGoal = page.getByRole('form', { name: 'Add a goal' });
    await addGoal.getByRole('button', { name: 'Add the goal' }).click();
    await addGoal.getByText('Name the goal').waitFor(); // an empty goal is refused, field by field
    await addGoal.getByLabel('Goal', { exact: true }).fill(goal);
    await addGoal.getByLabel('Vision goal it serves').selectOption({ label: 'Every grade 3 student reads at grade level' });
    await addGoal.getByRole('button', { name: 'Add the goal' }).click();
    await page.getByRole('heading', { name: goal }).waitFor();
    await page.getByText('Serves the vision goal “Every grade 3 student reads at grade level”').waitFor();

    const addStrategy = page.getByRole('form', { name: `Add a strategy to “${goal}”` });
    await addStrategy.getByLabel('Strategy').fill(strategy);
    await addStrategy.getByRole('button', { name: 'Add the strategy' }).click();
    await page.getByRole('heading', { name: `Strategy ${strategy}` }).waitFor();

    const teachers = await apiGet<StaffMember[]>(page, `/api/schools/${school.id}/staff?role=teacher`);
    const grace = teachers.find((t) => t.email === 'teacher@demo.test')!;
    const colleague = teachers.find((t) => t.id !== grace.id)!;
    await page.getByText(`Add an action to “${strategy}”`).click();
    const addAction = page.getByRole('form', { name: `Add an action to “${strategy}”` });
    for (const [action, owner, due] of [
      [mine, grace.name, '2028-01-28'],
      [theirs, colleague.name, '2028-02-25'],
    ] as const) {
      await addAction.getByLabel('Action step').fill(action);
      await addAction.getByLabel('Owner').selectOption({ label: owner });
      await addAction.getByLabel('Start').fill('2027-09-06');
      await addAction.getByLabel('Due').fill(due);
      await addAction.getByRole('button', { name: 'Add the action' }).click();
      await addAction.getByText(`Added the action “${action}”.`).waitFor();
    }
    const built = await apiGet<Plan>(page, `/api/schools/${school.id}/plans/${planId}`);
    expect(built.goals.map((g) => g.strategies.map((s) => s.actions.map((a) => [a.title, a.owner.id, a.status])))).toEqual([
      [
        [
          [mine, grace.id, 'not_started'],
          [theirs, colleague.id, 'not_started'],
        ],
      ],
    ]);

    // The owner, on her phone, marks progress on her own action and adds evidence; the other action is not hers.
    const teacher = await openPage(browser, PHONE);
    const tp = teacher.page;
    await signIn(tp, 'teacher@demo.test');
    await clickNav(tp, 'Work plan');
    await waitForTitle(tp, /^Maple Grove work plan/);
    await tp.getByRole('navigation', { name: 'School years' }).getByRole('link', { name: '2027-28' }).click();
    await waitForTitle(tp, title);
    expect(await tp.getByLabel(`Status of “${theirs}”`).count(), 'no control on a colleague’s action').toBe(0);
    await tp.getByLabel(`Status of “${mine}”`).selectOption('on_track');
    await tp.getByText('Status saved: On track.').waitFor();
    const myAction = tp.locator('li.plan-action').filter({ has: tp.getByText(mine, { exact: true }) });
    await myAction.getByText('Add evidence of progress').click();
    const evidenceForm = tp.getByRole('form', { name: `Add evidence to “${mine}”` });
    const note = `Groups met four days in each of the first three weeks (${stamp})`;
    await evidenceForm.getByLabel('What shows progress').fill(note);
    await evidenceForm.getByLabel('Link to a page in Rounds (optional)').fill('https://elsewhere.example/report');
    await evidenceForm.getByRole('button', { name: 'Add evidence' }).click();
    await evidenceForm.getByText(/Link to a page of Rounds/).waitFor();
    await evidenceForm.getByLabel('Link to a page in Rounds (optional)').fill(`/schools/${school.id}/insights?grade=03`);
    await evidenceForm.getByRole('button', { name: 'Add evidence' }).click();
    await myAction.getByRole('list', { name: `Evidence for “${mine}”` }).getByText(note).waitFor();
    await checkAccessibleBasics(tp);
    await checkNoHorizontalScroll(tp);
    expect(teacher.problems).toEqual([]);
    await teacher.context.close();

    // The principal sees it, records the check-in, and it appears on the plan.
    await page.reload();
    await waitForTitle(page, title);
    const action = page.locator('li.plan-action').filter({ has: page.getByText(mine, { exact: true }) });
    await action.getByText('On track', { exact: true }).first().waitFor();
    await action.getByText(note).waitFor();
    await page.getByText('Record a check-in').click();
    const checkin = page.getByRole('form', { name: 'Record a check-in' });
    await checkin.getByLabel('Rating').selectOption('at_risk');
    await checkin.getByLabel('Goal checked').selectOption({ label: goal });
    const checkinNote = `Running records not shared yet (${stamp})`;
    await checkin.getByLabel('What the evidence shows, and what changes').fill(checkinNote);
    await checkin.getByRole('button', { name: 'Record the check-in' }).click();
    const checkins = page.getByRole('list', { name: 'Check-ins, newest first' });
    await checkins.getByText(checkinNote).waitFor();
    await checkins.getByText('At risk').waitFor();
    // The history names who changed what.
    await page.getByRole('heading', { name: 'History of changes' }).click();
    await page.getByRole('list', { name: 'Changes, newest first' }).getByText(`Added evidence to “${mine}”: ${note}`).waitFor();

    // The PDF for the school board: downloaded and read back.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('work-plan-2027-28.pdf');
    const parser = new PDFParse({ data: await readFile((await download.path())!) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    for (const expected of [title, goal, strategy, mine, theirs, grace.name, colleague.name, 'On track', 'Not started', note, checkinNote]) {
      expect(text, expected).toContain(expected);
    }

    // The principal corrects the plan: renames an action and gives it to another owner with a new due date, then
    // removes it (asked first, with what goes with it), and renames the strategy. The history records each change.
    const renamed = `${theirs}, every two weeks`;
    const theirsCard = page.locator('li.plan-action').filter({ has: page.getByText(theirs, { exact: true }) });
    await theirsCard.getByText('Edit this action').click();
    const editAction = page.getByRole('form', { name: `Edit the action “${theirs}”` });
    await editAction.getByLabel('Action step').fill('');
    await editAction.getByRole('button', { name: 'Save the action' }).click();
    await editAction.getByText('Say what will be done').waitFor(); // an empty title is refused, and nothing changes
    await editAction.getByLabel('Action step').fill(renamed);
    await editAction.getByLabel('Owner').selectOption({ label: grace.name });
    await editAction.getByLabel('Due').fill('2028-03-31');
    await editAction.getByRole('button', { name: 'Save the action' }).click();
    const editRenamed = page.getByRole('form', { name: `Edit the action “${renamed}”` });
    await editRenamed.getByText('Action saved.').waitFor();
    const edited = await apiGet<Plan>(page, `/api/schools/${school.id}/plans/${planId}`);
    expect(edited.goals[0]!.strategies[0]!.actions.map((a) => [a.title, a.owner.id, a.dueOn])).toEqual([
      [mine, grace.id, '2028-01-28'],
      [renamed, grace.id, '2028-03-31'],
    ]);
    await checkAccessibleBasics(page);

    await editRenamed.locator('xpath=..').getByRole('button', { name: 'Remove this action…' }).click();
    const confirm = page.getByRole('group', { name: 'Remove this action?' });
    await confirm.getByText(`“${renamed}” goes with its 0 pieces of evidence.`).waitFor();
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect(await page.getByText(renamed, { exact: true }).count()).toBe(1);
    await editRenamed.locator('xpath=..').getByRole('button', { name: 'Remove this action…' }).click();
    await page.getByRole('group', { name: 'Remove this action?' }).getByRole('button', { name: 'Remove this action' }).click();
    await page.getByText(renamed, { exact: true }).waitFor({ state: 'detached' });

    const strategySection = page.locator('.plan-strategy').filter({ has: page.getByRole('heading', { name: `Strategy ${strategy}` }) });
    await strategySection.getByText('Edit this strategy').click();
    const editStrategy = page.getByRole('form', { name: `Edit the strategy “${strategy}”` });
    await editStrategy.getByLabel('Strategy').fill(`${strategy} and conferring`);
    await editStrategy.getByRole('button', { name: 'Save the strategy' }).click();
    await page.getByRole('heading', { name: `Strategy ${strategy} and conferring` }).waitFor();
    const after = await apiGet<Plan>(page, `/api/schools/${school.id}/plans/${planId}`);
    expect(after.goals[0]!.strategies.map((st) => [st.title, st.actions.map((a) => a.title)])).toEqual([[`${strategy} and conferring`, [mine]]]);
    await page.getByRole('list', { name: 'Changes, newest first' }).getByText(`Removed the action “${renamed}”`).waitFor();
    expect(problems).toEqual([]);
  });

  test('staff read the teams and how the school decides; the ILT has members from several stakeholder groups', async () => {
    const { page, problems } = await openPage(browser, PHONE);
    await signIn(page, 'teacher@demo.test');
    await clickNav(page, 'Teams');
    await waitForTitle(page, 'Teams');
    await page.getByRole('link', { name: 'Instructional Leadership Team' }).click();
    await waitForTitle(page, 'Instructional Leadership Team');
    const members = page.locator('.person-list');
    for (const group of ['Leader', 'Teacher', 'Specialist', 'Family', 'Student']) await members.getByText(new RegExp(`^${group} ·`)).first().waitFor();
    await page.getByRole('heading', { name: /^Meeting of / }).first().waitFor();
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await clickNav(page, 'Decisions');
    await waitForTitle(page, 'Decisions');
    const model = page.getByRole('table');
    await model.getByRole('row', { name: /Schedule.*Delegated to a team \(Grade 3 team\)/ }).waitFor();
    await page.getByRole('heading', { name: 'December PD day: running records, led by Grace Nakamura' }).waitFor();
    expect(problems).toEqual([]);
  });

  test('on a phone, the principal renames a team, writes up a meeting afterwards, and updates who attended a PD session', async () => {
    const { page, problems } = await openPage(browser, PHONE);
    await signIn(page, 'principal@demo.test');
    const school = (await apiGet<MeResponse>(page, '/api/me')).schools[0]!;
    const stamp = Date.now().toString(36);

    // A new team, renamed and given a purpose; an empty name is refused field by field.
    await clickNav(page, 'Teams');
    await waitForTitle(page, 'Teams');
    const form = page.getByRole('form', { name: 'Form a team' });
    await form.getByLabel('Team name').fill(`Grade 4 team (${stamp})`);
    await form.getByLabel('Kind of team').selectOption('grade');
    await form.getByRole('button', { name: 'Form the team' }).click();
    await waitForTitle(page, `Grade 4 team (${stamp})`);
    const teamId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText('Edit this team').click();
    const edit = page.getByRole('form', { name: 'Edit the team' });
    await edit.getByLabel('Team name').fill('');
    await edit.getByRole('button', { name: 'Save the team' }).click();
    await edit.getByText('Name the team').waitFor();
    const renamed = `Grades 4–5 team (${stamp})`;
    await edit.getByLabel('Team name').fill(renamed);
    await edit.getByLabel('Purpose (optional)').fill('Plan the fractions unit together and look at exit tickets every week.');
    await edit.getByRole('button', { name: 'Save the team' }).click();
    await edit.getByText(`Team saved as “${renamed}”.`).waitFor();
    await waitForTitle(page, renamed);
    await page.locator('p.prewrap').getByText('Plan the fractions unit together and look at exit tickets every week.', { exact: true }).waitFor();

    // A meeting recorded without notes gets them written afterwards, then corrected.
    await page.getByText('Record a meeting').click();
    const record = page.getByRole('form', { name: 'Record a meeting' });
    await record.getByLabel('Meeting date').fill('2026-11-20');
    await record.getByLabel('Agenda').fill('Fractions pre-assessment');
    await record.getByRole('button', { name: 'Record the meeting' }).click();
    await record.getByText('Meeting recorded.').waitFor();
    const meeting = page.locator('li.card').filter({ has: page.getByRole('heading', { name: 'Meeting of 2026-11-20' }) });
    await meeting.getByText('Write the notes').click();
    const notesForm = page.getByRole('form', { name: 'Notes of the meeting of 2026-11-20' });
    const notes = `Half the students placed 3/8 before 1/2 on the number line (${stamp}).`;
    await notesForm.getByLabel('Notes').fill(notes);
    await notesForm.getByRole('button', { name: 'Save the notes' }).click();
    await notesForm.getByText('Meeting notes saved.').waitFor();
    await meeting.locator('p.prewrap').getByText(notes, { exact: true }).waitFor();
    await meeting.getByText('Edit the notes').waitFor();
    const team = await apiGet<z.infer<typeof TeamDetail>>(page, `/api/schools/${school.id}/teams/${teamId}`);
    expect([team.name, team.meetings.map((m) => [m.heldOn, m.agenda, m.notes])]).toEqual([renamed, [['2026-11-20', 'Fractions pre-assessment', notes]]]);
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('team-edit-phone.png'), fullPage: true });

    // A PD session recorded before attendance was known: the principal ticks who came.
    const staff = await apiGet<StaffMember[]>(page, `/api/schools/${school.id}/staff?role=teacher`);
    const [first, second] = staff;
    const title = `Number lines for fractions (${stamp})`;
    const created = await page.request.post(`/api/schools/${school.id}/pd-sessions`, { headers: { origin: baseURL() }, data: { title, heldOn: '2026-11-18', facilitatorId: first!.id, attendeeIds: [] } });
    expect(created.status()).toBe(201);
    const sessionId = ((await created.json()) as z.infer<typeof PdSession>).id;
    await clickNav(page, 'Work plan');
    await page.getByRole('heading', { name: 'Professional learning', level: 2 }).waitFor();
    const card = page.locator('li.pd-session').filter({ has: page.getByRole('heading', { name: title }) });
    await card.getByText('0 attended').waitFor();
    await card.getByText('Update who attended').click();
    const attendance = page.getByRole('form', { name: `Who attended “${title}”` });
    await attendance.getByRole('checkbox', { name: first!.name, exact: true }).check();
    await attendance.getByRole('checkbox', { name: second!.name, exact: true }).check();
    await attendance.getByRole('button', { name: 'Save attendance' }).click();
    await attendance.getByText('Attendance saved: 2 attended.').waitFor();
    await card.getByText(/^2 attended/).waitFor();
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await card.screenshot({ path: screenshotPath('pd-attendance-phone.png') });
    const sessions = await apiGet<z.infer<typeof PdSession>[]>(page, `/api/schools/${school.id}/pd-sessions`);
    expect(sessions.find((x) => x.id === sessionId)!.attendees.map((a) => a.id).sort()).toEqual([first!.id, second!.id].sort());
    expect(problems).toEqual([]);
  });
});
