import fc from 'fast-check';
import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createStudents } from '../../db/seed/builders';
import type { Role } from '../../schemas/common';
import { buildApp, type BuiltApp } from '../app';
import { loadConfig } from '../config';
import { asOwnPages, freshDatabase, makeDistrict, sessionCookie } from '../test/helpers';
import { fingerprint, readOperations, type Operation, type Schema } from '../test/openapi';

/**
 * Schema-driven fuzzing: for every operation of the OpenAPI document, requests that are malformed in exactly the ways
 * its schemas forbid (a required field missing, a wrong type, a string too long, a number out of range, a bad id or
 * date, a value outside an enum), sent as three roles. Every answer must be a 4xx in the error shape, and no table
 * may change (reads are not state: sessions, sign-in records and the audit log are left out of the comparison).
 */
const RUNS = Number(process.env.ROUNDS_FUZZ_RUNS ?? 10_000);
const ROLES: Role[] = ['principal', 'teacher', 'district_admin'];

/** Values the schema certainly rejects (empty when it cannot be broken safely). */
function invalidValues(s: Schema, where: 'body' | 'query' | 'path'): unknown[] {
  if (s.oneOf || s.anyOf) return [];
  const out: unknown[] = [];
  if (s.enum) out.push('__not_one_of_these__');
  if (s.type === 'string') {
    if (s.format === 'uuid') out.push('not-a-uuid', '12345');
    if (s.format === 'date') out.push('2026-13-45', 'yesterday');
    if (s.format === 'date-time') out.push('2026-11-24 25:99');
    if (s.maxLength !== undefined && s.maxLength < 20_000) out.push('x'.repeat(s.maxLength + 1));
    if ((s.minLength ?? 0) > 0 && where !== 'path') out.push('');
    if (where === 'body') out.push(12345, ['x'], { x: 1 });
  }
  if (s.type === 'integer' || s.type === 'number') {
    if (s.minimum !== undefined) out.push(s.minimum - 1);
    if (s.maximum !== undefined) out.push(s.maximum + 1);
    if (s.type === 'integer') out.push(1.5);
    out.push(where === 'body' ? '12' : 'twelve');
  }
  if (s.type === 'boolean' && where === 'body') out.push('yes', 1);
  if (s.type === 'array' && where === 'body') {
    out.push('not a list', { x: 1 });
    if ((s.minItems ?? 0) > 0) out.push([]);
  }
  if (s.type === 'object' && where === 'body') out.push('not an object', [1, 2]);
  if (where === 'body' && !s.nullable && s.type) out.push(null);
  return out.filter((v) => !(s.enum ?? []).includes(v));
}

/** A plausible valid value (best effort: the one broken part makes the request invalid whatever the rest is). */
function validValue(s: Schema, name: string, ids: Record<string, string>): fc.Arbitrary<unknown> {
  if (s.oneOf ?? s.anyOf) return fc.oneof(...(s.oneOf ?? s.anyOf)!.map((x) => validValue(x, name, ids)));
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return ids[name] ? fc.constant(ids[name]) : fc.uuid({ version: 4 });
      if (s.format === 'date') return fc.constant('2026-11-24');
      if (s.format === 'date-time') return fc.constant('2026-11-24T14:00:00.000Z');
      if (s.format === 'email') return fc.constant('someone@example.test');
      return fc.string({ minLength: Math.min(Math.max(1, s.minLength ?? 0), s.maxLength ?? 20), maxLength: Math.max(s.minLength ?? 0, Math.min(s.maxLength ?? 20, 20)) });
    case 'integer':
    case 'number': {
      const min = Math.ceil(s.minimum ?? Math.min(0, s.maximum ?? 0));
      return fc.integer({ min, max: Math.max(min, Math.floor(s.maximum ?? min + 100)) });
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(s.items ?? {}, name, ids), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 2, 2)) });
    case 'object':
      return validObject(s, ids);
    default:
      return fc.constant('x');
  }
}
function validObject(s: Schema, ids: Record<string, string>): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  return fc.record(Object.fromEntries(props.map(([k, v]) => [k, validValue(v, k, ids)])), { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) }) as fc.Arbitrary<Record<string, unknown>>;
}

