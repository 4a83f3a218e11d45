import { randomUUID } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createDistrict, createSchool, createStaff, createStudents } from '../../../db/seed/builders';
import { runWithScope } from '../../../db/scope';
import { freshDatabase, makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';
import { INVENTORY, PERSON_REFERENCES, SECRET_COLUMNS } from './inventory';
import { lastRetentionRun, runRetention } from './retention';
import { foreignKeys, tableColumns } from './schema-graph';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let admin: string;
let principal: string;

const inject = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

async function visit(cookie: string, teacherId: string, extra: object = {}) {
  const res = await inject('POST', '/api/visits', cookie, {
    id: randomUUID(),
    schoolId: fx.school.id,
    teacherId,
    startedAt: new Date().toISOString(),
    durationMinutes: 10,
    evidence: 'Students compared two strategies at the board.',
    privateNote: 'Ask about the seating chart.',
    tags: [],
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** Tables (other than the audit log) with any row whose text mentions `needle`. */
async function traces(needle: string): Promise<string[]> {
  const present = await tableColumns(t.db);
  const found: string[] = [];
  for (const table of present.keys()) {
    if (table === 'audit_log') continue;
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.id(table)} t WHERE t::text ILIKE ${`%${needle}%`}`.execute(t.db);
    if (Number(rows[0]!.n) > 0) found.push(table);
  }
  return found;
}

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  admin = await sessionCookie(t.db, fx.users.district_admin.id);
  principal = await sessionCookie(t.db, fx.users.principal.id);
});
afterAll(() => t.close());

describe('the data inventory', () => {
  it('classifies every table and column of the database, and names only what exists', async () => {
    const present = await tableColumns(t.db);
    expect([...present.keys()].filter((table) => !INVENTORY[table]), 'tables missing from the inventory').toEqual([]);
    expect(Object.keys(INVENTORY).filter((table) => !present.has(table)), 'inventory entries for tables that do not exist').toEqual([]);
    for (const [table, entry] of Object.entries(INVENTORY)) {
      for (const column of Object.keys(entry.columns ?? {})) expect(present.get(table), `${table}.${column}`).toContain(column);
    }
    for (const key of [...SECRET_COLUMNS, ...Object.keys(PERSON_REFERENCES)]) {
      const [table, column] = key.split('.') as [string, string];
      expect(present.get(table), key).toContain(column);
    }
    const res = await inject('GET', '/api/admin/privacy/inventory', admin);
    expect(res.statusCode, res.body).toBe(200);
    const columns = res.json().tables.flatMap((x: { columns: unknown[] }) => x.columns);
    expect(columns.length).toBe([...present.values()].reduce((n, c) => n + c.length, 0));
    expect(res.json().tables.find((x: { table: string }) => x.table === 'credentials').columns).toContainEqual({ name: 'password_hash', class: 'operational', exported: false });
  });

  it('says what deleting a person does with every column that refers to people', async () => {
    const fks = await foreignKeys(t.db);
    const toPeople = fks.filter((f) => f.refTable === 'people').map((f) => `${f.table}.${f.columns.join(',')}`);
    expect(toPeople.filter((key) => !(key in PERSON_REFERENCES)), 'foreign keys to people without a deletion rule').toEqual([]);
  });
});

describe('deleting a person', () => {
  it('removes a teacher everywhere but the audit log, keeping what they wrote about others under "Former staff member"', async () => {
    const family = `Traceable${randomUUID().slice(0, 8)}`;
    const teacher = await createStaff(t.db, { districtId: fx.district.id, givenName: 'Tracy', familyName: family, email: `tracy-${Date.now()}@example.test`, roles: [{ role: 'teacher', schoolId: fx.school.id }] });
    const cookie = await sessionCookie(t.db, teacher.id);
    const about = await visit(principal, teacher.id);
    expect((await inject('PUT', `/api/visits/${about}/reflection`, cookie, { body: 'I noticed the back table.' })).statusCode).toBe(200);
    await t.db.insertInto('teacher_strengths').values({ school_id: fx.school.id, teacher_id: teacher.id, body: 'Number talks' }).execute();
    const [stu] = await createStudents(t.db, fx.district.id, fx.school.id, [{ givenName: 'Kept', familyName: 'Student', grade: '03' }]);
    const cls = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Tracy 3', teacherIds: [teacher.id], studentIds: [stu!.id] });
    const made = await inject('POST', `/api/schools/${fx.school.id}/assessments`, cookie, { name: 'Tracy exit ticket', givenOn: '2026-11-20', classIds: [cls.id], standards: ['Fractions'], scale: 'percent', proficiencyCut: 80 });
    expect(made.statusCode, made.body).toBe(201);
    expect((await inject('PUT', `/api/schools/${fx.school.id}/assessments/${made.json().id}/results`, cookie, { results: [{ studentId: stu!.id, score: 90 }] })).statusCode).toBe(200);

    const preview = (await inject('GET', `/api/admin/privacy/people/${teacher.id}`, admin)).json();
    expect(preview.person.name).toBe(`Tracy ${family}`);
    expect(preview.deleted).toMatchObject({ visits: 1, reflections: 1, teacher_strengths: 1, enrollments: 1, sessions: 1 });
    expect(preview.reassigned).toMatchObject({ assessments: 1, assessment_results: 1 });

    const wrong = await inject('DELETE', `/api/admin/privacy/people/${teacher.id}`, admin, { confirmName: 'Tracy' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toEqual([{ path: 'body.confirmName', message: expect.stringContaining(`Tracy ${family}`) }]);
    expect(await traces(teacher.id)).not.toEqual([]);

    const res = await inject('DELETE', `/api/admin/privacy/people/${teacher.id}`, admin, { confirmName: `tracy ${family.toLowerCase()}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(await traces(teacher.id)).toEqual([]);
    expect(await traces(teacher.email)).toEqual([]);
    expect(await traces(family)).toEqual([]);
    // The assessment and its result (the student's record) stay, recorded by "Former staff member".
    const kept = await t.db.selectFrom('assessments as a').innerJoin('people as p', 'p.id', 'a.created_by').select(['p.given_name', 'p.family_name', 'p.status']).where('a.id', '=', made.json().id).executeTakeFirstOrThrow();
    expect(kept).toEqual({ given_name: 'Former', family_name: 'staff member', status: 'inactive' });
    expect(await t.db.selectFrom('assessment_results').select('score').where('student_id', '=', stu!.id).execute()).toHaveLength(1);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('entity_id', '=', teacher.id).where('action', '=', 'privacy.person_deleted').executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(fx.users.district_admin.id);
    // Their session ended with them.
    expect((await inject('GET', '/api/me', cookie)).statusCode).toBe(401);
  });

  it('removes a student with their results, enrolments and demographics', async () => {
    const family = `Erasable${randomUUID().slice(0, 8)}`;
    const [stu] = await createStudents(t.db, fx.district.id, fx.school.id, [{ givenName: 'Sam', familyName: family, grade: '03', demographics: { englishLearner: true } }]);
    const cls = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Erase 3', teacherIds: [fx.users.teacher.id], studentIds: [stu!.id] });
    const teacher = await sessionCookie(t.db, fx.users.teacher.id);
    const made = await inject('POST', `/api/schools/${fx.school.id}/assessments`, teacher, { name: 'Erase check', givenOn: '2026-11-21', classIds: [cls.id], standards: ['Fractions'], scale: 'percent', proficiencyCut: 80 });
    await inject('PUT', `/api/schools/${fx.school.id}/assessments/${made.json().id}/results`, teacher, { results: [{ studentId: stu!.id, score: 70 }] });
    expect(await traces(stu!.id)).not.toEqual([]);
    const res = await inject('DELETE', `/api/admin/privacy/people/${stu!.id}`, admin, { confirmName: `Sam ${family}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().deleted).toMatchObject({ assessment_results: 1, enrollments: 1, student_demographics: 1, people: 1 });
    expect(await traces(stu!.id)).toEqual([]);
    expect(await traces(family)).toEqual([]);
  });

  describe('with visits cited in formal evaluations', () => {
    /** A teacher with an evaluation (by its own evaluator) citing a shared visit recorded by its own observer. */
    async function cited() {
      const tag = randomUUID().slice(0, 8);
      const staff = (givenName: string, role: 'teacher' | 'assistant_principal') =>
        createStaff(t.db, { districtId: fx.district.id, givenName, familyName: `${role === 'teacher' ? 'Lee' : 'Ward'}${tag}`, email: `${givenName.toLowerCase()}-${tag}@example.test`, roles: [{ role, schoolId: fx.school.id }] });
      const teacher = await staff('Jordan', 'teacher');
      const observer = await staff('Olive', 'assistant_principal');
      const evaluator = await staff('Evan', 'assistant_principal');
      const visitIds: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const id = randomUUID();
        await t.db.insertInto('visits').values({ id, district_id: fx.district.id, school_id: fx.school.id, observer_id: observer.id, teacher_id: teacher.id, started_at: new Date(Date.now() - 86_400_000), duration_minutes: 10, evidence: `Cited evidence ${tag}.`, create_hash: id, shared_at: new Date() }).execute();
        visitIds.push(id);
      }
      const cycle = await t.db
        .insertInto('evaluation_cycles')
        .values({ district_id: fx.district.id, school_id: fx.school.id, teacher_id: teacher.id, evaluator_id: evaluator.id, school_year: '2026-27', rubric_key: 'rounds-generic', rubric: JSON.stringify({}), created_by: evaluator.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const id of visitIds) await t.db.insertInto('evaluation_citations').values({ cycle_id: cycle.id, visit_id: id, cited_by: evaluator.id, note: `Cited ${tag}` }).execute();
      const citations = () => t.db.selectFrom('evaluation_citations').select('visit_id').where('cycle_id', '=', cycle.id).execute();
      return { tag, teacher, observer, evaluator, visitIds, cycleId: cycle.id, citations };
    }
    const erase = (person: { id: string }, name: string) => inject('DELETE', `/api/admin/privacy/people/${person.id}`, admin, { confirmName: name });

    it("deleting the visits' observer or the evaluator keeps the teacher's evaluation whole, under \"Former staff member\"", async () => {
      const c = await cited();
      const byObserver = await erase(c.observer, `Olive Ward${c.tag}`);
      expect(byObserver.statusCode, byObserver.body).toBe(200);
      expect(byObserver.json().reassigned).toMatchObject({ visits: 3 });
      const byEvaluator = await erase(c.evaluator, `Evan Ward${c.tag}`);
      expect(byEvaluator.statusCode, byEvaluator.body).toBe(200);
      expect((await c.citations()).map((x) => x.visit_id).sort()).toEqual([...c.visitIds].sort());
      const cycle = await t.db.selectFrom('evaluation_cycles as c').innerJoin('people as p', 'p.id', 'c.evaluator_id').select(['p.sourced_id', 'c.teacher_id']).where('c.id', '=', c.cycleId).executeTakeFirstOrThrow();
      expect(cycle).toEqual({ sourced_id: 'rounds:former-staff', teacher_id: c.teacher.id });
      for (const gone of [c.observer, c.evaluator]) expect(await traces(gone.id)).toEqual([]);
      expect(await traces(`Ward${c.tag}`)).toEqual([]);
    });

    it("deleting the teacher removes their evaluation with its citations and the cited visits, leaving no trace", async () => {
      const c = await cited();
      const preview = (await inject('GET', `/api/admin/privacy/people/${c.teacher.id}`, admin)).json();
      expect(preview.blockers).toEqual([]);
      expect(preview.deleted).toMatchObject({ evaluation_cycles: 1, visits: 3 });
      const res = await erase(c.teacher, `Jordan Lee${c.tag}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().deleted).toMatchObject({ evaluation_cycles: 1, evaluation_citations: 3, visits: 3 });
      expect(await c.citations()).toEqual([]);
      expect(await traces(c.teacher.id)).toEqual([]);
      expect(await traces(`Lee${c.tag}`)).toEqual([]);
      expect(await traces(`Cited evidence ${c.tag}`)).toEqual([]);
    });

    it("refuses with 409, changing nothing, while a visit to the person's classroom is cited in another teacher's evaluation", async () => {
      const c = await cited();
      // The visits' author corrected the teacher of two cited visits: they are now about another teacher.
      const other = await createStaff(t.db, { districtId: fx.district.id, givenName: 'Morgan', familyName: `Reyes${c.tag}`, roles: [{ role: 'teacher', schoolId: fx.school.id }] });
      await t.db.updateTable('visits').set({ teacher_id: other.id }).where('id', 'in', c.visitIds.slice(0, 2)).execute();
      const expected = `2 visits to Morgan Reyes${c.tag}'s classroom are cited in Jordan Lee${c.tag}'s 2026-27 evaluation; its evaluator must remove the citations first`;
      const preview = (await inject('GET', `/api/admin/privacy/people/${other.id}`, admin)).json();
      expect(preview.blockers).toEqual([expected]);

      const refused = await erase(other, `Morgan Reyes${c.tag}`);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'conflict', message: `Morgan Reyes${c.tag} cannot be deleted yet: ${expected}. Nothing was deleted.` });
      expect(await c.citations()).toHaveLength(3);
      expect(await t.db.selectFrom('visits').select('id').where('teacher_id', '=', other.id).execute()).toHaveLength(2);
      expect(await t.db.selectFrom('people').select('id').where('id', '=', other.id).execute()).toHaveLength(1);
      expect(await t.db.selectFrom('audit_log').select('id').where('entity_id', '=', other.id).where('action', '=', 'privacy.person_deleted').execute()).toEqual([]);

      // Once the evaluator removes those citations, the deletion goes through completely.
      await t.db.deleteFrom('evaluation_citations').where('cycle_id', '=', c.cycleId).where('visit_id', 'in', c.visitIds.slice(0, 2)).execute();
      const res = await erase(other, `Morgan Reyes${c.tag}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().deleted).toMatchObject({ visits: 2, people: 1 });
      expect(await traces(other.id)).toEqual([]);
      expect(await c.citations()).toEqual([{ visit_id: c.visitIds[2] }]);
    });
  });

  it('is for district administrators of the person’s own district, and never deletes oneself', async () => {
    const other = await createDistrict(t.db);
    const stranger = await createStaff(t.db, { districtId: other.id, roles: [{ role: 'district_admin' }] });
    expect((await inject('GET', `/api/admin/privacy/people/${fx.users.teacher.id}`, await sessionCookie(t.db, stranger.id))).statusCode).toBe(404);
    expect((await inject('GET', `/api/admin/privacy/people/${fx.users.teacher.id}`, principal)).statusCode).toBe(403);
    const self = await inject('DELETE', `/api/admin/privacy/people/${fx.users.district_admin.id}`, admin, { confirmName: 'x' });
    expect(self.statusCode).toBe(409);
  });
});

describe('exports', () => {
  it("exports everything about a person as JSON and as a zip of CSVs, without secrets", async () => {
    const id = await visit(principal, fx.users.teacher.id);
    const json = await inject('GET', `/api/admin/privacy/people/${fx.users.teacher.id}/export`, admin);
    expect(json.statusCode, json.body).toBe(200);
    const data = json.json();
    expect(data.about).toMatchObject({ kind: 'person', id: fx.users.teacher.id });
    expect(data.tables.visits.map((v: { id: string }) => v.id)).toContain(id);
    expect(data.tables.people[0].id).toBe(fx.users.teacher.id);
    // The private note is the leader's: in the leader's own export, never in the teacher's.
    expect(json.body).not.toContain('Ask about the seating chart.');
    const author = (await inject('GET', `/api/admin/privacy/people/${fx.users.principal.id}/export`, admin)).json();
    expect(author.tables.visits.find((v: { id: string }) => v.id === id).private_note).toBe('Ask about the seating chart.');
    expect(json.body).not.toContain('password_hash');
    expect(json.body).not.toContain('token_hash');
    const zip = await inject('GET', `/api/admin/privacy/people/${fx.users.teacher.id}/export?format=zip`, admin);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['export.json', 'visits.csv', 'people.csv']));
    expect(strFromU8(files['visits.csv']!)).toContain(id);
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', fx.users.teacher.id).where('action', '=', 'privacy.person_exported').execute();
    expect(audit.length).toBe(2);
    expect(JSON.stringify((await inject('GET', `/api/admin/privacy/schools/${fx.school.id}/export`, admin)).json())).not.toContain('Ask about the seating chart.');
  });

  it("exports one school's data and nothing of another school", async () => {
    const ours = await visit(principal, fx.users.teacher.id);
    const otherVisit = await inject('POST', '/api/visits', await sessionCookie(t.db, fx.otherSchoolPrincipal.id), {
      id: randomUUID(),
      schoolId: fx.otherSchool.id,
      teacherId: fx.otherSchoolPrincipal.id,
      startedAt: new Date().toISOString(),
      durationMinutes: 5,
      evidence: 'Another school.',
      tags: [],
    });
    const data = (await inject('GET', `/api/admin/privacy/schools/${fx.school.id}/export`, admin)).json();
    const visitIds = data.tables.visits.map((v: { id: string }) => v.id);
    expect(visitIds).toContain(ours);
    if (otherVisit.statusCode === 201) expect(visitIds).not.toContain(otherVisit.json().id);
    expect(data.tables.people.map((p: { id: string }) => p.id)).toContain(fx.users.teacher.id);
    expect(JSON.stringify(data)).not.toMatch(/password_hash|token_hash/);
    expect((await inject('GET', `/api/admin/privacy/schools/${fx.school.id}/export?format=csv`, admin)).statusCode).toBe(400);
  });
});

describe('retention', () => {
  it("clears private notes once the visit's school year has ended, unless the author keeps them", async () => {
    // Retention acts on the whole database: this test has one of its own, so it touches no other test's rows.
    const fresh = await freshDatabase();
    const db = fresh.db;
    const district = await createDistrict(db);
    const school = await createSchool(db, { districtId: district.id });
    const leader = await createStaff(db, { districtId: district.id, roles: [{ role: 'principal', schoolId: school.id }] });
    const teacher = await createStaff(db, { districtId: district.id, roles: [{ role: 'teacher', schoolId: school.id }] });
    // The roster's school year 2024-25 ends June 10; 2025-26 has no roster year, so July 31 is the cut-over.
    await db.insertInto('academic_sessions').values({ district_id: district.id, sourced_id: `sy-${randomUUID()}`, title: '2024-25', type: 'schoolYear', start_date: '2024-08-20', end_date: '2025-06-10', school_year: 2025 }).execute();
    const add = async (day: string, kept = false) => {
      const id = randomUUID();
      await db.insertInto('visits').values({ id, district_id: district.id, school_id: school.id, observer_id: leader.id, teacher_id: teacher.id, started_at: `${day}T14:00:00Z`, duration_minutes: 5, evidence: 'Seen.', private_note: 'Private.', private_note_kept: kept, create_hash: id }).execute();
      return id;
    };
    const lastYear = await add('2025-06-05');
    const lastYearKept = await add('2025-06-05', true);
    const thisYear = await add('2025-09-15');
    const note = async (id: string) => (await db.selectFrom('visits').select('private_note').where('id', '=', id).executeTakeFirstOrThrow()).private_note;

    await runRetention(db, '2025-06-09', 'admin');
    expect(await note(lastYear)).toBe('Private.');
    const removed = await runRetention(db, '2025-06-20', 'admin');
    expect(removed.private_notes).toBeGreaterThanOrEqual(1);
    expect([await note(lastYear), await note(lastYearKept), await note(thisYear)]).toEqual([null, 'Private.', 'Private.']);
    await runRetention(db, '2026-07-31', 'admin');
    expect(await note(thisYear)).toBe('Private.');
    await runRetention(db, '2026-08-01', 'admin');
    expect([await note(thisYear), await note(lastYearKept)]).toEqual([null, 'Private.']);
    expect(await lastRetentionRun(db, district.id)).toMatchObject({ trigger: 'admin', removed: expect.objectContaining({ private_notes: 1 }) });
    await fresh.drop();
  });

  it('records each nightly run once per district, with that district’s counts, seen only by that district', async () => {
    const fresh = await freshDatabase();
    const db = fresh.db;
    const made = [];
    for (const notes of [1, 2]) {
      const district = await createDistrict(db);
      const school = await createSchool(db, { districtId: district.id });
      const leader = await createStaff(db, { districtId: district.id, roles: [{ role: 'principal', schoolId: school.id }] });
      const teacher = await createStaff(db, { districtId: district.id, roles: [{ role: 'teacher', schoolId: school.id }] });
      for (let i = 0; i < notes; i += 1) {
        const id = randomUUID();
        await db.insertInto('visits').values({ id, district_id: district.id, school_id: school.id, observer_id: leader.id, teacher_id: teacher.id, started_at: '2025-03-05T14:00:00Z', duration_minutes: 5, evidence: 'Seen.', private_note: 'Private.', create_hash: id }).execute();
      }
      made.push(district.id);
    }
    const [first, second] = made as [string, string];
    expect(await runRetention(db, '2025-09-01', 'schedule')).toMatchObject({ private_notes: 3 });
    expect(await lastRetentionRun(db, first)).toMatchObject({ trigger: 'schedule', removed: expect.objectContaining({ private_notes: 1 }) });
    expect(await lastRetentionRun(db, second)).toMatchObject({ trigger: 'schedule', removed: expect.objectContaining({ private_notes: 2 }) });
    // Row-level security: a request of the first district sees its own run record and nothing of the second's.
    const seen = await runWithScope({ scope: { kind: 'request', districtId: first, schoolIds: 'all' } }, () => db.selectFrom('retention_runs').select('district_id').execute());
    expect(seen).toEqual([{ district_id: first }]);
    await fresh.drop();
  });

  it("an administrator's run covers their own district, and another district's administrator does not see it", async () => {
    const run = await inject('POST', '/api/admin/privacy/retention/run', admin, {});
    expect(run.statusCode, run.body).toBe(200);
    const ours = (await inject('GET', '/api/admin/privacy/inventory', admin)).json();
    expect(ours.lastRun).toMatchObject({ trigger: 'admin' });
    const other = await createDistrict(t.db);
    const stranger = await sessionCookie(t.db, (await createStaff(t.db, { districtId: other.id, roles: [{ role: 'district_admin' }] })).id);
    const theirs = await inject('GET', '/api/admin/privacy/inventory', stranger);
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect(theirs.json().lastRun).toBeNull();
    const rows = await t.db.selectFrom('retention_runs').select(['district_id', 'trigger']).where('district_id', 'in', [fx.district.id, other.id]).execute();
    expect(rows.map((r) => r.district_id)).not.toContain(other.id);
  });

  it('lets only the author keep a private note', async () => {
    const id = await visit(principal, fx.users.teacher.id);
    expect((await inject('PUT', `/api/visits/${id}/private-note-keep`, await sessionCookie(t.db, fx.users.assistant_principal.id), { keep: true })).statusCode).toBe(404);
    const res = await inject('PUT', `/api/visits/${id}/private-note-keep`, principal, { keep: true });
    expect(res.json()).toEqual({ visitId: id, privateNoteKept: true });
    expect((await inject('PUT', `/api/visits/${id}/private-note-keep`, principal, { keep: 'yes' })).statusCode).toBe(400);
  });
});
