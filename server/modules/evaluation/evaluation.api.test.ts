import { sql } from 'kysely';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../../db/seed/builders';
import type { RubricDefinition } from '../../../schemas/evaluation';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';
import { builtInRubric, loadRubricFile } from './rubrics';
import { schoolYearStarting } from '../../../schemas/common';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let otherAp: { id: string };
let otherSchoolTeacher: { id: string };
const cookies: Record<string, string> = {};
const visits = { shared: randomUUID(), unshared: randomUUID(), otherTeacher: randomUUID(), otherSchool: randomUUID(), peer: randomUUID(), coaching: randomUUID() };
let base: string;

/** The current school year (July to June) and dates in it: one already past, the rest at its very end. */
function year(now = new Date()) {
  const first = now.getUTCMonth() >= 6 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const last = `${first + 1}-08-31`;
  return { schoolYear: schoolYearStarting(first), past: `${first}-07-01`, last, late: `${first + 1}-08-30` };
}
const Y = year();
const cycleBody = (over: Record<string, unknown> = {}) => ({
  teacherId: fx.users.teacher.id,
  evaluatorId: fx.users.assistant_principal.id,
  schoolYear: Y.schoolYear,
  rubricKey: 'rounds-generic',
  dueDates: { preConference: Y.past, midYearReview: Y.last, ratings: Y.last, summativeConference: Y.last, signOff: Y.last },
  observations: [Y.late],
  ...over,
});

async function visit(id: string, schoolId: string, observerId: string, teacherId: string, shared: boolean, extra: { kind?: 'leader' | 'peer'; coaching_cycle_id?: string } = {}) {
  await t.db
    .insertInto('visits')
    .values({ id, district_id: fx.district.id, school_id: schoolId, observer_id: observerId, teacher_id: teacherId, started_at: new Date(Date.now() - 86_400_000), duration_minutes: 10, evidence: `Evidence of ${id.slice(0, 4)}: 18 of 22 students explained their strategy.`, private_note: 'PRIVATE-NOTE', create_hash: createHash('sha256').update(id).digest('hex'), shared_at: shared ? new Date() : null, ...extra })
    .execute();
}

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  otherAp = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'assistant_principal', schoolId: fx.school.id }], givenName: 'Ana' });
  otherSchoolTeacher = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'teacher', schoolId: fx.otherSchool.id }], givenName: 'Sol' });
  for (const [role, u] of Object.entries(fx.users)) cookies[role] = await sessionCookie(t.db, u.id);
  cookies.otherTeacher = await sessionCookie(t.db, fx.otherTeacher.id);
  cookies.otherAp = await sessionCookie(t.db, otherAp.id);
  cookies.otherSchoolPrincipal = await sessionCookie(t.db, fx.otherSchoolPrincipal.id);
  await visit(visits.shared, fx.school.id, fx.users.principal.id, fx.users.teacher.id, true);
  await visit(visits.unshared, fx.school.id, fx.users.coach.id, fx.users.teacher.id, false);
  await visit(visits.otherTeacher, fx.school.id, fx.users.principal.id, fx.otherTeacher.id, true);
  await visit(visits.otherSchool, fx.otherSchool.id, fx.otherSchoolPrincipal.id, otherSchoolTeacher.id, true);
  // A colleague's peer visit and a coaching cycle's observation, both shared with the teacher: never citable.
  await visit(visits.peer, fx.school.id, fx.otherTeacher.id, fx.users.teacher.id, true, { kind: 'peer' });
  const coaching = await t.db.insertInto('coaching_cycles').values({ district_id: fx.district.id, school_id: fx.school.id, coach_id: fx.users.coach.id, teacher_id: fx.users.teacher.id, goal: 'More student talk' }).returning('id').executeTakeFirstOrThrow();
  await visit(visits.coaching, fx.school.id, fx.users.coach.id, fx.users.teacher.id, true, { coaching_cycle_id: coaching.id });
  base = `/api/schools/${fx.school.id}/evaluation`;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });
