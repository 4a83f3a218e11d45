import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let principal: string;
let teacher: string;
let coach: string;
let base: string;

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url: `${base}${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  principal = await sessionCookie(t.db, fx.users.principal.id);
  teacher = await sessionCookie(t.db, fx.users.teacher.id);
  coach = await sessionCookie(t.db, fx.users.coach.id);
  base = `/api/schools/${fx.school.id}`;
});
afterAll(() => t.close());

describe('teams', () => {
  let iltId: string;

  it('the principal forms the ILT from several stakeholder groups, with staff and named non-staff members', async () => {
    const members = [
      { personId: fx.users.principal.id, stakeholder: 'leader', role: 'facilitator' },
      { personId: fx.users.teacher.id, stakeholder: 'teacher', role: 'note_taker' },
      { personId: fx.users.coach.id, stakeholder: 'specialist' },
      { name: 'Rosa Díaz', stakeholder: 'family' },
      { name: 'Sam, grade 5', stakeholder: 'student' },
    ];
    expect((await call('POST', '/teams', teacher, { name: 'ILT', kind: 'ilt', members })).statusCode).toBe(403);
    const bad = await call('POST', '/teams', principal, {
      name: '',
      kind: 'ilt',
      members: [{ personId: fx.otherSchoolPrincipal.id, stakeholder: 'leader' }, { stakeholder: 'family' }, { personId: fx.users.coach.id, name: 'Both', stakeholder: 'teacher' }, { name: 'X', stakeholder: 'parent' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.members.1.personId', 'body.members.2.personId', 'body.members.3.stakeholder', 'body.name']);
    const notStaff = await call('POST', '/teams', principal, { name: 'ILT', kind: 'ilt', members: [{ personId: fx.otherSchoolPrincipal.id, stakeholder: 'leader' }] });
    expect(notStaff.json().error.fields).toEqual([{ path: 'body.members.0.personId', message: 'Not a staff member of this school' }]);
    expect((await call('GET', '/teams', principal)).json()).toEqual([]);

    const made = await call('POST', '/teams', principal, { name: 'Instructional Leadership Team', kind: 'ilt', purpose: 'Sets and monitors the work plan', members });
    expect(made.statusCode, made.body).toBe(201);
    iltId = made.json().id;
    expect(made.json().members.map((m: { name: string; stakeholder: string; role: string; person: unknown }) => [m.stakeholder, m.role, m.person === null])).toEqual(
      expect.arrayContaining([
        ['leader', 'facilitator', false],
        ['teacher', 'note_taker', false],
        ['specialist', 'member', false],
        ['family', 'member', true],
        ['student', 'member', true],
      ]),
    );
    expect(made.json().members[0].role).toBe('facilitator');
    // One ILT per school.
    expect((await call('POST', '/teams', principal, { name: 'Second ILT', kind: 'ilt' })).json().error.fields).toEqual([{ path: 'body.kind', message: 'The school already has an Instructional Leadership Team' }]);
    const grade = await call('POST', '/teams', principal, { name: 'Grade 3 team', kind: 'grade', members: [{ personId: fx.otherTeacher.id, stakeholder: 'teacher', role: 'facilitator' }] });
    expect(grade.statusCode).toBe(201);
    const list = (await call('GET', '/teams', await sessionCookie(t.db, fx.users.district_leader.id))).json();
    expect(list.map((x: { name: string; memberCount: number }) => [x.name, x.memberCount])).toEqual([
      ['Instructional Leadership Team', 5],
      ['Grade 3 team', 1],
    ]);
    expect((await call('GET', `/teams/${iltId}`, await sessionCookie(t.db, fx.otherSchoolPrincipal.id))).statusCode).toBe(404);
  });

  it('members are added and removed by leaders; a person is listed once', async () => {
    expect((await call('POST', `/teams/${iltId}/members`, principal, { personId: fx.users.teacher.id, stakeholder: 'teacher' })).json().error.fields).toEqual([{ path: 'body.personId', message: 'Already a member of this team' }]);
    const added = await call('POST', `/teams/${iltId}/members`, principal, { personId: fx.users.assistant_principal.id, stakeholder: 'leader', role: 'timekeeper' });
    expect(added.statusCode).toBe(201);
    const member = added.json().members.find((m: { person: { id: string } | null }) => m.person?.id === fx.users.assistant_principal.id);
    expect((await call('DELETE', `/teams/${iltId}/members/${member.id}`, teacher)).statusCode).toBe(403);
    expect((await call('DELETE', `/teams/${iltId}/members/${member.id}`, principal)).statusCode).toBe(204);
    expect((await call('DELETE', `/teams/${iltId}/members/${member.id}`, principal)).statusCode).toBe(404);
  });

  it('team members record meetings with agenda, notes and owned action items; others do not', async () => {
    const meeting = { heldOn: '2026-11-24', agenda: '1. Reading data\n2. PD plan', notes: 'Grade 3 running records are behind.', actionItems: [{ title: 'Share running-record schedule', ownerId: fx.users.teacher.id, dueOn: '2026-12-01' }] };
    // The coach is a member of the ILT; the other teacher is not.
    expect((await call('POST', `/teams/${iltId}/meetings`, await sessionCookie(t.db, fx.otherTeacher.id), meeting)).statusCode).toBe(403);
    const bad = await call('POST', `/teams/${iltId}/meetings`, teacher, { ...meeting, heldOn: 'Tuesday', actionItems: [{ title: '', ownerId: fx.otherSchoolPrincipal.id, dueOn: '1/12/2026' }] });
    expect(bad.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.actionItems.0.dueOn', 'body.actionItems.0.title', 'body.heldOn']);
    const badOwner = await call('POST', `/teams/${iltId}/meetings`, teacher, { ...meeting, actionItems: [{ title: 'x', ownerId: fx.otherSchoolPrincipal.id }] });
    expect(badOwner.json().error.fields).toEqual([{ path: 'body.actionItems.0.ownerId', message: 'Not a staff member of this school' }]);
    expect((await call('GET', `/teams/${iltId}`, teacher)).json().meetings).toEqual([]);

    const made = await call('POST', `/teams/${iltId}/meetings`, teacher, meeting);
    expect(made.statusCode, made.body).toBe(201);
    const team = made.json();
    expect(team).toMatchObject({ lastMeetingOn: '2026-11-24', openItems: 1, canRecord: true, canManage: false });
    const m = team.meetings[0];
    expect(m).toMatchObject({ heldOn: '2026-11-24', agenda: meeting.agenda, notes: meeting.notes, recordedBy: { id: fx.users.teacher.id }, actionItems: [{ title: 'Share running-record schedule', owner: { id: fx.users.teacher.id }, dueOn: '2026-12-01', done: false }] });
    const item = await call('POST', `/team-meetings/${m.id}/action-items`, coach, { title: 'Find a PD slot', ownerId: fx.users.coach.id });
    expect(item.statusCode).toBe(201);
    expect((await call('PATCH', `/team-meetings/${m.id}`, coach, { notes: 'Updated notes' })).json().meetings[0].notes).toBe('Updated notes');
    // The owner marks their item done; a non-member who does not own it cannot.
    expect((await call('PATCH', `/team-action-items/${item.json().id}`, await sessionCookie(t.db, fx.otherTeacher.id), { done: true })).statusCode).toBe(403);
    expect((await call('PATCH', `/team-action-items/${m.actionItems[0].id}`, teacher, { done: true })).json()).toMatchObject({ done: true });
    expect((await call('GET', `/teams/${iltId}`, await sessionCookie(t.db, fx.otherTeacher.id))).json()).toMatchObject({ openItems: 1, canRecord: false });
  });
});
