import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

/**
 * A hand-made school whose answers are known. Look-fors: Questioning, Student discourse. Visits by the principal:
 * - Ana: 3 shared Questioning visits in the last 12 weeks, 1 more 20 weeks ago;
 * - Ben: 2 shared Questioning visits (one also tagged Student discourse), and names "Higher-order questions";
 * - Cal: 1 shared Questioning visit, 2 held back (unshared), and names "Questioning circles";
 * - Dee: no visits with the tag, names "Socratic questioning";
 * - Otto: 2 shared Student discourse visits;
 * - Tess (who asks): 5 shared Questioning visits — never suggested to herself.
 */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let Q: string;
let D: string;
const people: Record<string, { id: string; name: string }> = {};
const cookies: Record<string, string> = {};
const WEEK = 7 * 86_400_000;

async function visit(teacherId: string, weeksAgo: number, tags: string[], shared = true) {
  const id = randomUUID();
  await t.db
    .insertInto('visits')
    .values({
      id,
      district_id: fx.district.id,
      school_id: fx.school.id,
      observer_id: fx.users.principal.id,
      teacher_id: teacherId,
      started_at: new Date(Date.now() - weeksAgo * WEEK),
      duration_minutes: 10,
      evidence: 'Evidence.',
      private_note: 'PRIVATE',
      create_hash: 'test',
      shared_at: shared ? new Date() : null,
    })
    .execute();
  if (tags.length) await t.db.insertInto('visit_look_fors').values(tags.map((look_for_id) => ({ visit_id: id, look_for_id }))).execute();
}

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  [Q, D] = (await t.db.insertInto('look_fors').values([{ school_id: fx.school.id, name: 'Questioning', position: 0 }, { school_id: fx.school.id, name: 'Student discourse', position: 1 }]).returning('id').execute()).map((r) => r.id) as [string, string];
  for (const given of ['Ana', 'Ben', 'Cal', 'Dee']) {
    people[given] = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'teacher', schoolId: fx.school.id }], givenName: given, familyName: 'Teacher' });
  }
  await t.db.updateTable('people').set({ family_name: 'Teacher' }).where('id', 'in', [fx.users.teacher.id, fx.otherTeacher.id]).execute();
  people.Tess = { id: fx.users.teacher.id, name: 'Tess Teacher' };
  people.Otto = { id: fx.otherTeacher.id, name: 'Otto Teacher' };
  for (const [who, p] of Object.entries({ ...people, principal: fx.users.principal, assistant_principal: fx.users.assistant_principal, coach: fx.users.coach, district_leader: fx.users.district_leader, stranger: fx.otherSchoolPrincipal })) {
    cookies[who] = await sessionCookie(t.db, p.id);
  }
  for (const w of [1, 2, 3]) await visit(people.Ana!.id, w, [Q]);
  await visit(people.Ana!.id, 20, [Q]);
  await visit(people.Ben!.id, 1, [Q, D]);
  await visit(people.Ben!.id, 4, [Q]);
  await visit(people.Cal!.id, 2, [Q]);
  await visit(people.Cal!.id, 2, [Q], false);
  await visit(people.Cal!.id, 3, [Q], false);
  await visit(people.Otto!.id, 1, [D]);
  await visit(people.Otto!.id, 2, [D]);
  for (const w of [1, 2, 3, 4, 5]) await visit(people.Tess!.id, w, [Q]);
  await t.db
    .insertInto('teacher_strengths')
    .values([
      { school_id: fx.school.id, teacher_id: people.Ben!.id, body: 'Higher-order questions' },
      { school_id: fx.school.id, teacher_id: people.Ben!.id, body: 'Classroom routines' },
      { school_id: fx.school.id, teacher_id: people.Cal!.id, body: 'Questioning circles' },
      { school_id: fx.school.id, teacher_id: people.Dee!.id, body: 'Socratic questioning' },
    ])
    .execute();
});
afterAll(() => t.close());

const as = (who: string) => ({ cookie: cookies[who]! });
const suggest = (who: string, query: string) => t.app.inject({ method: 'GET', url: `/api/schools/${fx.school.id}/expertise/suggestions?${query}`, headers: as(who) });
const ranking = (body: { suggestions: { teacher: { name: string }; score: number; visits: number }[] }) => body.suggestions.map((s) => [s.teacher.name, s.score, s.visits]);

