import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../db/database';
import { RubricDefinition } from '../../../schemas/evaluation';
import type { RequestSchool, SessionUser } from '../../http/access';
import { validation } from '../../http/errors';

/** The key of the open rubric Rounds ships with. */
export const BUILT_IN_KEY = 'rounds-generic';

/** Reads and validates a rubric file; throws with every problem at its place when it does not fit the schema. */
export function loadRubricFile(file: string): RubricDefinition {
  const parsed = RubricDefinition.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file} is not a valid rubric:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}

let builtIn: RubricDefinition | undefined;
/** The built-in rubric, read once from rubrics/rounds-generic.json. */
export function builtInRubric(): RubricDefinition {
  builtIn ??= loadRubricFile(path.join(import.meta.dirname, 'rubrics', `${BUILT_IN_KEY}.json`));
  return builtIn;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rubrics a cycle of the school may use: the built-in one, then the district's uploads, newest first. */
export async function listRubrics(db: Db, school: RequestSchool) {
  const rows = await db.selectFrom('evaluation_rubrics').select(['id', 'definition', 'created_at']).where('district_id', '=', school.districtId).orderBy('created_at', 'desc').execute();
  return [
    { key: BUILT_IN_KEY, builtIn: true, uploadedAt: null, definition: builtInRubric() },
    ...rows.map((r) => ({ key: r.id, builtIn: false, uploadedAt: new Date(r.created_at).toISOString(), definition: r.definition as RubricDefinition })),
  ];
}

/** A rubric of the school's district by key, or undefined. */
export async function findRubric(db: Db, districtId: string, key: string): Promise<RubricDefinition | undefined> {
  if (key === BUILT_IN_KEY) return builtInRubric();
  if (!UUID.test(key)) return undefined;
  const row = await db.selectFrom('evaluation_rubrics').select('definition').where('id', '=', key).where('district_id', '=', districtId).executeTakeFirst();
  return row?.definition as RubricDefinition | undefined;
}

/** Stores a validated rubric for the district; a name already used by the district is refused. */
export async function uploadRubric(db: Db, user: SessionUser, school: RequestSchool, definition: RubricDefinition) {
  const existing = await db.selectFrom('evaluation_rubrics').select('id').where('district_id', '=', school.districtId).where((eb) => eb(eb.fn('lower', ['name']), '=', definition.name.toLowerCase())).executeTakeFirst();
  if (existing || definition.name.toLowerCase() === builtInRubric().name.toLowerCase()) {
    throw validation([{ path: 'body.name', message: 'Your district already has a rubric with this name; give this one another name' }]);
  }
  const row = await db
    .insertInto('evaluation_rubrics')
    .values({ district_id: school.districtId, name: definition.name, definition: JSON.stringify(definition), uploaded_by: user.id })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { key: row.id, builtIn: false, uploadedAt: new Date(row.created_at).toISOString(), definition };
}
