import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

/**
 * A hand-made grade 3 math map: three units (Measurement has no target), five standards (3.MD.1 has no target),
 * four targets (the unit-fraction one has no assessment), one linked formative assessment and two planned ones.
 */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let principal: string;
let tess: string;
let otto: string;
let a1: string;
let foreign: string;
let mapId: string;

const base = () => `/api/schools/${fx.school.id}/curriculum-maps`;
const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const csvPost = (url: string, cookie: string, body: string) => t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'text/csv' }, payload: body });

const content = () => ({
  units: [
    { title: 'Place value', startsOn: '2026-09-01', endsOn: '2026-09-30' },
    { title: 'Fractions', startsOn: '2026-10-01', endsOn: '2026-11-15' },
    { title: 'Measurement', startsOn: '2026-11-16', endsOn: '2026-12-18' },
  ],
  standards: [
    { code: '3.NBT.1', description: 'Round whole numbers to the nearest 10 or 100' },
    { code: '3.NBT.2', description: 'Add and subtract within 1000' },
    { code: '3.NF.1', description: 'Understand a unit fraction' },
    { code: '3.NF.2', description: 'Fractions on a number line' },
    { code: '3.MD.1', description: 'Tell and write time to the minute' },
  ],
  targets: [
    { unit: 0, statement: 'I can round to the nearest 10 and 100', standardCodes: ['3.NBT.1'], assessments: [{ assessmentId: a1 }, { name: 'Rounding quiz' }] },
    { unit: 0, statement: 'I can add and subtract within 1000', standardCodes: ['3.NBT.2', '3.nbt.1'], assessments: [{ assessmentId: a1 }] },
    { unit: 1, statement: 'I can name a unit fraction', standardCodes: ['3.NF.1'], assessments: [] },
    { unit: 1, statement: 'I can place fractions on a number line', standardCodes: ['3.NF.2', '3.NF.1'], assessments: [{ name: 'Number line exit ticket' }] },
  ],
});

const EXPECTED_ALIGNMENT = () => ({
  course: 'Mathematics',
  grade: '03',
  standardsWithoutTarget: [{ code: '3.MD.1', description: 'Tell and write time to the minute' }],
  targetsWithoutAssessment: [{ unit: 'Fractions', statement: 'I can name a unit fraction', standardCodes: ['3.NF.1'] }],
  coverage: [
    { code: '3.NBT.1', description: 'Round whole numbers to the nearest 10 or 100', targets: 2, assessments: 2, linkedAssessments: 1 },
    { code: '3.NBT.2', description: 'Add and subtract within 1000', targets: 1, assessments: 1, linkedAssessments: 1 },
    { code: '3.NF.1', description: 'Understand a unit fraction', targets: 2, assessments: 1, linkedAssessments: 0 },
    { code: '3.NF.2', description: 'Fractions on a number line', targets: 1, assessments: 1, linkedAssessments: 0 },
    { code: '3.MD.1', description: 'Tell and write time to the minute', targets: 0, assessments: 0, linkedAssessments: 0 },
  ],
});

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  principal = await sessionCookie(t.db, fx.users.principal.id);
  tess = await sessionCookie(t.db, fx.users.teacher.id);
  otto = await sessionCookie(t.db, fx.otherTeacher.id);
  // Otto teaches a grade 3 class; Tess teaches no grade.
  await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Math 3', grades: ['3'], teacherIds: [fx.otherTeacher.id] });
  const assessment = (schoolId: string, name: string) =>
    t.db.insertInto('assessments').values({ district_id: fx.district.id, school_id: schoolId, name, given_on: '2026-09-25', scale: 'percent', max_score: 100, proficiency_cut: 80, created_by: fx.users.principal.id }).returning('id').executeTakeFirstOrThrow();
  a1 = (await assessment(fx.school.id, 'Place value check')).id;
  foreign = (await assessment(fx.otherSchool.id, 'Elsewhere')).id;
  const made = await call('POST', base(), principal, { course: 'Mathematics', grade: '03' });
  expect(made.statusCode, made.body).toBe(201);
  mapId = made.json().id;
});
afterAll(() => t.close());

