import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { PULSE_STATEMENTS } from '../../../schemas/culture';
import { addDays, localParts, mondayOf } from '../visits/school-time';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let principal: string;
let tess: string;
let staffIds: string[];
let lookForId: string;

const base = () => `/api/schools/${fx.school.id}`;
const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  principal = await sessionCookie(t.db, fx.users.principal.id);
  tess = await sessionCookie(t.db, fx.users.teacher.id);
  staffIds = [fx.users.principal.id, fx.users.assistant_principal.id, fx.users.coach.id, fx.users.teacher.id, fx.otherTeacher.id];
  lookForId = (await t.db.insertInto('look_fors').values({ school_id: fx.school.id, name: 'Learning target posted' }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

const ALL_SIX = ['vision', 'evidence_based_improvement', 'shared_leadership', 'professional_learning', 'high_quality_instruction', 'professional_culture'] as const;
const rated = (levels: number[]) => ALL_SIX.map((practice, i) => ({ practice, level: levels[i]!, evidence: `Evidence for ${practice}` }));

describe('schoolwide agreements', () => {
  it('shows how consistently a linked agreement is practised per week, as a school, from the rollups', async () => {
    const bad = await call('POST', `${base()}/agreements`, principal, { title: '', adoptedOn: '2026-09-01', lookForId: fx.school.id });
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.title']);
    const foreignLookFor = await call('POST', `${base()}/agreements`, principal, { title: 'Targets posted', adoptedOn: '2026-09-01', lookForId: fx.school.id });
    expect(foreignLookFor.json().error.fields).toEqual([{ path: 'body.lookForId', message: 'Not a look-for of this school' }]);
    expect((await call('GET', `${base()}/agreements`, principal)).json()).toEqual([]);
    expect((await call('POST', `${base()}/agreements`, tess, { title: 'x', adoptedOn: '2026-09-01' })).statusCode).toBe(403);

    const made = await call('POST', `${base()}/agreements`, principal, { title: 'Learning targets are posted and used', description: 'Every lesson.', adoptedOn: '2026-08-20', lookForId });
    expect(made.statusCode, made.body).toBe(201);
    await call('POST', `${base()}/agreements`, principal, { title: 'Greet students at the door', adoptedOn: '2026-08-20' });

    // This week: 10 visits, 4 tagged; last week: 3 visits (under the minimum), 3 tagged; two weeks ago: nothing.
    const today = localParts(new Date(), 'America/Chicago').date;
    const thisWeek = mondayOf(today);
    const lastWeek = addDays(thisWeek, -7);
    await t.db.insertInto('visit_days').values([{ school_id: fx.school.id, day: thisWeek, visits: 10 }, { school_id: fx.school.id, day: lastWeek, visits: 3 }]).execute();
    await t.db.insertInto('visit_tag_days').values([{ school_id: fx.school.id, day: thisWeek, look_for_id: lookForId, visits: 4 }, { school_id: fx.school.id, day: lastWeek, look_for_id: lookForId, visits: 3 }]).execute();
    const res = await call('GET', `${base()}/agreements/practice?weeks=3`, tess);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      weeks: [addDays(thisWeek, -14), lastWeek, thisWeek],
      visits: [0, 3, 10],
      minimumVisits: 5,
      agreements: [{ id: made.json().id, title: 'Learning targets are posted and used', lookFor: { id: lookForId, name: 'Learning target posted' }, perWeek: [{ tagged: null, share: null }, { tagged: null, share: null }, { tagged: 4, share: 0.4 }], overall: 0.4 }],
    });
    // No teacher anywhere in the answer.
    for (const id of [...staffIds, fx.users.teacher.id]) expect(res.body).not.toContain(id);
    expect((await call('GET', `${base()}/agreements/practice?weeks=99`, principal)).json().error.fields[0].path).toBe('querystring.weeks');
    const changed = await call('PATCH', `${base()}/agreements/${made.json().id}`, principal, { lookForId: null });
    expect(changed.json().lookFor).toBeNull();
    expect((await call('GET', `${base()}/agreements/practice`, principal)).json().agreements).toEqual([]);
  });
});

