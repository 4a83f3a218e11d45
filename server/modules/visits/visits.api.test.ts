import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createSchool, createStaff } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, testPasswordHash, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let tags: { id: string }[];
let mathClass: { id: string };
let principal: string;
let coach: string;

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  tags = await t.db
    .insertInto('look_fors')
    .values(['Student talk', 'Checking for understanding', 'Learning target'].map((name, position) => ({ school_id: fx.school.id, name, position })))
    .returning('id')
    .execute();
  mathClass = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Math 3', teacherIds: [fx.users.teacher.id] });
  principal = await sessionCookie(t.db, fx.users.principal.id);
  coach = await sessionCookie(t.db, fx.users.coach.id);
});
afterAll(() => t.close());

const visitBody = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  schoolId: fx.school.id,
  teacherId: fx.users.teacher.id,
  classId: mathClass.id,
  startedAt: '2026-11-23T09:40:00-06:00',
  durationMinutes: 10,
  evidence: 'T: "Turn and tell your partner how you know." 18 of 22 students talking about the problem.',
  tags: [tags[0]!.id, tags[1]!.id],
  privateNote: 'Ask about the small group at the back table.',
  ...over,
});
const post = (cookie: string, payload: object) => t.app.inject({ method: 'POST', url: '/api/visits', headers: { cookie }, payload });