const fieldsOf = (res: { json(): unknown }) => (res.json() as { error: { fields?: { path: string; message: string }[] } }).error.fields ?? [];
/** Rows of this test's district and school only: other test files share the database and run meanwhile. */
const count = async (table: 'evaluation_cycles' | 'evaluation_citations' | 'evaluation_ratings' | 'evaluation_rubrics') => {
  const where =
    table === 'evaluation_rubrics'
      ? sql`district_id = ${fx.district.id}`
      : table === 'evaluation_cycles'
        ? sql`school_id = ${fx.school.id}`
        : sql`cycle_id IN (SELECT id FROM evaluation_cycles WHERE school_id = ${fx.school.id})`;
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.id(table)} WHERE ${where}`.execute(t.db);
  return Number(rows[0]!.n);
};

describe('rubrics', () => {
  it('the shipped rubric is valid: four domains, three to five components each, four levels with a descriptor each', () => {
    const rubric = loadRubricFile(path.join(import.meta.dirname, 'rubrics', 'rounds-generic.json'));
    expect(rubric.domains).toHaveLength(4);
    for (const d of rubric.domains) {
      expect(d.components.length).toBeGreaterThanOrEqual(3);
      expect(d.components.length).toBeLessThanOrEqual(5);
      for (const c of d.components) expect(c.levels.map((l) => l.value)).toEqual([1, 2, 3, 4]);
    }
  });

  it('an uploaded rubric with problems answers 400 naming each place, and nothing is stored', async () => {
    const good = builtInRubric();
    const broken = structuredClone(good) as RubricDefinition;
    broken.name = 'District rubric';
    broken.domains[1]!.components[0]!.levels.pop(); // level 4 has no descriptor
    broken.domains[2]!.components[1]!.key = broken.domains[0]!.components[0]!.key; // the same key twice
    broken.domains[0]!.components[2]!.levels[1]!.value = 9; // not on the scale
    const before = await count('evaluation_rubrics');
    const res = await call('POST', `${base}/rubrics`, 'principal', broken);
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(
      expect.arrayContaining([
        { path: 'body.domains.1.components.0.levels', message: 'Add a descriptor for level 4' },
        { path: 'body.domains.2.components.1.key', message: `The component key "${good.domains[0]!.components[0]!.key}" is used twice` },
        expect.objectContaining({ path: 'body.domains.0.components.2.levels.1.value', message: expect.stringContaining('not on the scale') }),
      ]),
    );
    const empty = await call('POST', `${base}/rubrics`, 'principal', { name: '', scale: [{ value: 1, label: 'Only' }], domains: [] });
    expect(empty.statusCode).toBe(400);
    expect(fieldsOf(empty).map((f) => f.path).sort()).toEqual(['body.domains', 'body.name', 'body.scale']);
    expect(await count('evaluation_rubrics')).toBe(before);
  });

  it('a principal or district admin uploads a valid rubric for the district; teachers and coaches may not', async () => {
    const mine = { ...builtInRubric(), name: 'Riverside rubric' };
    expect((await call('POST', `${base}/rubrics`, 'teacher', mine)).statusCode).toBe(403);
    expect((await call('POST', `${base}/rubrics`, 'coach', mine)).statusCode).toBe(403);
    const made = await call('POST', `${base}/rubrics`, 'district_admin', mine);
    expect(made.statusCode).toBe(201);
    const again = await call('POST', `${base}/rubrics`, 'principal', mine);
    expect(fieldsOf(again)).toEqual([{ path: 'body.name', message: expect.stringContaining('already has a rubric') }]);
    const list = (await call('GET', `${base}/rubrics`, 'assistant_principal')).json() as { key: string; builtIn: boolean; definition: { name: string } }[];
    expect(list.map((r) => r.definition.name)).toEqual(['Rounds generic teaching rubric', 'Riverside rubric']);
    // The other school of the same district sees the district's rubric too.
    const there = (await t.app.inject({ method: 'GET', url: `/api/schools/${fx.otherSchool.id}/evaluation/rubrics`, headers: { cookie: cookies.otherSchoolPrincipal! } })).json() as unknown[];
    expect(there).toHaveLength(2);
  });
});

let cycleId: string;
let cycleUrl: string;

describe('cycles', () => {
  it('bad input answers 400 with field messages and creates nothing', async () => {
    const before = await count('evaluation_cycles');
    const res = await call('POST', `${base}/cycles`, 'principal', cycleBody({ teacherId: fx.users.coach.id, rubricKey: 'danielson', dueDates: { ...cycleBody().dueDates, midYearReview: Y.past, preConference: Y.late } }));
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res).map((f) => f.path).sort()).toEqual(['body.dueDates.midYearReview', 'body.rubricKey', 'body.teacherId']);
    const ap = await call('POST', `${base}/cycles`, 'assistant_principal', cycleBody({ evaluatorId: fx.users.principal.id }));
    expect(fieldsOf(ap)).toEqual([{ path: 'body.evaluatorId', message: expect.stringContaining('assistant principal') }]);
    const year = await call('POST', `${base}/cycles`, 'principal', cycleBody({ schoolYear: '2026-28', observations: [] }));
    expect(fieldsOf(year)).toEqual(
      expect.arrayContaining([{ path: 'body.schoolYear', message: 'Use two consecutive years, like 2026-27' }, expect.objectContaining({ path: 'body.observations' })]),
    );
    expect((await call('POST', `${base}/cycles`, 'coach', cycleBody())).statusCode).toBe(403);
    expect((await call('POST', `${base}/cycles`, 'teacher', cycleBody())).statusCode).toBe(403);
    expect(await count('evaluation_cycles')).toBe(before);
  });

  it('the principal starts a cycle evaluated by an assistant principal; a second one for the same year is refused', async () => {
    const res = await call('POST', `${base}/cycles`, 'principal', cycleBody());
    expect(res.statusCode).toBe(201);
    const cycle = res.json();
    cycleId = cycle.id;
    cycleUrl = `${base}/cycles/${cycleId}`;
    expect(cycle).toMatchObject({ schoolYear: Y.schoolYear, teacher: { id: fx.users.teacher.id }, evaluator: { id: fx.users.assistant_principal.id }, rubricName: 'Rounds generic teaching rubric' });
    expect(cycle.steps.map((s: { kind: string }) => s.kind).sort()).toEqual(['mid_year_review', 'observation', 'pre_conference', 'ratings', 'sign_off', 'summative_conference']);
    expect(cycle.steps[0]).toMatchObject({ kind: 'pre_conference', dueOn: Y.past });
    const dup = await call('POST', `${base}/cycles`, 'principal', cycleBody());
    expect(fieldsOf(dup)).toEqual([{ path: 'body.teacherId', message: `This teacher already has an evaluation cycle for ${Y.schoolYear}` }]);
  });

  it('access: the evaluator, the teacher and the principal read the cycle; everyone else is told it does not exist', async () => {
    for (const who of ['assistant_principal', 'teacher', 'principal']) expect((await call('GET', cycleUrl, who)).statusCode, who).toBe(200);
    for (const who of ['coach', 'otherTeacher', 'otherAp', 'district_admin', 'district_leader', 'otherSchoolPrincipal']) {
      const res = await call('GET', cycleUrl, who);
      expect(res.statusCode, who).toBe(404);
      expect(res.body).not.toContain(fx.users.teacher.id);
    }
    // The same cycle through another school's address is not found, even for its evaluator.
    const elsewhere = await t.app.inject({ method: 'GET', url: `/api/schools/${fx.otherSchool.id}/evaluation/cycles/${cycleId}`, headers: { cookie: cookies.assistant_principal! } });
    expect(elsewhere.statusCode).toBe(404);
    // Writes: the evaluator only; the principal and the teacher read but may not change it; others 404.
    const rating = { ratings: [{ componentKey: 'planning.targets', level: 3, evidence: 'Target posted and referenced.', rationale: 'Students restated it.' }] };
    expect((await call('PUT', `${cycleUrl}/ratings`, 'principal', rating)).statusCode).toBe(403);
    expect((await call('PUT', `${cycleUrl}/ratings`, 'teacher', rating)).statusCode).toBe(403);
    for (const who of ['coach', 'otherAp', 'otherTeacher', 'district_leader']) expect((await call('PUT', `${cycleUrl}/ratings`, who, rating)).statusCode, who).toBe(404);
    expect(await count('evaluation_ratings')).toBe(0);
    // Lists: the evaluator and the principal list it; the other assistant principal does not; the teacher has it as their own.
    expect(((await call('GET', `${base}/cycles`, 'assistant_principal')).json() as { id: string }[]).map((c) => c.id)).toEqual([cycleId]);
    expect(((await call('GET', `${base}/cycles`, 'principal')).json() as { id: string }[]).map((c) => c.id)).toContain(cycleId);
    expect((await call('GET', `${base}/cycles`, 'otherAp')).json()).toEqual([]);
    expect((await call('GET', `${base}/cycles`, 'coach')).statusCode).toBe(403);
    expect(((await call('GET', '/api/my/evaluations', 'teacher')).json() as { id: string }[]).map((c) => c.id)).toEqual([cycleId]);
    expect((await call('GET', '/api/my/evaluations', 'otherTeacher')).json()).toEqual([]);
  });

  it('reads by anyone but the teacher are written to the audit log', async () => {
    const viewed = async () =>
      (await t.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'evaluation.cycle_viewed').where('entity_id', '=', cycleId).execute()).map((r) => r.actor_id);
    const before = await viewed();
    await call('GET', cycleUrl, 'teacher');
    await call('GET', cycleUrl, 'principal');
    const after = await viewed();
    expect(after.length).toBe(before.length + 1);
    expect(after.filter((id) => id === fx.users.teacher.id)).toEqual([]);
  });

  it('flags steps past due and not done, in the cycle and in the evaluator’s list', async () => {
    const cycle = (await call('GET', cycleUrl, 'assistant_principal')).json();
    const pre = cycle.steps.find((s: { kind: string }) => s.kind === 'pre_conference');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date()); // the school's today
    if (Y.past < today) {
      expect(pre).toMatchObject({ dueOn: Y.past, done: false, overdue: true });
      expect(cycle.overdueSteps).toBe(1);
      const [listed] = (await call('GET', `${base}/cycles`, 'assistant_principal')).json() as { overdueSteps: number; nextStep: { kind: string; overdue: boolean } }[];
      expect(listed).toMatchObject({ overdueSteps: 1, nextStep: { kind: 'pre_conference', overdue: true } });
    }
    expect(cycle.steps.filter((s: { kind: string; overdue: boolean }) => s.kind !== 'pre_conference' && s.overdue)).toEqual([]);
    // Held: no longer overdue. A future date or a date on the ratings step is refused and changes nothing.
    const future = await call('PATCH', `${cycleUrl}/steps/${pre.id}`, 'assistant_principal', { completedOn: '2099-01-01', notes: 'x' });
    expect(fieldsOf(future)).toEqual([{ path: 'body.completedOn', message: expect.stringContaining('future') }]);
    const ratingsStep = cycle.steps.find((s: { kind: string }) => s.kind === 'ratings');
    expect(fieldsOf(await call('PATCH', `${cycleUrl}/steps/${ratingsStep.id}`, 'assistant_principal', { completedOn: today }))).toEqual([{ path: 'body.completedOn', message: expect.any(String) }]);
    const held = await call('PATCH', `${cycleUrl}/steps/${pre.id}`, 'assistant_principal', { completedOn: today, notes: 'Goals: more student talk in math.' });
    expect(held.statusCode).toBe(200);
    expect(held.json().steps.find((s: { id: string }) => s.id === pre.id)).toMatchObject({ done: true, overdue: false, completedOn: today, notes: 'Goals: more student talk in math.' });
    expect(held.json().overdueSteps).toBe(0);
    expect((await call('PATCH', `${cycleUrl}/steps/${pre.id}`, 'teacher', { notes: 'mine' })).statusCode).toBe(403);
  });
});

describe('citing visit evidence', () => {
  it('only leaders’ visits shared with the teacher, about the teacher, in the school (not coaching observations) are eligible', async () => {
    const list = (await call('GET', `${cycleUrl}/eligible-visits`, 'assistant_principal')).json() as { id: string; evidence: string }[];
    expect(list.map((v) => v.id)).toEqual([visits.shared]);
    expect(JSON.stringify(list)).not.toContain('PRIVATE-NOTE');
    expect((await call('GET', `${cycleUrl}/eligible-visits`, 'principal')).statusCode).toBe(403);
  });

  it('citing an unshared visit, another teacher’s or school’s visit, a peer visit or a coaching observation answers 400 at body.visitId and changes nothing', async () => {
    const before = await count('evaluation_citations');
    const cases: [string, RegExp][] = [
      [visits.unshared, /not been shared with the teacher/],
      [visits.otherTeacher, /another teacher's classroom/],
      [visits.otherSchool, /No visit with this id was made in this school/],
      [visits.peer, /peer visit belongs to the visited teacher/],
      [visits.coaching, /coaching is kept apart from evaluation/],
      [randomUUID(), /No visit with this id/],
    ];
    for (const [visitId, message] of cases) {
      const res = await call('POST', `${cycleUrl}/citations`, 'assistant_principal', { visitId, note: 'x' });
      expect(res.statusCode).toBe(400);
      expect(fieldsOf(res)).toEqual([{ path: 'body.visitId', message: expect.stringMatching(message) }]);
    }
    const badComponent = await call('POST', `${cycleUrl}/citations`, 'assistant_principal', { visitId: visits.shared, componentKey: 'nope' });
    expect(fieldsOf(badComponent)).toEqual([{ path: 'body.componentKey', message: expect.any(String) }]);
    expect((await call('POST', `${cycleUrl}/citations`, 'principal', { visitId: visits.shared })).statusCode).toBe(403);
    expect((await call('POST', `${cycleUrl}/citations`, 'coach', { visitId: visits.shared })).statusCode).toBe(404);
    expect(await count('evaluation_citations')).toBe(before);
    const unsharedStill = await t.db.selectFrom('visits').select('shared_at').where('id', '=', visits.unshared).executeTakeFirstOrThrow();
    expect(unsharedStill.shared_at).toBeNull();
  });

  it('a shared visit is cited, and the teacher sees the citation with its evidence (never a private note)', async () => {
    const res = await call('POST', `${cycleUrl}/citations`, 'assistant_principal', { visitId: visits.shared, componentKey: 'instruction.discussion', note: 'Students explained strategies to each other.' });
    expect(res.statusCode).toBe(201);
    const seen = (await call('GET', cycleUrl, 'teacher')).json();
    expect(seen.citations).toEqual([expect.objectContaining({ visitId: visits.shared, componentKey: 'instruction.discussion', note: 'Students explained strategies to each other.', observer: { id: fx.users.principal.id, name: expect.any(String) } })]);
    expect(seen.citations[0].evidence).toContain('18 of 22 students');
    expect(JSON.stringify(seen)).not.toContain('PRIVATE-NOTE');
    const twice = await call('POST', `${cycleUrl}/citations`, 'assistant_principal', { visitId: visits.shared });
    expect(fieldsOf(twice)).toEqual([{ path: 'body.visitId', message: 'This visit is already cited in this cycle' }]);
    // The visit itself shows nothing of the evaluation.
    const v = await call('GET', `/api/visits/${visits.shared}`, 'principal');
    expect(v.statusCode).toBe(200);
    expect(v.body).not.toContain(cycleId);
    expect(v.body.toLowerCase()).not.toMatch(/evaluation|rating/);
  });
});

describe('ratings and sign-off', () => {
  it('ratings are checked against the rubric, all or none', async () => {
    const res = await call('PUT', `${cycleUrl}/ratings`, 'assistant_principal', {
      ratings: [
        { componentKey: 'planning.targets', level: 3, evidence: 'Target posted.', rationale: 'Students restated it.' },
        { componentKey: 'danielson.1a', level: 3, evidence: 'x', rationale: 'y' },
        { componentKey: 'planning.access', level: 5, evidence: 'x', rationale: 'y' },
        { componentKey: 'planning.assessment', level: 2, evidence: '', rationale: 'y' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res).map((f) => f.path)).toEqual(['body.ratings.3.evidence']);
    const res2 = await call('PUT', `${cycleUrl}/ratings`, 'assistant_principal', {
      ratings: [
        { componentKey: 'planning.targets', level: 3, evidence: 'Target posted.', rationale: 'Students restated it.' },
        { componentKey: 'danielson.1a', level: 3, evidence: 'x', rationale: 'y' },
        { componentKey: 'planning.access', level: 5, evidence: 'x', rationale: 'y' },
      ],
    });
    expect(fieldsOf(res2).map((f) => f.path)).toEqual(['body.ratings.1.componentKey', 'body.ratings.2.level']);
    expect(await count('evaluation_ratings')).toBe(0);
  });

  it('the evaluator signs once every component is rated, then the teacher signs with a response; both see both dates', async () => {
    const early = await call('POST', `${cycleUrl}/sign`, 'assistant_principal', {});
    expect(early.statusCode).toBe(409);
    expect((await call('POST', `${cycleUrl}/sign`, 'teacher', { comment: 'Seen.' })).statusCode).toBe(409);
    const keys = builtInRubric().domains.flatMap((d) => d.components.map((c) => c.key));
    const rated = await call('PUT', `${cycleUrl}/ratings`, 'assistant_principal', { ratings: keys.map((componentKey, i) => ({ componentKey, level: (i % 4) + 1, evidence: `Evidence for ${componentKey}`, rationale: 'Matches the descriptor.' })) });
    expect(rated.statusCode).toBe(200);
    expect(rated.json().steps.find((s: { kind: string }) => s.kind === 'ratings').done).toBe(true);
    expect((await call('POST', `${cycleUrl}/sign`, 'principal', {})).statusCode).toBe(403);
    const signed = await call('POST', `${cycleUrl}/sign`, 'assistant_principal', {});
    expect(signed.statusCode).toBe(200);
    expect(signed.json().evaluatorSignature).toMatchObject({ person: { id: fx.users.assistant_principal.id }, signedAt: expect.any(String) });
    // Closed to changes once the evaluator has signed.
    expect((await call('PUT', `${cycleUrl}/ratings`, 'assistant_principal', { ratings: [{ componentKey: keys[0], level: 4, evidence: 'e', rationale: 'r' }] })).statusCode).toBe(409);
    const teacher = await call('POST', `${cycleUrl}/sign`, 'teacher', { comment: 'I have seen this. I would add my family newsletter as evidence.' });
    expect(teacher.statusCode).toBe(200);
    expect((await call('POST', `${cycleUrl}/sign`, 'teacher', {})).statusCode).toBe(409);
    for (const who of ['teacher', 'assistant_principal', 'principal']) {
      const c = (await call('GET', cycleUrl, who)).json();
      expect(c.evaluatorSignature.signedAt, who).toBeTruthy();
      expect(c.teacherSignature, who).toMatchObject({ person: { id: fx.users.teacher.id }, signedAt: expect.any(String) });
      expect(c.teacherResponse).toBe('I have seen this. I would add my family newsletter as evidence.');
      expect(c.steps.find((s: { kind: string }) => s.kind === 'sign_off').done).toBe(true);
    }
  });
});
