import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

/** Coaching cycles: who sees them, how they move from proposed to completed, and what a bad move changes (nothing). */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
const cookies: Record<string, string> = {};
let otherCoach: { id: string };

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  for (const [name, id] of Object.entries({ ...Object.fromEntries(Object.entries(fx.users).map(([k, v]) => [k, v.id])), otherTeacher: fx.otherTeacher.id, stranger: fx.otherSchoolPrincipal.id })) {
    cookies[name] = await sessionCookie(t.db, id);
  }
  otherCoach = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'coach', schoolId: fx.school.id }], givenName: 'Cole' });
  cookies.otherCoach = await sessionCookie(t.db, otherCoach.id);
});
afterAll(() => t.close());

const as = (who: string) => ({ cookie: cookies[who]! });
const cyclesUrl = () => `/api/schools/${fx.school.id}/coaching/cycles`;
async function propose(goal = 'More students explain their reasoning in math talks') {
  const res = await t.app.inject({ method: 'POST', url: cyclesUrl(), headers: as('coach'), payload: { teacherId: fx.users.teacher.id, goal, baseline: '3 of 24 students explained a strategy', baselineOn: '2026-11-02' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string };
}
const move = (who: string, id: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/coaching/cycles/${id}/status`, headers: as(who), payload });
const read = (who: string, id: string) => t.app.inject({ method: 'GET', url: `/api/coaching/cycles/${id}`, headers: as(who) });
async function statusOf(id: string) {
  return (await t.db.selectFrom('coaching_cycles').select(['status', 'outcome', 'goal_met', 'goal', 'baseline']).where('id', '=', id).executeTakeFirstOrThrow());
}
const observe = (who: string, cycleId: string, teacherId = fx.users.teacher.id) =>
  t.app.inject({
    method: 'POST',
    url: '/api/visits',
    headers: as(who),
    payload: { id: randomUUID(), schoolId: fx.school.id, teacherId, startedAt: new Date().toISOString(), durationMinutes: 15, evidence: '9 of 24 students explained a strategy to a partner.', tags: [], coachingCycleId: cycleId },
  });

describe('coaching cycles', () => {
  it('bad input gets field-level errors and creates nothing; only coaches and leaders propose', async () => {
    const before = await t.db.selectFrom('coaching_cycles').select((eb) => eb.fn.countAll<number>().as('n')).where('school_id', '=', fx.school.id).executeTakeFirstOrThrow();
    const blank = await t.app.inject({ method: 'POST', url: cyclesUrl(), headers: as('coach'), payload: { teacherId: fx.users.teacher.id, goal: '  ', baselineOn: '24/11/2026' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.baselineOn', 'body.goal']);
    const notATeacher = await t.app.inject({ method: 'POST', url: cyclesUrl(), headers: as('coach'), payload: { teacherId: fx.users.principal.id, goal: 'Wait time' } });
    expect(notATeacher.statusCode).toBe(400);
    expect(notATeacher.json().error.fields).toEqual([{ path: 'body.teacherId', message: 'Choose a teacher of this school' }]);
    const nul = await t.app.inject({ method: 'POST', url: cyclesUrl(), headers: as('coach'), payload: { teacherId: fx.users.teacher.id, goal: 'Wait\u0000time' } });
    expect(nul.json().error.fields).toEqual([{ path: 'body.goal', message: 'Remove the invisible control character from the text' }]);
    expect((await t.app.inject({ method: 'POST', url: cyclesUrl(), headers: as('teacher'), payload: { teacherId: fx.otherTeacher.id, goal: 'Wait time' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: cyclesUrl(), headers: as('stranger'), payload: { teacherId: fx.users.teacher.id, goal: 'Wait time' } })).statusCode).toBe(404);
    const after = await t.db.selectFrom('coaching_cycles').select((eb) => eb.fn.countAll<number>().as('n')).where('school_id', '=', fx.school.id).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('the teacher, the coach and school leaders see a cycle; other teachers, district roles and strangers get 404', async () => {
    const cycle = await propose();
    expect(cycle.status).toBe('proposed');
    for (const who of ['teacher', 'coach', 'principal', 'assistant_principal', 'otherCoach']) expect((await read(who, cycle.id)).statusCode, who).toBe(200);
    for (const who of ['otherTeacher', 'district_leader', 'district_admin', 'stranger']) expect((await read(who, cycle.id)).statusCode, who).toBe(404);
    const teacherList = (await t.app.inject({ method: 'GET', url: cyclesUrl(), headers: as('teacher') })).json() as { id: string }[];
    expect(teacherList.map((c) => c.id)).toContain(cycle.id);
    expect((await t.app.inject({ method: 'GET', url: cyclesUrl(), headers: as('otherTeacher') })).json()).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: cyclesUrl(), headers: as('district_leader') })).statusCode).toBe(403);
    // The school's coach visibility setting applies to cycles too: "own" keeps other coaches out.
    await t.db.insertInto('school_visit_settings').values({ school_id: fx.school.id, evaluative_words: [], coach_visibility: 'own' }).onConflict((oc) => oc.column('school_id').doUpdateSet({ coach_visibility: 'own' })).execute();
    expect((await read('otherCoach', cycle.id)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: cyclesUrl(), headers: as('otherCoach') })).json()).toEqual([]);
    expect((await read('coach', cycle.id)).statusCode).toBe(200);
    expect((await read('principal', cycle.id)).statusCode).toBe(200);
    await t.db.updateTable('school_visit_settings').set({ coach_visibility: 'school' }).where('school_id', '=', fx.school.id).execute();
  });

  it('moves proposed → active → completed; moves it cannot make answer 409 with a clear message and change nothing', async () => {
    const cycle = await propose();
    // Not yet agreed: it cannot be completed.
    const early = await move('coach', cycle.id, { status: 'completed', outcome: 'Done', goalMet: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/proposed cycle cannot become completed: agree on the goal first.*Nothing was changed/);
    expect(await statusOf(cycle.id)).toMatchObject({ status: 'proposed', outcome: null, goal_met: null });
    // Observations wait for the cycle to start.
    const tooSoon = await observe('coach', cycle.id);
    expect(tooSoon.statusCode).toBe(400);
    expect(tooSoon.json().error.fields).toEqual([{ path: 'body.coachingCycleId', message: expect.stringMatching(/proposed/) }]);
    // The goal can still be refined while proposed.
    const refined = await t.app.inject({ method: 'PATCH', url: `/api/coaching/cycles/${cycle.id}`, headers: as('coach'), payload: { goal: 'Most students explain their reasoning in math talks' } });
    expect(refined.statusCode).toBe(200);
    // Someone who only reads it cannot move it; the teacher agrees.
    expect((await move('principal', cycle.id, { status: 'active' })).statusCode).toBe(403);
    const agreed = await move('teacher', cycle.id, { status: 'active' });
    expect(agreed.statusCode, agreed.body).toBe(200);
    expect(agreed.json()).toMatchObject({ status: 'active', agreedAt: expect.any(String), can: { agree: false } });
    const again = await move('coach', cycle.id, { status: 'active' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/already active/);
    // Once agreed, the goal stays; the baseline can still be recorded.
    const goalChange = await t.app.inject({ method: 'PATCH', url: `/api/coaching/cycles/${cycle.id}`, headers: as('coach'), payload: { goal: 'Something else' } });
    expect(goalChange.statusCode).toBe(409);
    expect((await statusOf(cycle.id)).goal).toBe('Most students explain their reasoning in math talks');
    const baseline = await t.app.inject({ method: 'PATCH', url: `/api/coaching/cycles/${cycle.id}`, headers: as('coach'), payload: { baseline: '3 of 24 explained; 1 of 24 asked a peer' } });
    expect(baseline.json().baseline).toBe('3 of 24 explained; 1 of 24 asked a peer');

    // Observations reuse the visit capture: the coach links a visit of the cycle's teacher.
    const observed = await observe('coach', cycle.id);
    expect(observed.statusCode, observed.body).toBe(201);
    expect(observed.json().coachingCycleId).toBe(cycle.id);
    const wrongTeacher = await observe('coach', cycle.id, fx.otherTeacher.id);
    expect(wrongTeacher.json().error.fields).toEqual([{ path: 'body.coachingCycleId', message: 'This coaching cycle is with another teacher' }]);
    const notTheCoach = await observe('principal', cycle.id);
    expect(notTheCoach.json().error.fields).toEqual([{ path: 'body.coachingCycleId', message: 'Not a coaching cycle you coach in this school' }]);

    // Debriefs: the coach records them; bad input changes nothing.
    const badDebrief = await t.app.inject({ method: 'POST', url: `/api/coaching/cycles/${cycle.id}/debriefs`, headers: as('coach'), payload: { heldOn: '2026-11-20', notes: 'Talked.' } });
    expect(badDebrief.statusCode).toBe(400);
    expect(badDebrief.json().error.fields).toEqual([expect.objectContaining({ path: 'body.nextStep' })]);
    expect((await t.app.inject({ method: 'POST', url: `/api/coaching/cycles/${cycle.id}/debriefs`, headers: as('teacher'), payload: { heldOn: '2026-11-20', notes: 'x', nextStep: 'y' } })).statusCode).toBe(403);
    const debrief = await t.app.inject({ method: 'POST', url: `/api/coaching/cycles/${cycle.id}/debriefs`, headers: as('coach'), payload: { heldOn: '2026-11-20', notes: 'We looked at who explained.', nextStep: 'Try turn-and-talk before sharing out' } });
    expect(debrief.statusCode, debrief.body).toBe(201);
    // The teacher comments on their own cycle; another teacher cannot find it.
    expect((await t.app.inject({ method: 'POST', url: `/api/coaching/cycles/${cycle.id}/comments`, headers: as('teacher'), payload: { body: 'Turn-and-talk worked in period 2.' } })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: `/api/coaching/cycles/${cycle.id}/comments`, headers: as('otherTeacher'), payload: { body: 'Hi' } })).statusCode).toBe(404);
    const detail = (await read('teacher', cycle.id)).json();
    expect(detail).toMatchObject({ observations: 1, debriefs: 1, debriefList: [{ nextStep: 'Try turn-and-talk before sharing out' }], comments: [{ body: 'Turn-and-talk worked in period 2.' }] });
    expect(detail.observationList).toHaveLength(1);

    // Only the coach closes it, with an outcome and whether the goal was met.
    expect((await move('teacher', cycle.id, { status: 'completed', outcome: 'Done', goalMet: true })).statusCode).toBe(403);
    const missing = await move('coach', cycle.id, { status: 'completed' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.goalMet', 'body.outcome']);
    expect((await statusOf(cycle.id)).status).toBe('active');
    const done = await move('coach', cycle.id, { status: 'completed', outcome: '17 of 24 students explained a strategy.', goalMet: true });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', goalMet: true, outcome: '17 of 24 students explained a strategy.', closedAt: expect.any(String) });

    // A closed cycle changes no more.
    const cancel = await move('coach', cycle.id, { status: 'cancelled' });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().error.message).toMatch(/completed: it can no longer change/);
    expect((await t.app.inject({ method: 'POST', url: `/api/coaching/cycles/${cycle.id}/debriefs`, headers: as('coach'), payload: { heldOn: '2026-11-21', notes: 'x', nextStep: 'y' } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/coaching/cycles/${cycle.id}`, headers: as('coach'), payload: { baseline: 'x' } })).statusCode).toBe(409);
    expect((await observe('coach', cycle.id)).statusCode).toBe(400);
    expect(await statusOf(cycle.id)).toMatchObject({ status: 'completed', goal_met: true, baseline: '3 of 24 explained; 1 of 24 asked a peer' });
  });

  it('the teacher can decline a proposed cycle; a cancelled cycle cannot be agreed', async () => {
    const cycle = await propose('Wait time after questions');
    const declined = await move('teacher', cycle.id, { status: 'cancelled', reason: 'Not this term' });
    expect(declined.json()).toMatchObject({ status: 'cancelled', outcome: 'Not this term' });
    const agree = await move('teacher', cycle.id, { status: 'active' });
    expect(agree.statusCode).toBe(409);
    expect((await statusOf(cycle.id)).status).toBe('cancelled');
    const unknown = await move('coach', cycle.id, { status: 'paused' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields[0].path).toBe('body.status');
  });

  it('the coach adds one of their own visits of the teacher as an observation; other visits and other people are refused', async () => {
    const cycle = await propose('Students explain their strategies to a partner');
    const visit = (who: string, teacherId = fx.users.teacher.id) =>
      t.app.inject({
        method: 'POST',
        url: '/api/visits',
        headers: as(who),
        payload: { id: randomUUID(), schoolId: fx.school.id, teacherId, startedAt: new Date().toISOString(), durationMinutes: 10, evidence: 'Partners explained their strategies.', tags: [] },
      });
    const link = (who: string, visitId: string, cycleId = cycle.id) => t.app.inject({ method: 'POST', url: `/api/coaching/cycles/${cycleId}/observations`, headers: as(who), payload: { visitId } });
    const mine = (await visit('coach')).json() as { id: string };
    const linkedTo = async (id: string) => (await t.db.selectFrom('visits').select('coaching_cycle_id').where('id', '=', id).executeTakeFirstOrThrow()).coaching_cycle_id;

    // While the cycle is only proposed, nothing is added.
    expect((await link('coach', mine.id)).statusCode).toBe(409);
    expect((await move('teacher', cycle.id, { status: 'active' })).statusCode).toBe(200);

    // Validation, and everyone but the coach.
    expect((await link('coach', 'not-an-id')).statusCode).toBe(400);
    expect((await link('principal', mine.id)).statusCode).toBe(403);
    expect((await link('teacher', mine.id)).statusCode).toBe(403);
    expect((await link('otherTeacher', mine.id)).statusCode).toBe(404);
    expect((await link('stranger', mine.id)).statusCode).toBe(404);
    expect(await linkedTo(mine.id)).toBeNull();

    // Visits that are not the coach's own, or are peer visits, answer 404 like missing ones; another teacher's is refused by field.
    const principals = (await visit('principal')).json() as { id: string };
    expect((await link('coach', principals.id)).statusCode).toBe(404);
    expect((await link('coach', randomUUID())).statusCode).toBe(404);
    const peer = (await visit('coach')).json() as { id: string };
    await t.db.updateTable('visits').set({ kind: 'peer' }).where('id', '=', peer.id).execute();
    expect((await link('coach', peer.id)).statusCode).toBe(404);
    const otherTeachers = (await visit('coach', fx.otherTeacher.id)).json() as { id: string };
    const wrongTeacher = await link('coach', otherTeachers.id);
    expect(wrongTeacher.statusCode).toBe(400);
    expect(wrongTeacher.json().error.fields[0].path).toBe('body.visitId');
    expect(await linkedTo(principals.id)).toBeNull();
    expect(await linkedTo(otherTeachers.id)).toBeNull();

    // The coach's own visit of the teacher becomes an observation, once; the teacher sees it, and it is audited.
    const linked = await link('coach', mine.id);
    expect(linked.statusCode, linked.body).toBe(201);
    expect((linked.json() as { observationList: { visitId: string }[] }).observationList.map((o) => o.visitId)).toContain(mine.id);
    expect(await linkedTo(mine.id)).toBe(cycle.id);
    expect((await link('coach', mine.id)).statusCode).toBe(409);
    const audit = await t.db.selectFrom('audit_log').select(['actor_id', 'entity_id']).where('action', '=', 'coaching.observation_linked').where('entity_id', '=', cycle.id).execute();
    expect(audit).toEqual([{ actor_id: fx.users.coach.id, entity_id: cycle.id }]);

    // A visit already observed for another cycle stays there.
    const second = await propose('Turn-and-talk before sharing');
    expect((await move('teacher', second.id, { status: 'active' })).statusCode).toBe(200);
    expect((await link('coach', mine.id, second.id)).statusCode).toBe(409);
    expect(await linkedTo(mine.id)).toBe(cycle.id);
  });
});