describe('who could I learn from?', () => {
  it('ranks colleagues by shared visits tagged with the look-for plus matching named strengths, leaving the asker out', async () => {
    const res = await suggest('Tess', `lookForId=${Q}&weeks=12`);
    expect(res.statusCode, res.body).toBe(200);
    expect(ranking(res.json())).toEqual([
      ['Ana Teacher', 3, 3],
      ['Ben Teacher', 3, 2],
      ['Cal Teacher', 2, 1],
      ['Dee Teacher', 1, 0],
    ]);
    const ben = res.json().suggestions[1];
    expect(ben.strengths).toEqual(['Higher-order questions']);
    expect(ben.reasons).toEqual(['2 visits shared with them in the last 12 weeks tagged “Questioning”', 'Names “Higher-order questions” as a strength']);
    // Another asker sees Tess, and not themselves.
    expect(ranking((await suggest('Ana', `lookForId=${Q}&weeks=12`)).json())).toEqual([
      ['Tess Teacher', 5, 5],
      ['Ben Teacher', 3, 2],
      ['Cal Teacher', 2, 1],
      ['Dee Teacher', 1, 0],
    ]);
  });

  it('a free-text topic matches look-fors and strengths by their words; the window decides which visits count', async () => {
    const res = (await suggest('Tess', 'topic=asking%20good%20questions&weeks=30')).json();
    expect(res.lookFors).toEqual([{ id: Q, name: 'Questioning' }]);
    expect(ranking(res)).toEqual([
      ['Ana Teacher', 4, 4],
      ['Ben Teacher', 3, 2],
      ['Cal Teacher', 2, 1],
      ['Dee Teacher', 1, 0],
    ]);
    expect(ranking((await suggest('Tess', 'topic=discourse')).json())).toEqual([
      ['Otto Teacher', 2, 2],
      ['Ben Teacher', 1, 1],
    ]);
    expect((await suggest('Tess', 'topic=knitting')).json().suggestions).toEqual([]);
  });

  it('bad questions get field-level 400s; strangers and district roles never get an answer', async () => {
    const none = await suggest('Tess', '');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields).toEqual([expect.objectContaining({ path: 'querystring.topic' })]);
    expect((await suggest('Tess', `lookForId=${randomUUID()}`)).json().error.fields).toEqual([{ path: 'querystring.lookForId', message: 'Not a look-for of this school' }]);
    expect((await suggest('Tess', 'topic=questions&weeks=0')).json().error.fields).toEqual([expect.objectContaining({ path: 'querystring.weeks' })]);
    expect((await suggest('Tess', 'topic=a%20of%20to')).json().error.fields).toEqual([expect.objectContaining({ path: 'querystring.topic' })]);
    expect((await suggest('stranger', 'topic=questions')).statusCode).toBe(404);
    expect((await suggest('district_leader', 'topic=questions')).statusCode).toBe(403);
  });

  it('the expertise map lists who is seen with each look-for and the strengths teachers named', async () => {
    const map = (await t.app.inject({ method: 'GET', url: `/api/schools/${fx.school.id}/expertise?weeks=12`, headers: as('Ben') })).json();
    expect(map.lookFors[0]).toEqual({ id: Q, name: 'Questioning', teachers: [{ id: people.Tess!.id, name: 'Tess Teacher', visits: 5 }, { id: people.Ana!.id, name: 'Ana Teacher', visits: 3 }, { id: people.Ben!.id, name: 'Ben Teacher', visits: 2 }, { id: people.Cal!.id, name: 'Cal Teacher', visits: 1 }] });
    expect(map.strengths.map((s: { teacher: { name: string } }) => s.teacher.name)).toEqual(['Ben Teacher', 'Cal Teacher', 'Dee Teacher']);
  });
});

