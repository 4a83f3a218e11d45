import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { App } from '../http/types';
import { tableColumns } from '../modules/privacy/schema-graph';

/** The parts of an OpenAPI 3 schema the schema-driven suites read. */
export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  pattern?: string;
  const?: unknown;
  default?: unknown;
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  /** The bounds of a date or an instant (`schemas/bounds.ts`), which JSON Schema has no keyword for. */
  'x-minimum'?: string;
  'x-maximum'?: string;
  /** How far past now an instant may be. */
  'x-max-ahead-ms'?: number;
}
export interface Parameter {
  in: 'path' | 'query';
  name: string;
  required?: boolean;
  schema: Schema;
}
export interface Operation {
  method: string;
  /** The OpenAPI path, with `{name}` parameters. */
  path: string;
  parameters: Parameter[];
  /** The JSON body's schema, when the operation takes one. */
  body?: Schema;
}

/** Every operation of the app's OpenAPI document (`GET /api/openapi.json`). */
export async function readOperations(app: App): Promise<Operation[]> {
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: Schema }> } }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema })),
  );
}

/** The route key the access rules use: `POST /api/schools/:schoolId/goals`. */
export const routeKey = (op: Operation) => `${op.method} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`;

/** Every uuid field of a body schema, as paths: `teacherId`, `tags[]`, `results[].studentId`, `filters.observerId`. */
export function uuidFields(schema: Schema | undefined, at = ''): string[] {
  if (!schema) return [];
  const out: string[] = [];
  for (const alternative of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) out.push(...uuidFields(alternative, at));
  if (schema.type === 'string' && schema.format === 'uuid') out.push(at);
  for (const [name, property] of Object.entries(schema.properties ?? {})) out.push(...uuidFields(property, at ? `${at}.${name}` : name));
  if (schema.items) out.push(...uuidFields(schema.items, `${at}[]`));
  return [...new Set(out)];
}

/** Tables that reads and sign-ins change (not state a request may be blamed for). */
export const UNCOMPARED = new Set(['audit_log', 'sessions', 'login_failures', 'login_successes']);

/** A fingerprint of every compared table's content. */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of (await tableColumns(db)).keys()) {
    if (UNCOMPARED.has(table)) continue;
    const { rows } = await sql<{ h: string | null }>`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${sql.id(table)} t`.execute(db);
    out[table] = rows[0]!.h ?? 'empty';
  }
  return out;
}

/** The tables whose fingerprints differ. */
export const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]).sort();