describe('core-practice self-assessment', () => {
  it('records two terms and shows each practice’s trend and the lowest-rated practices as goal suggestions', async () => {
    const missing = await call('POST', `${base()}/self-assessments`, principal, { period: 'Fall 2026', ratedOn: '2026-12-10', ratings: [...rated([1, 2, 3, 2, 2, 3]).slice(0, 4), rated([1, 2, 3, 2, 2, 3])[0]!] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.ratings.4.practice', 'body.ratings']);
    const level5 = await call('POST', `${base()}/self-assessments`, principal, { period: 'Fall 2026', ratedOn: '2026-12-10', ratings: rated([5, 2, 3, 2, 2, 3]) });
    expect(level5.json().error.fields[0].path).toBe('body.ratings.0.level');
    expect((await call('POST', `${base()}/self-assessments`, tess, { period: 'Fall 2026', ratedOn: '2026-12-10', ratings: rated([1, 2, 3, 2, 2, 3]) })).statusCode).toBe(403);
    expect((await call('GET', `${base()}/self-assessments`, tess)).json().periods).toEqual([]);

    // Spring first, to show the trend is ordered by date, not by entry.
    const spring = await call('POST', `${base()}/self-assessments`, await sessionCookie(t.db, fx.users.coach.id), { period: 'Spring 2027', ratedOn: '2027-05-20', ratings: rated([3, 3, 2, 3, 3, 2]) });
    expect(spring.statusCode, spring.body).toBe(201);
    const fall = await call('POST', `${base()}/self-assessments`, principal, { period: 'Fall 2026', ratedOn: '2026-12-10', ratings: rated([2, 1, 2, 3, 2, 1]) });
    expect(fall.statusCode).toBe(201);
    expect((await call('POST', `${base()}/self-assessments`, principal, { period: 'fall 2026', ratedOn: '2026-12-11', ratings: rated([2, 1, 2, 3, 2, 1]) })).json().error.fields[0].path).toBe('body.period');

    const overview = (await call('GET', `${base()}/self-assessments`, tess)).json();
    expect(overview.periods.map((p: { period: string }) => p.period)).toEqual(['Fall 2026', 'Spring 2027']);
    expect(overview.trend).toEqual([
      { practice: 'vision', levels: [2, 3], change: 1 },
      { practice: 'evidence_based_improvement', levels: [1, 3], change: 2 },
      { practice: 'shared_leadership', levels: [2, 2], change: 0 },
      { practice: 'professional_learning', levels: [3, 3], change: 0 },
      { practice: 'high_quality_instruction', levels: [2, 3], change: 1 },
      { practice: 'professional_culture', levels: [1, 2], change: 1 },
    ]);
    expect(overview.suggestions.map((s: { practice: string; level: number }) => [s.practice, s.level])).toEqual([
      ['shared_leadership', 2],
      ['professional_culture', 2],
    ]);
    expect(overview.canRate).toBe(false);
  });
});

describe('staff pulse', () => {
  const answers = (n: number) => PULSE_STATEMENTS.map((_, i) => ((n + i) % 5) + 1);
  const respondAs = async (pulseId: string, personId: string, n: number, comment = '') =>
    call('POST', `${base()}/pulses/${pulseId}/responses`, await sessionCookie(t.db, personId), { answers: answers(n), comment });

  it('stores responses without any person and enforces one response per person', async () => {
    const columns = await sql<{ column_name: string; data_type: string }>`
      SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'staff_pulse_responses' ORDER BY column_name`.execute(t.db);
    expect(columns.rows.map((c) => c.column_name)).toEqual(['answers', 'comment', 'id', 'pulse_id']);
    const respondents = await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'staff_pulse_respondents' ORDER BY column_name`.execute(t.db);
    expect(respondents.rows.map((c) => c.column_name)).toEqual(['person_id', 'pulse_id']);

    expect((await call('POST', `${base()}/pulses`, tess, { title: 'x' })).statusCode).toBe(403);
    const pulse = (await call('POST', `${base()}/pulses`, principal, { title: 'Winter pulse', closesOn: null })).json();
    expect(pulse).toMatchObject({ status: 'open', responses: 0, responded: false, canRespond: true });
    const short = await call('POST', `${base()}/pulses/${pulse.id}/responses`, tess, { answers: [1, 2, 6] });
    expect(short.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.answers', 'body.answers.2']);
    expect((await respondAs(pulse.id, fx.users.teacher.id, 1, 'More planning time')).statusCode).toBe(201);
    const twice = await respondAs(pulse.id, fx.users.teacher.id, 2);
    expect(twice.statusCode).toBe(409);
    expect((await t.db.selectFrom('staff_pulse_responses').select('id').where('pulse_id', '=', pulse.id).execute()).length).toBe(1);
    const mine = (await call('GET', `${base()}/pulses`, tess)).json()[0];
    expect(mine).toMatchObject({ responded: true, canRespond: false, responses: 1 });
    const leader = await sessionCookie(t.db, fx.users.district_leader.id);
    expect((await call('POST', `${base()}/pulses/${pulse.id}/responses`, leader, { answers: answers(1) })).statusCode).toBe(403);
  });

  it('shows no results anywhere with 4 responses, and results with 5 (comments alphabetical, no person id)', async () => {
    const four = (await call('POST', `${base()}/pulses`, principal, { title: 'Four' })).json();
    const five = (await call('POST', `${base()}/pulses`, principal, { title: 'Five' })).json();
    for (const [i, id] of staffIds.slice(0, 4).entries()) expect((await respondAs(four.id, id, i, `comment ${i}`)).statusCode).toBe(201);
    const comments = ['Zebra crossing needs a guard', 'Allow more team time', 'more coaching please', 'Meetings run long', ''];
    for (const [i, id] of staffIds.entries()) expect((await respondAs(five.id, id, i, comments[i])).statusCode).toBe(201);

    // While open, even with 5: the count only.
    const open = (await call('GET', `${base()}/pulses/${five.id}/results`, principal)).json();
    expect(open).toMatchObject({ shown: false, responses: 5 });
    expect(open.statements).toBeUndefined();
    for (const p of [four, five]) expect((await call('POST', `${base()}/pulses/${p.id}/close`, principal)).statusCode).toBe(200);
    expect((await call('POST', `${base()}/pulses/${five.id}/close`, principal)).statusCode).toBe(409);
    // The audit log records the opening and closing with the count, never who responded.
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('entity_id', '=', five.id).orderBy('at').execute();
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([['pulse.opened', fx.users.principal.id], ['pulse.closed', fx.users.principal.id]]);
    expect(audit[1]!.details).toEqual({ responses: 5 });
    expect((await respondAs(four.id, fx.otherTeacher.id, 3)).statusCode).toBe(409);

    const hidden = await call('GET', `${base()}/pulses/${four.id}/results`, tess);
    expect(Object.keys(hidden.json()).sort()).toEqual(['minimumResponses', 'pulseId', 'reason', 'responses', 'shown']);
    expect(hidden.json()).toMatchObject({ shown: false, responses: 4, minimumResponses: 5 });
    const hiddenCsv = await call('GET', `${base()}/pulses/${four.id}/results/export`, principal);
    expect(hiddenCsv.body.trim().split('\n')).toHaveLength(2);
    expect(hiddenCsv.body).not.toMatch(/comment \d|mean/);

    const shown = (await call('GET', `${base()}/pulses/${five.id}/results`, tess)).json();
    expect(shown.shown).toBe(true);
    expect(shown.responses).toBe(5);
    // Statement 1 answers: ((n + 0) % 5) + 1 for n = 0..4 → 1,2,3,4,5.
    expect(shown.statements[0]).toEqual({ ...PULSE_STATEMENTS[0], mean: 3, distribution: [1, 1, 1, 1, 1] });
    expect(shown.comments).toEqual(['Allow more team time', 'Meetings run long', 'more coaching please', 'Zebra crossing needs a guard']);
    const csv = (await call('GET', `${base()}/pulses/${five.id}/results/export`, principal)).body;
    expect(csv).toContain('Allow more team time');
    expect(csv.split('\n')).toHaveLength(1 + 6 + 1 + 1 + 4 + 1);
    for (const body of [JSON.stringify(shown), csv, JSON.stringify((await call('GET', `${base()}/pulses`, principal)).json())]) {
      for (const id of staffIds) expect(body).not.toContain(id);
    }
  });
});