describe('peer visits', () => {
  let requestId: string;
  let visitId: string;
  const totals = async () => {
    const days = await sql<{ n: number }>`SELECT COALESCE(sum(visits), 0)::int AS n FROM visit_days WHERE school_id = ${fx.school.id}`.execute(t.db);
    const tags = await sql<{ n: number }>`SELECT COALESCE(sum(visits), 0)::int AS n FROM visit_tag_days WHERE school_id = ${fx.school.id}`.execute(t.db);
    const coverage = (await t.app.inject({ method: 'GET', url: `/api/coverage?schoolId=${fx.school.id}`, headers: as('principal') })).json();
    const insights = (await t.app.inject({ method: 'GET', url: `/api/insights/school?schoolId=${fx.school.id}&from=2026-01-01&to=2030-12-31`, headers: as('principal') })).json();
    const list = (await t.app.inject({ method: 'GET', url: `/api/visits?schoolId=${fx.school.id}&limit=200`, headers: as('principal') })).json();
    const followThrough = (await t.app.inject({ method: 'GET', url: `/api/follow-through?schoolId=${fx.school.id}`, headers: as('principal') })).json();
    return {
      days: days.rows[0]!.n,
      tags: tags.rows[0]!.n,
      anaCoverage: coverage.teachers.find((x: { id: string }) => x.id === people.Ana!.id).lastVisitAt,
      observers: coverage.observers.map((o: { id: string }) => o.id).sort(),
      insights: insights.totalVisits,
      listed: list.items.map((v: { id: string }) => v.id).sort(),
      followThrough: followThrough.school.visits,
    };
  };

  it('a teacher asks a suggested colleague; bad input changes nothing; only the two teachers see the request', async () => {
    const url = `/api/schools/${fx.school.id}/peer-visit-requests`;
    const self = await t.app.inject({ method: 'POST', url, headers: as('Tess'), payload: { hostId: people.Tess!.id, topic: 'Questioning' } });
    expect(self.json().error.fields).toEqual([{ path: 'body.hostId', message: 'Choose a colleague, not yourself' }]);
    const leader = await t.app.inject({ method: 'POST', url, headers: as('Tess'), payload: { hostId: fx.users.principal.id, topic: 'Questioning', lookForId: randomUUID() } });
    expect(leader.json().error.fields).toEqual([
      { path: 'body.hostId', message: 'Choose a teacher of this school' },
      { path: 'body.lookForId', message: 'Not a look-for of this school' },
    ]);
    const blank = await t.app.inject({ method: 'POST', url, headers: as('Tess'), payload: { hostId: people.Ana!.id, topic: '' } });
    expect(blank.json().error.fields).toEqual([expect.objectContaining({ path: 'body.topic' })]);
    const nul = await t.app.inject({ method: 'POST', url, headers: as('Tess'), payload: { hostId: people.Ana!.id, topic: 'Ques\u0000tioning', message: 'a\u0000b' } });
    expect(nul.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.message', 'body.topic']);
    expect(Number((await t.db.selectFrom('peer_visit_requests').where('school_id', '=', fx.school.id).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    expect((await t.app.inject({ method: 'POST', url, headers: as('principal'), payload: { hostId: people.Ana!.id, topic: 'Questioning' } })).statusCode).toBe(403);

    const made = await t.app.inject({ method: 'POST', url, headers: as('Tess'), payload: { hostId: people.Ana!.id, topic: 'Questioning', lookForId: Q, message: 'Could I see your morning math?', proposedOn: '2026-12-01' } });
    expect(made.statusCode, made.body).toBe(201);
    requestId = made.json().id;
    expect(made.json()).toMatchObject({ status: 'pending', host: { id: people.Ana!.id }, lookFor: { id: Q, name: 'Questioning' } });
    expect((await t.app.inject({ method: 'POST', url, headers: as('Tess'), payload: { hostId: people.Ana!.id, topic: 'Again' } })).statusCode).toBe(409);

    const inbox = (await t.app.inject({ method: 'GET', url, headers: as('Ana') })).json();
    expect(inbox.received.map((r: { id: string }) => r.id)).toEqual([requestId]);
    expect((await t.app.inject({ method: 'GET', url, headers: as('Ben') })).json()).toEqual({ sent: [], received: [] });
    expect((await t.app.inject({ method: 'POST', url: `/api/peer-visit-requests/${requestId}/answer`, headers: as('Ben'), payload: { decision: 'accepted' } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/peer-visit-requests/${requestId}/answer`, headers: as('Tess'), payload: { decision: 'accepted' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/peer-visit-requests/${requestId}/answer`, headers: as('Ana'), payload: { decision: 'maybe' } })).json().error.fields[0].path).toBe('body.decision');
  });

  it('the visit waits for the colleague to accept; then its evidence goes to the visited teacher only', async () => {
    const before = await totals();
    // Every number is a real answer: the 16 leader visits made above.
    expect(before).toMatchObject({ days: 16, insights: 16, followThrough: 16, anaCoverage: expect.any(String) });
    expect(before.tags).toBeGreaterThan(0);
    expect(before.observers).toEqual(expect.arrayContaining([fx.users.principal.id]));
    expect(before.observers).not.toContain(people.Tess!.id);
    visitId = randomUUID();
    const body = { id: visitId, requestId, startedAt: new Date().toISOString(), durationMinutes: 20, evidence: 'Ana asked "why?" after every answer; 14 students answered.', tags: [Q], privateNote: 'TESS-OWN-NOTE' };
    const early = await t.app.inject({ method: 'POST', url: '/api/peer-visits', headers: as('Tess'), payload: body });
    expect(early.statusCode).toBe(409);
    const answered = await t.app.inject({ method: 'POST', url: `/api/peer-visit-requests/${requestId}/answer`, headers: as('Ana'), payload: { decision: 'accepted', note: 'Tuesday 9:00 works' } });
    expect(answered.json()).toMatchObject({ status: 'accepted', responseNote: 'Tuesday 9:00 works' });
    expect((await t.app.inject({ method: 'POST', url: `/api/peer-visit-requests/${requestId}/answer`, headers: as('Ana'), payload: { decision: 'declined' } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: '/api/peer-visits', headers: as('Ben'), payload: { ...body, id: randomUUID() } })).statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'POST', url: '/api/peer-visits', headers: as('Tess'), payload: { ...body, durationMinutes: 0, tags: [randomUUID()] } });
    expect(bad.statusCode).toBe(400);

    const made = await t.app.inject({ method: 'POST', url: '/api/peer-visits', headers: as('Tess'), payload: body });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ kind: 'peer', teacher: { id: people.Ana!.id }, observer: { id: people.Tess!.id }, privateNote: 'TESS-OWN-NOTE', sharedWithLeadersAt: null });
    expect((await t.app.inject({ method: 'POST', url: '/api/peer-visits', headers: as('Tess'), payload: body })).statusCode).toBe(200);

    const readAs = (who: string) => t.app.inject({ method: 'GET', url: `/api/visits/${visitId}`, headers: as(who) });
    expect((await readAs('Tess')).statusCode).toBe(200);
    const asAna = await readAs('Ana');
    expect(asAna.statusCode).toBe(200);
    expect(asAna.json().privateNote).toBeUndefined();
    for (const who of ['principal', 'assistant_principal', 'coach', 'Ben', 'Otto', 'district_leader', 'stranger']) expect((await readAs(who)).statusCode, who).toBe(404);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/my/visits', headers: as('Ana') })).json();
    expect(mine.map((v: { id: string }) => v.id)).toContain(visitId);

    // Never in coverage, the visit list, insights, follow-through, rollups or the expertise counts.
    expect(await totals()).toEqual(before);
    expect(ranking((await suggest('Ben', `lookForId=${Q}&weeks=12`)).json())[1]).toEqual(['Ana Teacher', 3, 3]);

    // The peer edits the notes (another day, other look-fors): the rollups still never count it. The colleague stays.
    const edited = await t.app.inject({ method: 'PUT', url: `/api/visits/${visitId}`, headers: as('Tess'), payload: { version: 1, teacherId: people.Ana!.id, startedAt: new Date(Date.now() - WEEK).toISOString(), durationMinutes: 25, evidence: body.evidence, tags: [Q, D], privateNote: 'TESS-OWN-NOTE' } });
    expect(edited.statusCode, edited.body).toBe(200);
    const moved = await t.app.inject({ method: 'PUT', url: `/api/visits/${visitId}`, headers: as('Tess'), payload: { version: 2, teacherId: people.Ben!.id, startedAt: new Date().toISOString(), durationMinutes: 25, evidence: 'x', tags: [] } });
    expect(moved.json().error.fields).toEqual([{ path: 'body.teacherId', message: 'A peer visit stays with the colleague who agreed to it' }]);
    expect(await totals()).toEqual(before);

    // The visited teacher decides whether school leaders see it.
    const share = (who: string) => t.app.inject({ method: 'POST', url: `/api/peer-visits/${visitId}/share-with-leaders`, headers: as(who) });
    expect((await share('principal')).statusCode).toBe(404);
    expect((await share('Tess')).statusCode).toBe(403);
    const shared = await share('Ana');
    expect(shared.statusCode).toBe(200);
    expect(shared.json().sharedWithLeadersAt).toEqual(expect.any(String));
    expect((await share('Ana')).statusCode).toBe(409);
    for (const who of ['principal', 'assistant_principal', 'coach']) {
      const r = await readAs(who);
      expect(r.statusCode, who).toBe(200);
      expect(r.json().privateNote, who).toBeUndefined();
    }
    for (const who of ['Ben', 'district_leader', 'stranger']) expect((await readAs(who)).statusCode, who).toBe(404);
    const after = await totals();
    expect({ ...after, listed: before.listed }).toEqual(before);
    expect(after.listed).toEqual([...before.listed, visitId].sort());
  });

  it('a request can be withdrawn before the visit, not after', async () => {
    expect((await t.app.inject({ method: 'POST', url: `/api/peer-visit-requests/${requestId}/cancel`, headers: as('Tess') })).statusCode).toBe(409);
    const url = `/api/schools/${fx.school.id}/peer-visit-requests`;
    const another = (await t.app.inject({ method: 'POST', url, headers: as('Tess'), payload: { hostId: people.Dee!.id, topic: 'Socratic seminars' } })).json();
    expect((await t.app.inject({ method: 'POST', url: `/api/peer-visit-requests/${another.id}/cancel`, headers: as('Dee') })).statusCode).toBe(403);
    const withdrawn = await t.app.inject({ method: 'POST', url: `/api/peer-visit-requests/${another.id}/cancel`, headers: as('Tess') });
    expect(withdrawn.json().status).toBe('cancelled');
    expect((await t.app.inject({ method: 'POST', url: `/api/peer-visit-requests/${another.id}/answer`, headers: as('Dee'), payload: { decision: 'accepted' } })).statusCode).toBe(409);
  });

  it('the device-made id is an idempotency key, like POST /api/visits: sent twice, one visit (200); another visit under it, 409', async () => {
    const accepted = async (host: string) => {
      const asked = await t.app.inject({ method: 'POST', url: `/api/schools/${fx.school.id}/peer-visit-requests`, headers: as('Tess'), payload: { hostId: people[host]!.id, topic: 'Questioning circles' } });
      expect(asked.statusCode, asked.body).toBe(201);
      const answer = await t.app.inject({ method: 'POST', url: `/api/peer-visit-requests/${asked.json().id}/answer`, headers: as(host), payload: { decision: 'accepted' } });
      expect(answer.statusCode, answer.body).toBe(200);
      return asked.json().id as string;
    };
    const send = (payload: object) => t.app.inject({ method: 'POST', url: '/api/peer-visits', headers: as('Tess'), payload });
    const peerVisitsTo = async (host: string) =>
      (await t.db.selectFrom('visits').select(['id', 'evidence']).where('observer_id', '=', people.Tess!.id).where('teacher_id', '=', people[host]!.id).where('kind', '=', 'peer').execute());

    const requestId = await accepted('Cal');
    const id = randomUUID();
    const body = { id, requestId, classId: null, startedAt: new Date(Date.now() - 3_600_000).toISOString(), durationMinutes: 15, evidence: 'Circles of five; every student asked one question.', tags: [Q], privateNote: null };
    const first = await send(body);
    expect(first.statusCode, first.body).toBe(201);
    // The answer was lost on the school's Wi-Fi: the outbox sends the same visit again.
    const again = await send(body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id, kind: 'peer', version: first.json().version, evidence: body.evidence });
    expect(await peerVisitsTo('Cal')).toEqual([{ id, evidence: body.evidence }]);

    // Another visit under the same id: refused, and nothing changes.
    const other = await send({ ...body, evidence: 'Something else entirely.', durationMinutes: 30 });
    expect(other.statusCode, other.body).toBe(409);
    expect(other.json().error.code).toBe('conflict');
    expect(await peerVisitsTo('Cal')).toEqual([{ id, evidence: body.evidence }]);
    const request = (await t.app.inject({ method: 'GET', url: `/api/schools/${fx.school.id}/peer-visit-requests`, headers: as('Tess') })).json().sent.find((r: { id: string }) => r.id === requestId);
    expect(request).toMatchObject({ status: 'visited', visitId: id });

    // The same visit sent twice at once (two tabs flushing): one visit, one 201 and one 200.
    const raced = await accepted('Ben');
    const racedBody = { ...body, id: randomUUID(), requestId: raced };
    const answers = await Promise.all([send(racedBody), send(racedBody)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 201]);
    expect((await peerVisitsTo('Ben')).map((v) => v.id)).toEqual([racedBody.id]);
  });
});
