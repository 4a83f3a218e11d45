import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let principal: string;
let teacher: string;
let base: string;
let ilt: string;
let gradeTeam: string;

type Decision = { kind: string; mode: string | null; statedMode: string | null; departsFromModel: boolean; decidedBy: string; howDecided: string; team: { id: string } | null; participants: { id: string }[]; evidence: string; followUp: string; followUpOn: string | null };

const post = (cookie: string, payload: object) => t.app.inject({ method: 'POST', url: `${base}/decisions`, headers: { cookie }, payload });
const decide = async (payload: object) => {
  const res = await post(principal, { title: 'A decision', decidedOn: '2026-11-24', ...payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Decision;
};

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  principal = await sessionCookie(t.db, fx.users.principal.id);
  teacher = await sessionCookie(t.db, fx.users.teacher.id);
  base = `/api/schools/${fx.school.id}`;
  ilt = (await t.db.insertInto('teams').values({ school_id: fx.school.id, name: 'Instructional Leadership Team', kind: 'ilt', created_by: fx.users.principal.id }).returning('id').executeTakeFirstOrThrow()).id;
  gradeTeam = (await t.db.insertInto('teams').values({ school_id: fx.school.id, name: 'Grade 3 team', kind: 'grade', created_by: fx.users.principal.id }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

describe('decision-making model', () => {
  it('the principal states the mode of each kind of decision; all staff read it', async () => {
    const empty = await t.app.inject({ method: 'GET', url: `${base}/decision-model`, headers: { cookie: teacher } });
    expect(empty.json().map((e: { kind: string; mode: null }) => [e.kind, e.mode])).toEqual([
      ['coaching', null],
      ['pd', null],
      ['resources', null],
      ['schedule', null],
      ['staffing', null],
      ['other', null],
    ]);
    const put = (cookie: string, modes: object[]) => t.app.inject({ method: 'PUT', url: `${base}/decision-model`, headers: { cookie }, payload: { modes } });
    expect((await put(await sessionCookie(t.db, fx.users.assistant_principal.id), [{ kind: 'pd', mode: 'leader' }])).statusCode).toBe(403);
    const bad = await put(principal, [{ kind: 'schedule', mode: 'delegated' }, { kind: 'pd', mode: 'leader', teamId: fx.school.id }, { kind: 'pd', mode: 'sometimes' }]);
    expect(bad.json().error.fields).toEqual([{ path: 'body.modes.2.mode', message: expect.any(String) }]);
    const badRefs = await put(principal, [{ kind: 'schedule', mode: 'delegated' }, { kind: 'pd', mode: 'leader', teamId: fx.school.id }, { kind: 'pd', mode: 'vote' }]);
    expect(badRefs.json().error.fields).toEqual([
      { path: 'body.modes.0.teamId', message: 'Choose the team this kind of decision is delegated to' },
      { path: 'body.modes.1.teamId', message: 'Not a team of this school' },
      { path: 'body.modes.2.kind', message: 'This kind is listed twice' },
    ]);
    const ok = await put(principal, [
      { kind: 'coaching', mode: 'leader' },
      { kind: 'pd', mode: 'leader_consults', teamId: ilt },
      { kind: 'resources', mode: 'consensus', teamId: ilt },
      { kind: 'schedule', mode: 'delegated', teamId: gradeTeam },
      { kind: 'staffing', mode: 'leader' },
      { kind: 'other', mode: 'vote' },
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    const model = (await t.app.inject({ method: 'GET', url: `${base}/decision-model`, headers: { cookie: teacher } })).json();
    expect(model.map((e: { mode: string; team: { id: string } | null; updatedBy: { id: string } }) => [e.mode, e.team?.id ?? null, e.updatedBy.id])).toEqual([
      ['leader', null, fx.users.principal.id],
      ['leader_consults', ilt, fx.users.principal.id],
      ['consensus', ilt, fx.users.principal.id],
      ['delegated', gradeTeam, fx.users.principal.id],
      ['leader', null, fx.users.principal.id],
      ['vote', null, fx.users.principal.id],
    ]);
  });

  it('leader decides: the mode defaults to the stated one and the leader is named', async () => {
    const d = await decide({ kind: 'coaching', title: 'Coach grade 4 on questioning', evidence: 'Open questions seen in 2 of 14 grade 4 visits', followUp: 'Re-visit after four weeks', followUpOn: '2026-12-22' });
    expect(d).toMatchObject({ mode: 'leader', statedMode: 'leader', departsFromModel: false, decidedBy: expect.stringMatching(/^Pia Staff/), howDecided: 'Leader decides', team: null, evidence: 'Open questions seen in 2 of 14 grade 4 visits', followUp: 'Re-visit after four weeks', followUpOn: '2026-12-22' });
  });

  it('leader decides after consulting: the consulted team comes from the model', async () => {
    const d = await decide({ kind: 'pd', title: 'PD on number talks' });
    expect(d).toMatchObject({ mode: 'leader_consults', departsFromModel: false, team: { id: ilt }, decidedBy: 'Instructional Leadership Team', howDecided: 'Leader decides after consulting' });
  });

  it('team consensus: records who took part', async () => {
    const d = await decide({ kind: 'resources', title: 'Buy decodable readers', participantIds: [fx.users.teacher.id, fx.users.coach.id] });
    expect(d).toMatchObject({ mode: 'consensus', team: { id: ilt }, howDecided: 'Team consensus' });
    expect(d.participants.map((p) => p.id).sort()).toEqual([fx.users.teacher.id, fx.users.coach.id].sort());
  });

  it('delegated to a team: the team decides, and a delegation needs a team', async () => {
    const d = await decide({ kind: 'schedule', title: 'Move grade 3 intervention block' });
    expect(d).toMatchObject({ mode: 'delegated', team: { id: gradeTeam }, decidedBy: 'Grade 3 team', howDecided: 'Delegated to a team' });
    const noTeam = await post(principal, { kind: 'coaching', mode: 'delegated', title: 'x', decidedOn: '2026-11-24' });
    expect(noTeam.json().error.fields).toEqual([{ path: 'body.teamId', message: 'Choose the team the decision was delegated to' }]);
  });

  it('vote: needs the people or team who voted; bad participants answer field errors and record nothing', async () => {
    const before = (await t.app.inject({ method: 'GET', url: `${base}/decisions`, headers: { cookie: teacher } })).json().length;
    const none = await post(principal, { kind: 'other', title: 'Choose the spring family night theme', decidedOn: '2026-11-24' });
    expect(none.json().error.fields).toEqual([{ path: 'body.participantIds', message: 'Name who took part (people or a team)' }]);
    const stranger = await post(principal, { kind: 'other', title: 'x', decidedOn: '2026-11-24', participantIds: [fx.otherSchoolPrincipal.id], teamId: fx.school.id });
    expect(stranger.json().error.fields).toEqual([
      { path: 'body.teamId', message: 'Not a team of this school' },
      { path: 'body.participantIds.0', message: 'Not a staff member of this school' },
    ]);
    expect((await t.app.inject({ method: 'GET', url: `${base}/decisions`, headers: { cookie: teacher } })).json().length).toBe(before);
    const d = await decide({ kind: 'other', title: 'Choose the spring family night theme', participantIds: [fx.users.teacher.id, fx.otherTeacher.id, fx.users.coach.id] });
    expect(d).toMatchObject({ mode: 'vote', departsFromModel: false, howDecided: 'Vote' });
    expect(d.participants).toHaveLength(3);
  });

  it('a decision taken in another mode than stated is shown as such, even after the model changes', async () => {
    const d = await decide({ kind: 'staffing', mode: 'consensus', title: 'Share a para between grades 1 and 2', teamId: ilt });
    expect(d).toMatchObject({ mode: 'consensus', statedMode: 'leader', departsFromModel: true });
    await t.app.inject({ method: 'PUT', url: `${base}/decision-model`, headers: { cookie: principal }, payload: { modes: [{ kind: 'staffing', mode: 'consensus', teamId: ilt }] } });
    const log = (await t.app.inject({ method: 'GET', url: `${base}/decisions`, headers: { cookie: teacher } })).json() as (Decision & { title: string })[];
    expect(log.find((x) => x.title === 'Share a para between grades 1 and 2')).toMatchObject({ statedMode: 'leader', departsFromModel: true });
    // Free-text decisions from before the model keep working.
    const old = await post(principal, { kind: 'coaching', title: 'Old style', decidedOn: '2026-11-24', decidedBy: 'ILT', howDecided: 'Leader after consulting the ILT', mode: 'leader_consults', participantIds: [fx.users.coach.id] });
    expect(old.json()).toMatchObject({ decidedBy: 'ILT', howDecided: 'Leader after consulting the ILT', mode: 'leader_consults', statedMode: 'leader', departsFromModel: true });
  });
});
