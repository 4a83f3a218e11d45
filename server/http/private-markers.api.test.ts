import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { PDFParse } from 'pdf-parse';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClass, createStudents } from '../../db/seed/builders';
import { ALL_ROLES, type Role } from '../../schemas/common';
import { buildApp, type BuiltApp } from '../app';
import { loadConfig } from '../config';
import { asOwnPages, freshDatabase, makeDistrict, sessionCookie } from '../test/helpers';

/**
 * Marker texts planted in private fields must reach no one outside their audience: not in any API response (JSON,
 * CSV, PDF, spreadsheet or zip export) read by every role and by strangers from another school and district, not in
 * any email, and not in the server's log.
 *
 * - a visit's private note: its author alone;
 * - the evidence of a visit not shared yet (the school holds sharing): the school's leaders, not the teacher;
 * - a student's name: school staff and the district administrator, never a district leader (aggregates only)
 *   nor another school.
 */
const PRIVATE = `MARKER-PRIVATE-${randomUUID().slice(0, 8)}`;
const HELD = `MARKER-HELD-${randomUUID().slice(0, 8)}`;
const STUDENT = `Markerstudent${randomUUID().slice(0, 6)}`;

let built: BuiltApp;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let ids: Record<string, string>;
const logLines: string[] = [];

/** The text of a response, whatever its format. */
async function textOf(res: { headers: Record<string, unknown>; rawPayload: Buffer; body: string }): Promise<string> {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('pdf')) {
    const parser = new PDFParse({ data: res.rawPayload });
    try {
      return (await parser.getText()).text;
    } finally {
      await parser.destroy();
    }
  }
  if (type.includes('zip') || type.includes('spreadsheetml')) {
    const files = unzipSync(new Uint8Array(res.rawPayload));
    return Object.values(files).map((f) => strFromU8(f)).join('\n');
  }
  return res.body;
}

beforeAll(async () => {
  fresh = await freshDatabase();
  const log = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));
  built = await buildApp({ db: fresh.db, config: { ...loadConfig({}), webDir: '/nonexistent' }, databaseKind: inject('databaseKind'), version: 'test' }, { logger: log });
  asOwnPages(built.app);
  fx = await makeDistrict(fresh.db);
  const principal = await sessionCookie(fresh.db, fx.users.principal.id);
  const call = (method: 'POST' | 'PUT', url: string, payload: object) => built.app.inject({ method, url, headers: { cookie: principal }, payload });
  const [student] = await createStudents(fresh.db, fx.district.id, fx.school.id, [{ givenName: STUDENT, familyName: 'Doe', grade: '03' }]);
  const cls = await createClass(fresh.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Marker 3', teacherIds: [fx.users.teacher.id], studentIds: [student!.id] });
  // A shared visit with a private note, then (sharing held) a visit not shared yet.
  const shared = randomUUID();
  const base = { schoolId: fx.school.id, teacherId: fx.users.teacher.id, startedAt: new Date().toISOString(), durationMinutes: 10, tags: [] };
  expect((await call('POST', '/api/visits', { ...base, id: shared, evidence: 'Students explained strategies.', privateNote: `${PRIVATE} ask about seating` })).statusCode).toBe(201);
  expect((await call('PUT', `/api/schools/${fx.school.id}/visit-settings`, { shareMode: 'held' })).statusCode).toBe(200);
  const held = randomUUID();
  expect((await call('POST', '/api/visits', { ...base, id: held, evidence: `${HELD} the back table waited`, privateNote: `${PRIVATE} second note` })).statusCode).toBe(201);
  const assessment = await call('POST', `/api/schools/${fx.school.id}/assessments`, { name: 'Marker check', givenOn: '2026-11-20', classIds: [cls.id], standards: ['Fractions'], scale: 'percent', proficiencyCut: 80 });
  expect(assessment.statusCode, assessment.body).toBe(201);
  await call('PUT', `/api/schools/${fx.school.id}/assessments/${assessment.json().id}/results`, { results: [{ studentId: student!.id, score: 70 }] });
  ids = { schoolId: fx.school.id, visitId: shared, teacherId: fx.users.teacher.id, classId: cls.id, studentId: student!.id, assessmentId: assessment.json().id, personId: student!.id };
}, 120_000);
afterAll(async () => {
  await built.app.close();
  await fresh.drop();
});

