import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHOOL_DATE_MAX, SCHOOL_DATE_MIN } from '../../schemas/bounds';
import { testApp, type TestContext } from '../test/helpers';
import type { Schema } from '../test/openapi';

/**
 * Every value a request can carry has a real-world range: the OpenAPI document (made from the shared Zod schemas)
 * is walked, and every input string, number, list and date of every operation must say its bounds. A new field built
 * from `schemas/bounds.ts` has them by default; one that does not fails here, naming the field.
 */
/** Fields of the input whose bounds are missing, as `where: why`. */
function unbounded(s: Schema | undefined, where: string): string[] {
  if (!s) return [];
  const out = [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])].flatMap((x) => unbounded(x, where));
  switch (s.type) {
    case 'string':
      if (s.enum || s.const !== undefined || s.format === 'uuid') break;
      if (s.format === 'date' || s.format === 'date-time') {
        const [min, max] = s.format === 'date' ? [SCHOOL_DATE_MIN, SCHOOL_DATE_MAX] : [`${SCHOOL_DATE_MIN}T00:00:00Z`, `${SCHOOL_DATE_MAX}T23:59:59Z`];
        if (s['x-minimum'] !== min || s['x-maximum'] !== max) out.push(`${where}: a ${s.format} without the school-date bounds (use schoolDate/schoolInstant)`);
        break;
      }
      // A pattern anchored at both ends with bounded repetitions bounds the length as well as a maxLength does.
      if (s.maxLength === undefined && !(s.pattern && /^\^.*\$$/.test(s.pattern) && !/[*+]|\{\d+,\}/.test(s.pattern))) out.push(`${where}: a string without maxLength`);
      break;
    case 'integer':
    case 'number':
      if (s.minimum === undefined || s.maximum === undefined) out.push(`${where}: a number without minimum and maximum`);
      break;
    case 'array':
      if (s.maxItems === undefined) out.push(`${where}: a list without maxItems`);
      out.push(...unbounded(s.items, `${where}[]`));
      break;
    case 'object':
      for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...unbounded(v, `${where}.${k}`));
      if (typeof s.additionalProperties === 'object') out.push(`${where}: an open record (name its keys)`);
      break;
  }
  return out;
}

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('bounds of every input', () => {
  it('every string, number, list and date of every operation has a real-world range', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: Schema }[]; requestBody?: { content?: Record<string, { schema: Schema }> } }>>;
    };
    const problems: string[] = [];
    let fields = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? []) {
          fields++;
          problems.push(...unbounded(p.schema, `${where} ${p.in}.${p.name}`));
        }
        for (const [type, content] of Object.entries(op.requestBody?.content ?? {})) {
          fields += Object.keys(content.schema.properties ?? {}).length;
          problems.push(...unbounded(content.schema, `${where} body(${type})`));
        }
      }
    }
    expect(fields).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  });
});
