import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let principal: string;
let teacher: string;
let otherTeacher: string;
let base: string;
let visionGoalId: string;

type Plan = { id: string; goals: { id: string; title: string; strategies: { id: string; actions: { id: string; title: string; status: string; owner: { id: string }; evidence: { note: string; linkPath: string | null; pdSession: { title: string } | null }[] }[] }[] }[]; checkins: { rating: string; note: string }[]; nextCheckinOn: string; canEdit: boolean };

const json = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url: `${base}${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  principal = await sessionCookie(t.db, fx.users.principal.id);
  teacher = await sessionCookie(t.db, fx.users.teacher.id);
  otherTeacher = await sessionCookie(t.db, fx.otherTeacher.id);
  base = `/api/schools/${fx.school.id}`;
  visionGoalId = (await t.db.insertInto('school_goals').values({ school_id: fx.school.id, title: 'Readers by grade 3', standard: 'Reading', target_percent: 75, target_date: '2027-05-28', created_by: fx.users.principal.id }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

async function history(planId: string) {
  return (await json('GET', `/plans/${planId}/history`, teacher)).json() as { summary: string; changedBy: { id: string }; entity: string; change: string }[];
}

describe('annual work plan', () => {
  let plan: Plan;
  let actionA: string;
  let actionB: string;

  it('the principal builds a plan: goal linked to a vision goal, a strategy, two actions owned by teachers', async () => {
    expect((await json('POST', '/plans', teacher, { schoolYear: '2026-27', title: 'Plan' })).statusCode).toBe(403);
    const bad = await json('POST', '/plans', principal, { schoolYear: '2026', title: '', checkinWeeks: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.checkinWeeks', 'body.schoolYear', 'body.title']);
    expect((await json('GET', '/plans', principal)).json()).toEqual([]);

    const made = await json('POST', '/plans', principal, { schoolYear: '2026-27', title: 'Maple Grove work plan 2026-27' });
    expect(made.statusCode, made.body).toBe(201);
    plan = made.json();
    expect(plan).toMatchObject({ checkinWeeks: 6, goals: [], checkins: [], canEdit: true });
    expect((await json('POST', '/plans', principal, { schoolYear: '2026-27', title: 'Again' })).json().error.fields).toEqual([{ path: 'body.schoolYear', message: 'The school already has a work plan for 2026-27' }]);

    const wrongVision = await json('POST', `/plans/${plan.id}/goals`, principal, { title: 'Reading', visionGoalId: fx.school.id });
    expect(wrongVision.json().error.fields).toEqual([{ path: 'body.visionGoalId', message: 'Not a goal of this school' }]);
    plan = (await json('POST', `/plans/${plan.id}/goals`, principal, { title: 'Grade 3 reading', description: 'Guided reading every day', visionGoalId })).json();
    const goal = plan.goals[0]!;
    expect(goal).toMatchObject({ title: 'Grade 3 reading', visionGoal: { id: visionGoalId, title: 'Readers by grade 3' } });
    plan = (await json('POST', `/plan-goals/${goal.id}/strategies`, principal, { title: 'Small-group guided reading' })).json();
    const strategyId = plan.goals[0]!.strategies[0]!.id;
    const a = await json('POST', `/plan-strategies/${strategyId}/actions`, principal, { title: 'Run groups four days a week', ownerId: fx.users.teacher.id, startsOn: '2026-12-01', dueOn: '2027-01-29' });
    expect(a.statusCode, a.body).toBe(201);
    plan = (await json('POST', `/plan-strategies/${strategyId}/actions`, principal, { title: 'Share running records', ownerId: fx.otherTeacher.id, dueOn: '2027-02-12' })).json();
    [actionA, actionB] = plan.goals[0]!.strategies[0]!.actions.map((x) => x.id) as [string, string];
    expect(plan.goals[0]!.strategies[0]!.actions.map((x) => [x.title, x.owner.id, x.status])).toEqual([
      ['Run groups four days a week', fx.users.teacher.id, 'not_started'],
      ['Share running records', fx.otherTeacher.id, 'not_started'],
    ]);
    // Every member of staff reads it (and district roles); only leaders edit.
    const read = await json('GET', `/plans/${plan.id}`, teacher);
    expect(read.json()).toMatchObject({ canEdit: false, goals: [{ title: 'Grade 3 reading' }] });
    expect((await json('GET', `/plans/${plan.id}`, await sessionCookie(t.db, fx.users.district_leader.id))).statusCode).toBe(200);
    expect((await json('GET', `/plans/${plan.id}`, await sessionCookie(t.db, fx.otherSchoolPrincipal.id))).statusCode).toBe(404);
    const h = await history(plan.id);
    expect(h.map((c) => c.summary)).toEqual([
      expect.stringMatching(/^Added the action “Share running records”, owned by Otto /),
      expect.stringMatching(/^Added the action “Run groups four days a week”, owned by Tess /),
      'Added the strategy “Small-group guided reading” to “Grade 3 reading”',
      'Added the goal “Grade 3 reading”',
      'Started the work plan “Maple Grove work plan 2026-27” for 2026-27',
    ]);
  });

  it('bad action input answers field-level 400 and changes nothing', async () => {
    const before = await history(plan.id);
    const strategyId = plan.goals[0]!.strategies[0]!.id;
    const bad = await json('POST', `/plan-strategies/${strategyId}/actions`, principal, { title: 'x', ownerId: fx.otherSchoolPrincipal.id, startsOn: '2027-02-01', dueOn: '2027-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([
      { path: 'body.ownerId', message: 'Not a staff member of this school' },
      { path: 'body.dueOn', message: 'The due date must be on or after the start date' },
    ]);
    const badStatus = await json('PATCH', `/plan-actions/${actionA}`, principal, { status: 'finished', dueOn: '29/01/2027' });
    expect(badStatus.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.dueOn', 'body.status']);
    const badEvidence = await json('POST', `/plan-actions/${actionA}/evidence`, teacher, { note: ' ', link: 'https://evil.example/x', assessmentId: fx.school.id });
    expect(badEvidence.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.note']);
    const badLink = await json('POST', `/plan-actions/${actionA}/evidence`, teacher, { note: 'Seen', link: 'https://evil.example/x', assessmentId: fx.school.id });
    expect(badLink.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.link', 'body.assessmentId']);
    const now = (await json('GET', `/plans/${plan.id}`, principal)).json() as Plan;
    expect(now.goals[0]!.strategies[0]!.actions.map((x) => [x.status, x.evidence.length])).toEqual([
      ['not_started', 0],
      ['not_started', 0],
    ]);
    expect(await history(plan.id)).toEqual(before);
  });

  it('an owner updates the status of and adds evidence to their own action only', async () => {
    const own = await json('PATCH', `/plan-actions/${actionA}`, teacher, { status: 'on_track' });
    expect(own.statusCode, own.body).toBe(200);
    expect((await json('PATCH', `/plan-actions/${actionA}`, teacher, { title: 'Something easier' })).statusCode).toBe(403);
    expect((await json('PATCH', `/plan-actions/${actionA}`, teacher, { status: 'done', dueOn: '2027-06-30' })).statusCode).toBe(403);
    expect((await json('PATCH', `/plan-actions/${actionB}`, teacher, { status: 'done' })).statusCode).toBe(403);
    expect((await json('POST', `/plan-actions/${actionB}/evidence`, teacher, { note: 'Not mine' })).statusCode).toBe(403);
    expect((await json('PATCH', `/plan-actions/${actionA}`, await sessionCookie(t.db, fx.users.coach.id), { status: 'at_risk' })).statusCode).toBe(403);
    const session = await json('POST', '/pd-sessions', principal, { heldOn: '2026-12-02', title: 'Running records', facilitatorId: fx.users.teacher.id, goalIds: [plan.goals[0]!.id], attendeeIds: [fx.users.teacher.id, fx.otherTeacher.id] });
    expect(session.statusCode, session.body).toBe(201);
    const evidence = await json('POST', `/plan-actions/${actionA}/evidence`, teacher, {
      note: 'Groups met four days in each of the last two weeks',
      link: `http://localhost:80/schools/${fx.school.id}/insights?from=2026-11-02`,
      pdSessionId: session.json().id,
    });
    expect(evidence.statusCode, evidence.body).toBe(201);
    const action = (evidence.json() as Plan).goals[0]!.strategies[0]!.actions[0]!;
    expect(action).toMatchObject({ status: 'on_track', evidence: [{ note: 'Groups met four days in each of the last two weeks', linkPath: `/schools/${fx.school.id}/insights?from=2026-11-02`, pdSession: { title: 'Running records' } }] });
    expect((evidence.json() as { goals: { pdSessions: { title: string }[] }[] }).goals[0]!.pdSessions.map((s) => s.title)).toEqual(['Running records']);
    // The other owner updates theirs.
    expect((await json('PATCH', `/plan-actions/${actionB}`, otherTeacher, { status: 'at_risk' })).statusCode).toBe(200);
    const h = await history(plan.id);
    expect(h.slice(0, 3).map((c) => [c.summary, c.changedBy.id])).toEqual([
      ['Changed the action “Share running records”: Status: not started → at risk', fx.otherTeacher.id],
      ['Added evidence to “Run groups four days a week”: Groups met four days in each of the last two weeks', fx.users.teacher.id],
      ['Changed the action “Run groups four days a week”: Status: not started → on track', fx.users.teacher.id],
    ]);
  });

  it('leaders record check-ins on the cadence; the next one is due a cadence later', async () => {
    expect((await json('POST', `/plans/${plan.id}/checkins`, teacher, { heldOn: '2026-12-11', rating: 'on_track' })).statusCode).toBe(403);
    const bad = await json('POST', `/plans/${plan.id}/checkins`, principal, { heldOn: '2026-12-11', rating: 'great', goalId: fx.school.id });
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.rating']);
    const wrongGoal = await json('POST', `/plans/${plan.id}/checkins`, principal, { heldOn: '2026-12-11', rating: 'at_risk', goalId: fx.school.id });
    expect(wrongGoal.json().error.fields).toEqual([{ path: 'body.goalId', message: 'Not a goal of this plan' }]);
    const ok = await json('POST', `/plans/${plan.id}/checkins`, principal, { heldOn: '2026-12-11', rating: 'at_risk', note: 'Running records late in two rooms', goalId: plan.goals[0]!.id });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ checkins: [{ heldOn: '2026-12-11', rating: 'at_risk', note: 'Running records late in two rooms', goalId: plan.goals[0]!.id }], nextCheckinOn: '2027-01-22' });
    plan = (await json('PATCH', `/plans/${plan.id}`, principal, { checkinWeeks: 4 })).json();
    expect(plan.nextCheckinOn).toBe('2027-01-08');
    expect((await history(plan.id)).slice(0, 2).map((c) => c.summary)).toEqual(['Changed the plan: Weeks between check-ins: 6 → 4', 'Recorded the 2026-12-11 check-in on “Grade 3 reading”: at risk']);
  });

  it('exports the plan as a PDF with the goal, actions and check-in', async () => {
    const pdf = await json('GET', `/plans/${plan.id}/pdf`, teacher);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const parser = new PDFParse({ data: pdf.rawPayload });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    for (const s of ['Maple Grove work plan 2026-27', 'Grade 3 reading', 'Readers by grade 3', 'Run groups four days a week', 'Share running records', 'On track', 'At risk', 'Running records late in two rooms']) expect(text).toContain(s);
  });

  it('a data conversation’s next step becomes an action citing the assessment', async () => {
    const assessment = await t.db
      .insertInto('assessments')
      .values({ district_id: fx.district.id, school_id: fx.school.id, name: 'Reading check 3', given_on: '2026-12-03', scale: 'points', max_score: 10, proficiency_cut: 8, created_by: fx.users.teacher.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const conversation = await t.db
      .insertInto('data_conversations')
      .values({ school_id: fx.school.id, assessment_id: assessment.id, held_on: '2026-12-04', next_step: 'Reteach main idea to the Tuesday group', recorded_by: fx.users.teacher.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const url = `/data-conversations/${conversation.id}/plan-action`;
    const strategyId = plan.goals[0]!.strategies[0]!.id;
    expect((await json('POST', url, teacher, { strategyId, ownerId: fx.users.teacher.id })).statusCode).toBe(403);
    const bad = await json('POST', url, principal, { strategyId: fx.school.id, ownerId: fx.otherSchoolPrincipal.id });
    expect(bad.json().error.fields).toEqual([
      { path: 'body.strategyId', message: 'Not a strategy of this school’s work plan' },
      { path: 'body.ownerId', message: 'Not a staff member of this school' },
    ]);
    const made = await json('POST', url, principal, { strategyId, ownerId: fx.users.teacher.id, dueOn: '2026-12-18' });
    expect(made.statusCode, made.body).toBe(201);
    const action = (made.json() as Plan).goals[0]!.strategies[0]!.actions.at(-1)!;
    expect(action).toMatchObject({ title: 'Reteach main idea to the Tuesday group', owner: { id: fx.users.teacher.id }, evidence: [{ note: 'From the data conversation of 2026-12-04 about “Reading check 3”.' }] });
    expect((await history(plan.id))[1]!.summary).toBe('Added the action “Reteach main idea to the Tuesday group” from a data conversation about “Reading check 3”');
    // The evidence links back to the conversation (which lists the actions linking to it).
    expect(action.evidence[0]!.linkPath).toBe(`/schools/${fx.school.id}/assessments/${assessment.id}#conversation-${conversation.id}`);
  });

  it('leaders remove actions, strategies and goals; each removal is in the history', async () => {
    expect((await json('DELETE', `/plan-actions/${actionB}`, teacher)).statusCode).toBe(403);
    plan = (await json('DELETE', `/plan-actions/${actionB}`, principal)).json();
    expect(plan.goals[0]!.strategies[0]!.actions.map((a) => a.id)).not.toContain(actionB);
    plan = (await json('DELETE', `/plan-goals/${plan.goals[0]!.id}`, principal)).json();
    expect(plan.goals).toEqual([]);
    expect((await history(plan.id)).slice(0, 2).map((c) => [c.entity, c.change])).toEqual([
      ['goal', 'deleted'],
      ['action', 'deleted'],
    ]);
    expect((await json('PATCH', `/plan-actions/${actionA}`, principal, { status: 'done' })).statusCode).toBe(404);
  });
});

describe('professional learning sessions', () => {
  it('any staff person facilitates; attendees leave feedback; comments are shown without names', async () => {
    const coach = await sessionCookie(t.db, fx.users.coach.id);
    expect((await json('POST', '/pd-sessions', teacher, { heldOn: '2026-12-02', title: 'x', facilitatorId: fx.users.teacher.id })).statusCode).toBe(403);
    const bad = await json('POST', '/pd-sessions', coach, { heldOn: 'soon', title: '', facilitatorId: fx.otherSchoolPrincipal.id, goalIds: [fx.school.id] });
    expect(bad.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.heldOn', 'body.title']);
    const badRefs = await json('POST', '/pd-sessions', coach, { heldOn: '2026-12-09', title: 'Number talks', facilitatorId: fx.otherSchoolPrincipal.id, goalIds: [fx.school.id] });
    expect(badRefs.json().error.fields).toEqual([
      { path: 'body.facilitatorId', message: 'Not a staff member of this school' },
      { path: 'body.goalIds.0', message: 'Not a work-plan goal of this school' },
    ]);
    const made = await json('POST', '/pd-sessions', coach, { heldOn: '2026-12-09', title: 'Number talks', facilitatorId: fx.otherTeacher.id, attendeeIds: [fx.users.teacher.id] });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id;
    // The facilitator (a teacher) takes attendance; another teacher may not.
    expect((await json('PUT', `/pd-sessions/${id}/attendance`, teacher, { attendeeIds: [] })).statusCode).toBe(403);
    const att = await json('PUT', `/pd-sessions/${id}/attendance`, otherTeacher, { attendeeIds: [fx.users.teacher.id, fx.users.coach.id] });
    expect(att.json().attendees.map((a: { id: string }) => a.id).sort()).toEqual([fx.users.teacher.id, fx.users.coach.id].sort());
    // Only attendees leave feedback, 1-4.
    expect((await json('PUT', `/pd-sessions/${id}/feedback`, principal, { rating: 4 })).statusCode).toBe(403);
    expect((await json('PUT', `/pd-sessions/${id}/feedback`, teacher, { rating: 5 })).json().error.fields).toEqual([{ path: 'body.rating', message: 'Up to 4' }]);
    expect((await json('PUT', `/pd-sessions/${id}/feedback`, teacher, { rating: 4, comment: 'Ready to try it Monday' })).statusCode).toBe(200);
    await json('PUT', `/pd-sessions/${id}/feedback`, coach, { rating: 2, comment: 'Too fast' });
    const again = await json('PUT', `/pd-sessions/${id}/feedback`, coach, { rating: 3, comment: 'Better on second look' });
    expect(again.json()).toMatchObject({ attended: true, myFeedback: { rating: 3, comment: 'Better on second look' }, feedback: { count: 2, averageRating: 3.5 } });
    const seen = (await json('GET', '/pd-sessions', principal)).json().find((s: { id: string }) => s.id === id);
    expect(seen).toMatchObject({ facilitator: { id: fx.otherTeacher.id }, attended: false, myFeedback: null, canTakeAttendance: true, feedback: { count: 2, averageRating: 3.5 } });
    expect(seen.feedback.comments.sort()).toEqual(['Better on second look', 'Ready to try it Monday']);
    expect(JSON.stringify(seen.feedback)).not.toContain(fx.users.teacher.id);
  });

  it('taking attendance never deletes anybody\'s feedback, not even of someone taken off the list', async () => {
    const coach = await sessionCookie(t.db, fx.users.coach.id);
    const made = await json('POST', '/pd-sessions', coach, { heldOn: '2026-12-10', title: 'Checking for understanding', facilitatorId: fx.otherTeacher.id, attendeeIds: [fx.users.teacher.id, fx.users.coach.id] });
    expect(made.statusCode).toBe(201);
    const id = made.json().id as string;
    expect((await json('PUT', `/pd-sessions/${id}/feedback`, teacher, { rating: 4, comment: 'Ready to try it Monday' })).statusCode).toBe(200);
    expect((await json('PUT', `/pd-sessions/${id}/feedback`, coach, { rating: 3, comment: 'Better on second look' })).statusCode).toBe(200);
    // The same list, another order, someone added...
    const feedbackRows = () => t.db.selectFrom('pd_feedback').select(['person_id', 'rating', 'comment', 'updated_at']).where('session_id', '=', id).orderBy('person_id').execute();
    const before = await feedbackRows();
    expect(before).toHaveLength(2);
    for (const attendeeIds of [[fx.users.coach.id, fx.users.teacher.id], [fx.users.teacher.id, fx.users.coach.id, fx.users.principal.id]]) {
      expect((await json('PUT', `/pd-sessions/${id}/attendance`, otherTeacher, { attendeeIds })).statusCode).toBe(200);
      expect(await feedbackRows()).toEqual(before);
    }
    // ...nor taking someone off the list: their feedback is theirs (it used to go with their attendance row, by cascade).
    const dropped = await json('PUT', `/pd-sessions/${id}/attendance`, otherTeacher, { attendeeIds: [fx.users.teacher.id] });
    expect(dropped.statusCode).toBe(200);
    expect(dropped.json().attendees.map((a: { id: string }) => a.id)).toEqual([fx.users.teacher.id]);
    expect(dropped.json().feedback).toMatchObject({ count: 2, averageRating: 3.5 });
    expect(await feedbackRows()).toEqual(before);
    // Someone no longer listed cannot give new feedback.
    expect((await json('PUT', `/pd-sessions/${id}/feedback`, coach, { rating: 1 })).statusCode).toBe(403);
    expect(await feedbackRows()).toEqual(before);
  });
});