/** One malformed request for an operation, or undefined when nothing in its schemas can be broken. */
function malformed(op: Operation, ids: Record<string, string>): fc.Arbitrary<{ url: string; body: unknown; broken: string }> | undefined {
  type Break = { part: 'path' | 'query' | 'body'; name: string; values: unknown[] | 'missing' };
  const breaks: Break[] = [];
  for (const p of op.parameters) {
    const values = invalidValues(p.schema, p.in);
    if (values.length) breaks.push({ part: p.in, name: p.name, values });
  }
  if (op.body) {
    const whole = invalidValues(op.body, 'body');
    if (whole.length) breaks.push({ part: 'body', name: '', values: whole });
    for (const [name, schema] of Object.entries(op.body.properties ?? {})) {
      const values = invalidValues(schema, 'body');
      if (values.length) breaks.push({ part: 'body', name, values });
      if (op.body.required?.includes(name)) breaks.push({ part: 'body', name, values: 'missing' });
    }
  }
  if (breaks.length === 0) return undefined;
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  return fc
    .record({
      chosen: fc.constantFrom(...breaks),
      pick: fc.nat(),
      path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, validValue(p.schema, p.name, ids)]))),
      query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, validValue(p.schema, p.name, ids)])), { requiredKeys: [] }),
      body: op.body ? validValue(op.body, '', ids) : fc.constant(undefined),
    })
    .map(({ chosen, pick, path, query, body }) => {
      const bad = chosen.values === 'missing' ? undefined : chosen.values[pick % chosen.values.length];
      const params: Record<string, unknown> = { ...path };
      const search: Record<string, unknown> = { ...query };
      let payload = body;
      if (chosen.part === 'path') params[chosen.name] = bad;
      if (chosen.part === 'query') search[chosen.name] = bad;
      if (chosen.part === 'body') {
        if (chosen.name === '') payload = bad;
        else {
          payload = { ...(body as Record<string, unknown>) };
          if (chosen.values === 'missing') delete (payload as Record<string, unknown>)[chosen.name];
          else (payload as Record<string, unknown>)[chosen.name] = bad;
        }
      }
      const url =
        op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(String(params[n]))) +
        '?' +
        new URLSearchParams(Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)])).toString();
      return { url, body: payload, broken: `${chosen.part}${chosen.name ? `.${chosen.name}` : ''} = ${chosen.values === 'missing' ? '(missing)' : JSON.stringify(bad)?.slice(0, 60)}` };
    });
}

let built: BuiltApp;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let operations: Operation[];
let ids: Record<string, string>;

beforeAll(async () => {
  fresh = await freshDatabase();
  built = await buildApp({ db: fresh.db, config: { ...loadConfig({}), webDir: '/nonexistent' }, databaseKind: inject('databaseKind'), version: 'test' });
  asOwnPages(built.app);
  fx = await makeDistrict(fresh.db);
  const [student] = await createStudents(fresh.db, fx.district.id, fx.school.id, [{ givenName: 'Fuzz', familyName: 'Student', grade: '03' }]);
  const cls = await createClass(fresh.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Fuzz 3', teacherIds: [fx.users.teacher.id], studentIds: [student!.id] });
  ids = { schoolId: fx.school.id, teacherId: fx.users.teacher.id, classId: cls.id, studentId: student!.id, personId: student!.id };
  operations = await readOperations(built.app);
}, 120_000);
afterAll(async () => {
  await built.app.close();
  await fresh.drop();
});

describe('schema-driven fuzzing', () => {
  it(`${RUNS.toLocaleString('en-US')} malformed requests as ${ROLES.join(', ')}: only 4xx answers, and nothing changes`, async () => {
    const cookies = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await sessionCookie(fresh.db, fx.users[r].id)] as const)));
    const requests = operations.flatMap((op) => {
      const arb = malformed(op, ids);
      return arb ? [arb.map((r) => ({ ...r, op }))] : [];
    });
    expect(requests.length).toBeGreaterThan(operations.length / 2);
    const before = await fingerprint(fresh.db);
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROLES), fc.oneof(...requests), async (role, { op, url, body, broken }) => {
        const res = await built.app.inject({
          method: op.method as 'GET',
          url,
          headers: { cookie: cookies[role]!, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined || op.method === 'GET' ? {} : { payload: JSON.stringify(body) }),
        });
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        const what = `${role} ${op.method} ${url.slice(0, 200)} (${broken}) -> ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, what).toBeLessThan(500);
        expect(res.json().error.code, what).toEqual(expect.any(String));
      }),
      { numRuns: RUNS },
    );
    expect(await fingerprint(fresh.db)).toEqual(before);
    // The run itself is worth seeing: how the malformed requests were answered.
    console.info(`fuzz: ${RUNS} requests over ${requests.length} operations; statuses ${JSON.stringify(statuses)}`);
  }, 600_000);
});