describe('POST /api/visits', () => {
  it('creates a visit (201); the same id and body again answers 200 with the stored visit and creates nothing', async () => {
    const body = visitBody();
    const first = await post(principal, body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      id: body.id,
      teacher: { id: fx.users.teacher.id },
      class: { id: mathClass.id, title: 'Math 3' },
      durationMinutes: 10,
      startedAt: '2026-11-23T15:40:00.000Z',
      privateNote: body.privateNote,
      version: 1,
    });
    expect(first.json().tags.map((x: { id: string }) => x.id).sort()).toEqual([tags[0]!.id, tags[1]!.id].sort());
    const again = await post(principal, { ...body, tags: [...body.tags].reverse() });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const rows = await t.db.selectFrom('visits').select('id').where('id', '=', body.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('a different body under a used id is a 409 and changes nothing', async () => {
    const body = visitBody();
    await post(principal, body);
    const clash = await post(principal, { ...body, evidence: 'Something else' });
    expect(clash.statusCode).toBe(409);
    const stored = await t.db.selectFrom('visits').select('evidence').where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(stored.evidence).toBe(body.evidence);
    // Another leader cannot take over the id either.
    expect((await post(coach, body)).statusCode).toBe(409);
  });

  it('rejects a teacher, class or look-for that is not of the school, naming each field', async () => {
    const res = await post(principal, visitBody({ teacherId: fx.otherSchoolPrincipal.id, tags: [tags[0]!.id, randomUUID()] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      { path: 'body.teacherId', message: 'Choose a teacher of this school' },
      { path: 'body.tags.1', message: 'Not an active look-for of this school' },
    ]);
    const wrongClass = await post(principal, visitBody({ teacherId: fx.otherTeacher.id }));
    expect(wrongClass.json().error.fields).toEqual([{ path: 'body.classId', message: 'This teacher does not teach that class' }]);
    const bad = await post(principal, visitBody({ durationMinutes: 0, startedAt: 'yesterday', id: 'abc' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.durationMinutes', 'body.id', 'body.startedAt']);
  });

  it('shared at once: the stored visit equals the answer, and the notification, one email and the audit event are written word for word', async () => {
    const body = visitBody({ guidingQuestion: 'What did the back table notice?', tags: [tags[1]!.id, tags[0]!.id, tags[1]!.id] });
    const res = await t.app.inject({ method: 'POST', url: '/api/visits', headers: { cookie: principal, host: 'rounds.school.test' }, payload: body });
    expect(res.statusCode).toBe(201);
    const stored = await t.app.inject({ method: 'GET', url: `/api/visits/${body.id}`, headers: { cookie: principal } });
    expect(res.json()).toEqual(stored.json());
    expect(res.json()).toMatchObject({ status: 'shared', guidingQuestion: 'What did the back table notice?', tags: [{ id: tags[0]!.id }, { id: tags[1]!.id }] });
    const observer = fx.users.principal.name;
    const notes = await t.db.selectFrom('notifications').selectAll().where('visit_id', '=', body.id).execute();
    expect(notes).toEqual([
      expect.objectContaining({
        person_id: fx.users.teacher.id,
        kind: 'visit.shared',
        title: `${observer} shared evidence from a visit to your classroom`,
        link: `/my-classroom/visits/${body.id}`,
        read_at: null,
      }),
    ]);
    const mail = await t.db.selectFrom('email_outbox').selectAll().where('text_body', 'like', `%${body.id}%`).execute();
    expect(mail).toEqual([
      expect.objectContaining({
        district_id: fx.district.id,
        to_address: fx.users.teacher.email,
        status: 'held',
        subject: `${observer} shared what they saw in your classroom`,
        text_body:
          `Hello Tess,\n\n${observer} visited your classroom on 2026-11-23 and shared the evidence they gathered, with a question for you to think about.\n\n` +
          `Read it and add your reflection: http://rounds.school.test/my-classroom/visits/${body.id}\n\n` +
          `Visits are not evaluations: the evidence is yours to reflect on, and you decide what, if anything, to change.\n\n— Rounds`,
      }),
    ]);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'visit').where('entity_id', '=', body.id).execute();
    expect(audit).toEqual([
      expect.objectContaining({ action: 'visit.shared', actor_id: fx.users.principal.id, district_id: fx.district.id, school_id: fx.school.id, details: {}, ip: null }),
    ]);
    const written = JSON.stringify([notes, mail, audit]);
    expect(written).not.toContain('small group at the back');
    expect(written).not.toContain('18 of 22');
  });

  it('held for later: a capture writes no notification, email or audit event', async () => {
    const held = await createSchool(t.db, { districtId: fx.district.id });
    const leader = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'principal', schoolId: held.id }] });
    const heldTeacher = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'teacher', schoolId: held.id }] });
    const cookie = await sessionCookie(t.db, leader.id);
    expect((await t.app.inject({ method: 'PUT', url: `/api/schools/${held.id}/visit-settings`, headers: { cookie }, payload: { shareMode: 'held' } })).statusCode).toBe(200);
    const body = visitBody({ schoolId: held.id, teacherId: heldTeacher.id, classId: null, tags: [] });
    const res = await post(cookie, body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'captured', sharedAt: null });
    expect(await t.db.selectFrom('notifications').select('id').where('visit_id', '=', body.id).execute()).toEqual([]);
    expect(await t.db.selectFrom('audit_log').select('id').where('entity_id', '=', body.id).execute()).toEqual([]);
    expect(await t.db.selectFrom('email_outbox').select('id').where('text_body', 'like', `%${body.id}%`).execute()).toEqual([]);
    expect((await post(cookie, body)).json()).toEqual(res.json());
  });

  it('a teacher may not record visits about others; a stranger school is 404', async () => {
    expect((await post(await sessionCookie(t.db, fx.users.teacher.id), visitBody())).statusCode).toBe(403);
    expect((await post(await sessionCookie(t.db, fx.otherSchoolPrincipal.id), visitBody())).statusCode).toBe(404);
  });
});