describe('curriculum maps', () => {
  it('saves a whole map and shows its gaps and coverage exactly', async () => {
    const saved = await call('PUT', `${base()}/${mapId}`, principal, { course: 'Mathematics', grade: '03', version: 1, ...content() });
    expect(saved.statusCode, saved.body).toBe(200);
    const map = saved.json();
    expect(map.version).toBe(2);
    expect(map.targets[0].assessments).toEqual([
      { assessmentId: a1, name: 'Place value check', givenOn: '2026-09-25' },
      { assessmentId: null, name: 'Rounding quiz', givenOn: null },
    ]);
    const alignment = await call('GET', `${base()}/${mapId}/alignment`, tess);
    expect(alignment.statusCode).toBe(200);
    expect(alignment.json()).toEqual({ mapId, ...EXPECTED_ALIGNMENT() });
    const list = (await call('GET', base(), await sessionCookie(t.db, fx.users.district_leader.id))).json();
    expect(list).toEqual([expect.objectContaining({ id: mapId, units: 3, standards: 5, targets: 4, standardsWithoutTarget: 1, targetsWithoutAssessment: 1, canEdit: false })]);
  });

  it('refuses bad input field by field and changes nothing', async () => {
    const before = (await call('GET', `${base()}/${mapId}`, principal)).json();
    const bad = content();
    bad.units[1]!.endsOn = '2026-09-15';
    bad.standards.push({ code: '3.nf.1', description: 'again' });
    bad.targets[0]!.assessments = [{ assessmentId: foreign }];
    bad.targets[2]!.standardCodes = ['3.OA.9'];
    bad.targets[3]!.unit = 7;
    const res = await call('PUT', `${base()}/${mapId}`, principal, { course: 'Mathematics', grade: '03', version: before.version, ...bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual([
      'body.units.1.endsOn',
      'body.standards.5.code',
      'body.targets.0.assessments.0.assessmentId',
      'body.targets.2.standardCodes.0',
      'body.targets.3.unit',
    ]);
    const schema = await call('PUT', `${base()}/${mapId}`, principal, { course: '', grade: '03', version: before.version, units: [{ title: 'X', startsOn: 'soon', endsOn: '2026-01-01' }], standards: [], targets: [] });
    expect(schema.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.course', 'body.units.0.startsOn']);
    const stale = await call('PUT', `${base()}/${mapId}`, principal, { course: 'Mathematics', grade: '03', version: 1, ...content() });
    expect(stale.statusCode).toBe(409);
    expect((await call('GET', `${base()}/${mapId}`, principal)).json()).toEqual(before);
  });

  it('lets teachers edit maps of the grades they teach only; strangers get 404', async () => {
    const current = (await call('GET', `${base()}/${mapId}`, tess)).json();
    expect(current.canEdit).toBe(false);
    expect((await call('PUT', `${base()}/${mapId}`, tess, { course: 'Mathematics', grade: '03', version: current.version, ...content() })).statusCode).toBe(403);
    const tessMap = await call('POST', base(), tess, { course: 'Science', grade: '3' });
    expect(tessMap.json().error.fields).toEqual([{ path: 'body.grade', message: 'You make maps of the grades you teach (none)' }]);
    const ottoView = (await call('GET', `${base()}/${mapId}`, otto)).json();
    expect(ottoView.canEdit).toBe(true);
    expect((await call('PUT', `${base()}/${mapId}`, otto, { course: 'Mathematics', grade: '03', version: current.version, ...content() })).statusCode).toBe(200);
    expect((await call('DELETE', `${base()}/${mapId}`, otto)).statusCode).toBe(403);
    expect((await call('POST', base(), otto, { course: 'mathematics', grade: '3' })).json().error.fields).toEqual([{ path: 'body.course', message: 'The school already has a mathematics map for grade 3' }]);
    const stranger = await sessionCookie(t.db, fx.otherSchoolPrincipal.id);
    expect((await call('GET', `/api/schools/${fx.otherSchool.id}/curriculum-maps/${mapId}`, stranger)).statusCode).toBe(404);
  });

  it('exports CSV and imports it back to the same map; a bad file changes nothing and names file:line:column', async () => {
    const exported = await call('GET', `${base()}/${mapId}/export`, tess);
    expect(exported.headers['content-type']).toContain('text/csv');
    const text = exported.body;
    expect(text.split('\n')[0]).toBe('unit,unit_start,unit_end,standard,standard_description,target,assessment_id,assessment');
    expect(text).toContain('Measurement,2026-11-16,2026-12-18,,,,,');
    expect(text).toContain(',,,3.MD.1,Tell and write time to the minute,,,');
    const before = (await call('GET', `${base()}/${mapId}`, principal)).json();
    const imported = await csvPost(`${base()}/${mapId}/import?filename=math3.csv`, principal, text);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ units: 3, standards: 5, targets: 4, assessments: 4, version: before.version + 1 });
    expect((await call('GET', `${base()}/${mapId}/alignment`, principal)).json()).toEqual({ mapId, ...EXPECTED_ALIGNMENT() });

    const after = (await call('GET', `${base()}/${mapId}`, principal)).json();
    const bad = [
      'Unit,Start,End,Standard,Description,Target,Assessment ID,Assessment',
      'Place value,2026-09-01,2026-09-31,3.NBT.1,Round,I can round,,',
      ',,,3.NBT.2,Add,I can add,,',
      'Place value,,,3.NBT.1,Round,I can round,not-an-id,',
      `Place value,,,3.NBT.1,Round,I can round,${foreign},`,
      'Fractions,2026-10-01,2026-11-15,,,,,Quiz',
      'Fractions,,,,,I can name a fraction,,',
    ].join('\r\n');
    const refused = await csvPost(`${base()}/${mapId}/import?filename=bad.csv`, principal, bad);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([
      { path: 'bad.csv:2:End', message: '"2026-09-31" is not a date: use 2026-09-30' },
      { path: 'bad.csv:2:End', message: 'Give the unit "Place value" its start and end dates' },
      { path: 'bad.csv:3:Unit', message: 'A target needs its unit' },
      { path: 'bad.csv:4:Assessment ID', message: '"not-an-id" is not an assessment id: leave it empty for a planned assessment and name it in "Assessment"' },
      { path: 'bad.csv:6:Target', message: 'An assessment belongs to a target: write the target on this line' },
      { path: 'bad.csv:7:Standard', message: 'Align the target to at least one standard' },
    ]);
    // Once the file parses, assessments of another school are refused at their cell.
    const foreignOnly = ['unit,unit_start,unit_end,standard,standard_description,target,assessment_id,assessment', `Place value,2026-09-01,2026-09-30,3.NBT.1,Round,I can round,${foreign},`].join('\n');
    const refused2 = await csvPost(`${base()}/${mapId}/import?filename=other.csv`, principal, foreignOnly);
    expect(refused2.json().error.fields).toEqual([{ path: 'other.csv:2:assessment_id', message: 'Not a formative assessment of this school' }]);
    expect((await call('GET', `${base()}/${mapId}`, principal)).json()).toEqual(after);
    expect((await csvPost(`${base()}/${mapId}/import`, tess, text)).statusCode).toBe(403);
  });

  it('renames a standard in place: its targets stay aligned; a duplicate or empty code is refused and changes nothing', async () => {
    const before = (await call('GET', `${base()}/${mapId}`, principal)).json();
    const id = (code: string) => before.standards.find((s: { code: string }) => s.code === code).id as string;
    const url = (code: string) => `${base()}/${mapId}/standards/${id(code)}`;
    const coach = await sessionCookie(t.db, fx.users.coach.id);

    const duplicate = await call('PATCH', url('3.NF.1'), coach, { version: before.version, code: ' 3.nf.2 ', description: 'Understand a unit fraction' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().error.fields).toEqual([{ path: 'body.code', message: 'The standard 3.NF.2 is already in this map: use another code' }]);
    const empty = await call('PATCH', url('3.NF.1'), coach, { version: before.version, code: '   ', description: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toEqual([{ path: 'body.code', message: 'Give the standard code' }]);
    expect((await call('PATCH', url('3.NF.1'), tess, { version: before.version, code: '3.NF.9', description: '' })).statusCode).toBe(403);
    const stranger = await sessionCookie(t.db, fx.otherSchoolPrincipal.id);
    expect((await call('PATCH', url('3.NF.1'), stranger, { version: before.version, code: '3.NF.9', description: '' })).statusCode).toBe(404);
    expect((await call('PATCH', `/api/schools/${fx.otherSchool.id}/curriculum-maps/${mapId}/standards/${id('3.NF.1')}`, stranger, { code: '3.NF.9', description: '' })).statusCode).toBe(404);
    expect((await call('PATCH', url('3.NF.1'), coach, { version: before.version - 1, code: '3.NF.9', description: '' })).statusCode).toBe(409);
    expect((await call('GET', `${base()}/${mapId}`, principal)).json(), 'nothing changed').toEqual(before);

    const renamed = await call('PATCH', url('3.NF.1'), coach, { version: before.version, code: '3.NF.1a', description: 'Understand a unit fraction 1/b' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const map = renamed.json();
    expect(map.version).toBe(before.version + 1);
    expect(map.updatedBy).toEqual({ id: fx.users.coach.id, name: expect.any(String) });
    expect(map.standards.find((s: { id: string }) => s.id === id('3.NF.1'))).toEqual({ id: id('3.NF.1'), code: '3.NF.1a', description: 'Understand a unit fraction 1/b' });
    expect(map.targets.map((x: { standardCodes: string[] }) => x.standardCodes)).toEqual([['3.NBT.1'], ['3.NBT.1', '3.NBT.2'], ['3.NF.1a'], ['3.NF.1a', '3.NF.2']]);
    // Changing only the case of its own code is no clash.
    const recased = await call('PATCH', url('3.NF.1'), coach, { code: '3.nf.1A', description: 'Understand a unit fraction 1/b' });
    expect(recased.statusCode, recased.body).toBe(200);
  });

  it('removes a standard, unless it is the only standard of a target (409 naming it, nothing changed)', async () => {
    const before = (await call('GET', `${base()}/${mapId}`, principal)).json();
    const id = (code: string) => before.standards.find((s: { code: string }) => s.code === code).id as string;
    const url = (code: string) => `${base()}/${mapId}/standards/${id(code)}`;

    const refused = await call('DELETE', `${url('3.NBT.1')}?version=${before.version}`, otto);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('3.NBT.1 is the only standard of the target “I can round to the nearest 10 and 100”. Align it to another standard or remove it first. Nothing was removed.');
    expect((await call('DELETE', url('3.NBT.2'), tess)).statusCode).toBe(403);
    expect((await call('DELETE', url('3.NBT.2'), await sessionCookie(t.db, fx.otherSchoolPrincipal.id))).statusCode).toBe(404);
    expect((await call('DELETE', `${url('3.NBT.2')}?version=${before.version - 1}`, otto)).statusCode).toBe(409);
    expect((await call('DELETE', `${base()}/${mapId}/standards/${id('3.NBT.2').replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`, otto)).statusCode).toBe(404);
    expect((await call('GET', `${base()}/${mapId}`, principal)).json(), 'nothing changed').toEqual(before);

    // 3.NBT.2 shares its target with 3.NBT.1: the target keeps 3.NBT.1 and its assessment.
    const removed = await call('DELETE', `${url('3.NBT.2')}?version=${before.version}`, otto);
    expect(removed.statusCode, removed.body).toBe(200);
    const map = removed.json();
    expect(map.version).toBe(before.version + 1);
    expect(map.standards.map((s: { code: string }) => s.code)).toEqual(['3.NBT.1', '3.nf.1A', '3.NF.2', '3.MD.1']);
    expect(map.targets[1]).toMatchObject({ statement: 'I can add and subtract within 1000', standardCodes: ['3.NBT.1'], assessments: [{ assessmentId: a1 }] });
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('entity_id', '=', mapId).where('action', '=', 'curriculum.standard_removed').execute();
    expect(audit).toEqual([{ action: 'curriculum.standard_removed', actor_id: fx.otherTeacher.id, details: { code: '3.NBT.2', unalignedTargets: 1 } }]);
    expect((await call('DELETE', url('3.MD.1'), principal)).statusCode).toBe(200);
    expect((await call('DELETE', url('3.MD.1'), principal)).statusCode).toBe(404);
  });

  it('deletes a map for the principal', async () => {
    const made = await call('POST', base(), principal, { course: 'ELA', grade: '03' });
    expect((await call('DELETE', `${base()}/${made.json().id}`, principal)).statusCode).toBe(204);
    expect((await call('GET', `${base()}/${made.json().id}`, principal)).statusCode).toBe(404);
  });
});
