import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createStudents } from '../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../test/helpers';

/** The limits of CSV imports: the file's size and its number of lines, each answered 413 with the limit named. */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let principal: string;
let assessmentId: string;
let mapId: string;
const ORIGIN = 'http://localhost:80';

const base = () => `/api/schools/${fx.school.id}`;
const post = (url: string, payload: string | Buffer, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: principal, origin: ORIGIN, 'content-type': 'text/csv', ...headers }, payload });

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  principal = await sessionCookie(t.db, fx.users.principal.id);
  const students = await createStudents(t.db, fx.district.id, fx.school.id, [
    { givenName: 'Ana', familyName: 'Limit', grade: '03', sourcedId: `lim-${fx.school.id}-1` },
    { givenName: 'Ben', familyName: 'Limit', grade: '03', sourcedId: `lim-${fx.school.id}-2` },
  ]);
  const cls = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Limits 3', grades: ['03'], teacherIds: [fx.users.teacher.id], studentIds: students.map((s) => s.id) });
  const created = await t.app.inject({
    method: 'POST',
    url: `${base()}/assessments`,
    headers: { cookie: principal, origin: ORIGIN },
    payload: { name: 'Exit ticket', givenOn: '2026-11-02', classIds: [cls.id], standards: ['Fractions'], scale: 'points', maxPoints: 10, proficiencyCut: 8 },
  });
  expect(created.statusCode, created.body).toBe(201);
  assessmentId = created.json().id;
  const map = await t.app.inject({ method: 'POST', url: `${base()}/curriculum-maps`, headers: { cookie: principal, origin: ORIGIN }, payload: { course: 'Limits', grade: '03' } });
  expect(map.statusCode, map.body).toBe(201);
  mapId = map.json().id;
});
afterAll(() => t.close());

describe('assessment results CSV', () => {
  const url = () => `${base()}/assessments/${assessmentId}/results/import?filename=week.csv`;

  it('still imports a good file (parsed in a worker thread)', async () => {
    const res = await post(url(), `sourcedId,score\nlim-${fx.school.id}-1,7\nlim-${fx.school.id}-2,9\n`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ recorded: 2, removed: 0 });
  });

  it('refuses a file over 2 MB with 413 naming the limit, and changes nothing', async () => {
    const big = `sourcedId,score\n${`lim-${fx.school.id}-1,3\n`.repeat(Math.ceil((2 * 1024 * 1024) / 40) + 1000)}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(2 * 1024 * 1024);
    const res = await post(url(), big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'payload_too_large', maxBytes: 2 * 1024 * 1024 });
    expect(res.json().error.message).toContain('2 MB');
    const scores = await t.db.selectFrom('assessment_results').select('score').where('assessment_id', '=', assessmentId).orderBy('score').execute();
    expect(scores.map((r) => Number(r.score))).toEqual([7, 9]);
  });

  it('refuses more than 10,000 student lines with 413 naming the limit, before looking anything up', async () => {
    const lines = Array.from({ length: 10_001 }, (_, i) => `s${i},5`);
    const res = await post(url(), ['sourcedId,score', ...lines].join('\n'));
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'payload_too_large', maxRows: 10_000 });
    expect(res.json().error.message).toBe('The file has 10,001 student lines; at most 10,000 are imported at once. Split it into smaller files.');
    // Exactly at the limit the file is read, and its unknown students are reported as usual.
    const atLimit = await post(url(), ['sourcedId,score', ...lines.slice(0, 10_000)].join('\n'));
    expect(atLimit.statusCode).toBe(400);
    expect(atLimit.json().error).toMatchObject({ code: 'validation_failed', problemCount: 10_000 });
    expect(atLimit.json().error.fields[0]).toEqual({ path: 'week.csv:2:sourcedId', message: 'No student "s0" in this school' });
  });
});

describe('curriculum map CSV', () => {
  const url = () => `${base()}/curriculum-maps/${mapId}/import?filename=map.csv`;
  const header = 'unit,unit_start,unit_end,standard,standard_description,target,assessment_id,assessment';

  it('still imports a good file (parsed in a worker thread)', async () => {
    const res = await post(url(), `${header}\nFractions,2026-09-01,2026-09-30,3.NF.1,Unit fractions,I can name a unit fraction,,Exit ticket\n`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ units: 1, standards: 1, targets: 1, assessments: 1 });
  });

  it('refuses a file over 1 MB with 413 naming the limit', async () => {
    const res = await post(url(), `${header}\n${'Fractions,2026-09-01,2026-09-30,3.NF.1,,,,\n'.repeat(30_000)}`);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'payload_too_large', maxBytes: 1024 * 1024 });
    expect(res.json().error.message).toContain('1 MB');
  });

  it('refuses more than 10,000 lines with 413 naming the limit; the map is unchanged', async () => {
    const res = await post(url(), `${header}\n${'U,2026-09-01,2026-09-30,S,,,,\n'.repeat(10_001)}`);
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'payload_too_large', maxLines: 10_000 });
    expect(res.json().error.message).toBe('The file has 10,001 lines; a map is imported from at most 10,000.');
    const map = await t.app.inject({ method: 'GET', url: `${base()}/curriculum-maps/${mapId}`, headers: { cookie: principal } });
    expect(map.json().units.map((u: { title: string }) => u.title)).toEqual(['Fractions']);
  });
});