describe('reading and editing', () => {
  it('the private note is returned only to its author', async () => {
    const body = visitBody();
    await post(principal, body);
    const mine = await t.app.inject({ method: 'GET', url: `/api/visits/${body.id}`, headers: { cookie: principal } });
    expect(mine.json().privateNote).toBe(body.privateNote);
    const theirs = await t.app.inject({ method: 'GET', url: `/api/visits/${body.id}`, headers: { cookie: coach } });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json()).not.toHaveProperty('privateNote');
    expect(theirs.body).not.toContain('small group at the back');
    const list = await t.app.inject({ method: 'GET', url: `/api/visits?schoolId=${fx.school.id}`, headers: { cookie: coach } });
    expect(list.body).not.toContain('small group at the back');
  });

  it('the author edits with the version they started from; a stale edit is a 409 carrying the current visit', async () => {
    const body = visitBody();
    await post(principal, body);
    const edit = (version: number, evidence: string) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/visits/${body.id}`,
        headers: { cookie: principal },
        payload: { version, teacherId: body.teacherId, classId: body.classId, startedAt: body.startedAt, durationMinutes: 12, evidence, tags: [tags[2]!.id] },
      });
    const ok = await edit(1, 'Edited on the phone');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, evidence: 'Edited on the phone', tags: [{ id: tags[2]!.id }] });
    const stale = await edit(1, 'Edited on the laptop');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.current).toMatchObject({ version: 2, evidence: 'Edited on the phone' });
    const other = await t.app.inject({ method: 'PUT', url: `/api/visits/${body.id}`, headers: { cookie: coach }, payload: { ...(ok.json() as object), version: 2, teacherId: body.teacherId, startedAt: body.startedAt, tags: [] } });
    expect(other.statusCode).toBe(403);
  });

  it('lists with filters and cursor pagination, newest first', async () => {
    const leader = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'assistant_principal', schoolId: fx.school.id }], passwordHash: await testPasswordHash() });
    const cookie = await sessionCookie(t.db, leader.id);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const body = visitBody({ startedAt: `2026-10-0${i + 1}T10:00:00-05:00`, privateNote: null });
      ids.push(body.id);
      expect((await post(cookie, body)).statusCode).toBe(201);
    }
    const page1 = await t.app.inject({ method: 'GET', url: `/api/visits?schoolId=${fx.school.id}&observerId=${leader.id}&limit=2`, headers: { cookie } });
    expect(page1.json().items.map((v: { id: string }) => v.id)).toEqual([ids[4], ids[3]]);
    const page2 = await t.app.inject({ method: 'GET', url: `/api/visits?schoolId=${fx.school.id}&observerId=${leader.id}&limit=2&cursor=${page1.json().nextCursor}`, headers: { cookie } });
    expect(page2.json().items.map((v: { id: string }) => v.id)).toEqual([ids[2], ids[1]]);
    const ranged = await t.app.inject({ method: 'GET', url: `/api/visits?schoolId=${fx.school.id}&observerId=${leader.id}&from=2026-10-02&to=2026-10-03`, headers: { cookie } });
    expect(ranged.json().items.map((v: { id: string }) => v.id)).toEqual([ids[2], ids[1]]);
    const badCursor = await t.app.inject({ method: 'GET', url: `/api/visits?schoolId=${fx.school.id}&cursor=nonsense`, headers: { cookie } });
    expect(badCursor.statusCode).toBe(400);
  });
});

describe('offline retries converge', () => {
  it('any order of duplicates, reorderings and dropped responses stores each of 1,000 visits exactly once', async () => {
    const leader = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'coach', schoolId: fx.school.id }] });
    const cookie = await sessionCookie(t.db, leader.id);
    const visits = Array.from({ length: 1000 }, (_, i) => visitBody({ startedAt: new Date(Date.UTC(2026, 8, 1) + i * 60_000).toISOString(), evidence: `visit ${i}`, privateNote: null, tags: [] }));
    const acknowledged = new Set<string>();
    // Every visit is sent at least once, 1,500 more sends repeat random ones, all in a random order, and some
    // responses are "dropped" (the device never hears back and sends again later).
    const schedule = fc.record({
      extra: fc.array(fc.record({ index: fc.nat(999), dropped: fc.boolean() }), { minLength: 1500, maxLength: 1500 }),
      order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2500, maxLength: 2500 }),
      droppedFirst: fc.array(fc.boolean(), { minLength: 1000, maxLength: 1000 }),
    });
    await fc.assert(
      fc.asyncProperty(schedule, async ({ extra, order, droppedFirst }) => {
        const sends = [...visits.map((_, index) => ({ index, dropped: droppedFirst[index]! })), ...extra]
          .map((s, i) => ({ ...s, key: order[i]! }))
          .sort((a, b) => a.key - b.key);
        for (let i = 0; i < sends.length; i += 25) {
          const batch = sends.slice(i, i + 25);
          const results = await Promise.all(batch.map((s) => post(cookie, visits[s.index]!)));
          results.forEach((r, k) => {
            expect([200, 201]).toContain(r.statusCode);
            if (!batch[k]!.dropped) acknowledged.add(visits[batch[k]!.index]!.id);
          });
        }
      }),
      { numRuns: 1, seed: 42 },
    );
    const stored = await t.db.selectFrom('visits').select(['id', 'evidence']).where('observer_id', '=', leader.id).execute();
    expect(stored).toHaveLength(1000);
    expect(new Set(stored.map((s) => s.id)).size).toBe(1000);
    for (const id of acknowledged) expect(stored.some((s) => s.id === id)).toBe(true);
  }, 120_000);
});