/** Every GET route of the OpenAPI document, its path filled with the fixtures (the held visit too, for visit routes). */
async function getUrls(): Promise<string[]> {
  const doc = (await built.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  const held = (await fresh.db.selectFrom('visits').select('id').where('evidence', 'like', `${HELD}%`).executeTakeFirstOrThrow()).id;
  const urls: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!('get' in ops) || path.includes('{token}')) continue;
    const query = `?schoolId=${fx.school.id}&from=2026-01-01&to=2027-12-31`;
    const variants = path.includes('{visitId}') ? [ids, { ...ids, visitId: held }] : [ids];
    for (const v of variants) urls.push(path.replace(/\{(\w+)\}/g, (_, name: string) => v[name] ?? randomUUID()) + query);
    if (path.endsWith('/export')) urls.push(path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? randomUUID()) + `${query}&format=zip`);
  }
  return urls;
}

interface Reader {
  who: string;
  personId: string;
  /** The markers this reader may see. */
  may: string[];
}

describe('private fields stay with their audience', () => {
  it('no response, export, email or log line carries a marker to anyone outside its audience', async () => {
    const leaders: Role[] = ['principal', 'assistant_principal', 'coach'];
    const readers: Reader[] = [
      ...ALL_ROLES.map((role) => ({
        who: role,
        personId: fx.users[role].id,
        may: [...(role === 'principal' ? [PRIVATE] : []), ...(leaders.includes(role) ? [HELD] : []), ...(role === 'district_leader' ? [] : [STUDENT])],
      })),
      { who: 'other teacher', personId: fx.otherTeacher.id, may: [STUDENT] },
      { who: 'principal of another school', personId: fx.otherSchoolPrincipal.id, may: [] },
    ];
    const urls = await getUrls();
    const leaks: string[] = [];
    const seen = new Set<string>();
    for (const reader of readers) {
      const cookie = await sessionCookie(fresh.db, reader.personId);
      for (const url of urls) {
        const res = await built.app.inject({ method: 'GET', url, headers: { cookie } });
        const text = await textOf(res);
        for (const marker of [PRIVATE, HELD, STUDENT]) {
          if (!text.includes(marker)) continue;
          seen.add(`${marker === PRIVATE ? 'private' : marker === HELD ? 'held' : 'student'} by ${reader.who}`);
          // The district administrator's privacy export of a school is the school's record, visit evidence included
          // (audited); private notes never leave it but in their author's own export.
          const privacyExport = reader.who === 'district_admin' && url.startsWith('/api/admin/privacy/') && marker === HELD;
          if (!reader.may.includes(marker) && !privacyExport) leaks.push(`${reader.who} GET ${url.split('?')[0]} shows ${marker}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // The walk did reach the fields: each marker was seen by its audience.
    expect([...seen]).toEqual(expect.arrayContaining(['private by principal', 'held by principal', 'held by coach', 'student by teacher', 'student by principal']));

    const emails = await sql<{ t: string }>`SELECT subject || ' ' || text_body AS t FROM email_outbox`.execute(fresh.db);
    expect(emails.rows.filter((r) => r.t.includes(PRIVATE) || r.t.includes(HELD) || r.t.includes(STUDENT))).toEqual([]);
    const logged = logLines.join('');
    expect(logLines.length).toBeGreaterThan(0);
    for (const marker of [PRIVATE, HELD, STUDENT]) expect(logged.includes(marker), `${marker} in the log`).toBe(false);
  }, 600_000);
});
