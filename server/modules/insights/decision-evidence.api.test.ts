import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

/**
 * Visits as the evidence of a decision: finding them (teacher, look-for, dates, words of the evidence; never the
 * private note), citing only those the caller may open, and reading them back on the decision, each reader seeing
 * only the cited visits they may open.
 */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let principal: string;
let coach: string;
let tess: string;
let otto: string;
let lookForId: string;
const v1 = randomUUID();
const v2 = randomUUID();
const v3 = randomUUID();

type Page = { items: { id: string; privateNote?: string | null }[]; nextCursor: string | null };
type CitedDecision = { id: string; visitIds: string[]; visits: { id: string; teacher: { id: string; name: string }; startedAt: string; firstLine: string }[] };

const list = async (cookie: string, query: Record<string, string>) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/visits?${new URLSearchParams({ schoolId: fx.school.id, ...query })}`, headers: { cookie } });
  return res;
};
const ids = async (cookie: string, query: Record<string, string>) => {
  const res = await list(cookie, query);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as Page).items.map((v) => v.id);
};
const decide = (cookie: string, visitIds: string[]) =>
  t.app.inject({ method: 'POST', url: `/api/schools/${fx.school.id}/decisions`, headers: { cookie }, payload: { kind: 'coaching', title: 'Coach turn and talk', decidedOn: '2026-11-24', mode: 'leader', visitIds } });

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  principal = await sessionCookie(t.db, fx.users.principal.id);
  coach = await sessionCookie(t.db, fx.users.coach.id);
  tess = await sessionCookie(t.db, fx.users.teacher.id);
  otto = await sessionCookie(t.db, fx.otherTeacher.id);
  const settings = await t.app.inject({ method: 'PUT', url: `/api/schools/${fx.school.id}/visit-settings`, headers: { cookie: principal }, payload: { shareMode: 'immediate', coachVisibility: 'own' } });
  expect(settings.statusCode, settings.body).toBe(200);
  const lookFor = await t.app.inject({ method: 'POST', url: `/api/schools/${fx.school.id}/look-fors`, headers: { cookie: principal }, payload: { name: 'Turn and talk' } });
  expect(lookFor.statusCode, lookFor.body).toBe(201);
  lookForId = lookFor.json().id;
  const visit = async (cookie: string, id: string, teacherId: string, startedAt: string, evidence: string, tags: string[], privateNote?: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/visits', headers: { cookie }, payload: { id, schoolId: fx.school.id, teacherId, startedAt, durationMinutes: 10, evidence, tags, privateNote } });
    expect(res.statusCode, res.body).toBe(201);
  };
  await visit(principal, v1, fx.users.teacher.id, '2026-11-10T09:00:00Z', '\n  Students turned and talked about 50% of fractions  \nSecond line', [lookForId], 'secret pineapple');
  await visit(principal, v2, fx.otherTeacher.id, '2026-11-12T09:00:00Z', 'Exit ticket on area', []);
  await visit(coach, v3, fx.users.teacher.id, '2026-11-14T09:00:00Z', 'Fractions on number lines', [lookForId]);
});
afterAll(() => t.close());

describe('visits as the evidence of a decision', () => {
  it('lists the school’s visits by words of the evidence or the teacher’s name, by look-for and date; never by the private note', async () => {
    expect(await ids(principal, { q: 'FRACTIONS' })).toEqual([v3, v1]);
    expect(await ids(principal, { q: 'otto' })).toEqual([v2]);
    expect(await ids(principal, { q: 'pineapple' }), 'the private note is not searched').toEqual([]);
    expect(await ids(principal, { q: '50%' })).toEqual([v1]);
    expect(await ids(principal, { q: '%' }), '% is a character, not a wildcard').toEqual([v1]);
    expect(await ids(principal, { lookForId })).toEqual([v3, v1]);
    expect(await ids(principal, { lookForId, teacherId: fx.users.teacher.id, to: '2026-11-12' })).toEqual([v1]);
    expect(await ids(principal, { kind: 'peer' })).toEqual([]);
    const first = await list(principal, { q: 'fractions', limit: '1' });
    expect(first.json()).toMatchObject({ items: [{ id: v3 }], nextCursor: expect.any(String) });
    expect(await ids(principal, { q: 'fractions', limit: '1', cursor: first.json().nextCursor })).toEqual([v1]);
    // A coach limited to their own visits finds only those.
    expect(await ids(coach, { q: 'fractions' })).toEqual([v3]);
    const tooLong = await list(principal, { q: 'x'.repeat(101) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.fields).toEqual([{ path: expect.stringMatching(/\.q$/), message: 'At most 100 characters' }]);
    const blank = await list(principal, { q: '   ' });
    expect(blank.json().error.fields).toEqual([{ path: expect.stringMatching(/\.q$/), message: 'Type at least one character' }]);
    expect((await list(principal, { lookForId: 'tag' })).statusCode).toBe(400);
  });

  it('cites visits the caller may open; each reader of the log sees the cited visits they may open, never a private note', async () => {
    const refused = await decide(coach, [v1, v3]);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([{ path: 'body.visitIds.0', message: 'Not a visit of this school you can open' }]);
    expect((await decide(coach, [v3])).statusCode).toBe(201);

    const made = await decide(principal, [v1, v2]);
    expect(made.statusCode, made.body).toBe(201);
    const decision = made.json() as CitedDecision;
    expect(made.body).not.toContain('pineapple');
    expect(decision.visitIds).toEqual([v1, v2]);
    expect(decision.visits).toEqual([
      { id: v1, teacher: { id: fx.users.teacher.id, name: expect.stringContaining('Tess') }, startedAt: '2026-11-10T09:00:00.000Z', firstLine: 'Students turned and talked about 50% of fractions' },
      { id: v2, teacher: { id: fx.otherTeacher.id, name: expect.stringContaining('Otto') }, startedAt: '2026-11-12T09:00:00.000Z', firstLine: 'Exit ticket on area' },
    ]);
    const logOf = async (cookie: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/schools/${fx.school.id}/decisions`, headers: { cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('pineapple');
      return (res.json() as CitedDecision[]).find((d) => d.id === decision.id)!;
    };
    expect((await logOf(principal)).visits.map((v) => v.id)).toEqual([v1, v2]);
    // Teachers see their own shared visit, not a colleague's; the coach limited to their own visits sees neither.
    const forTess = await logOf(tess);
    expect(forTess.visitIds).toEqual([v1, v2]);
    expect(forTess.visits.map((v) => v.id)).toEqual([v1]);
    expect((await logOf(otto)).visits.map((v) => v.id)).toEqual([v2]);
    expect((await logOf(coach)).visits).toEqual([]);
  });
});
