import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { FieldError } from '../../http/errors';

/** "Given Family" of a person, for selects joined as `alias`. */
export const fullName = (alias: string) => sql<string>`${sql.ref(`${alias}.given_name`)} || ' ' || ${sql.ref(`${alias}.family_name`)}`;

/** The ids among `ids` that are active staff holding a role in the school. */
export async function staffOfSchool(db: Db, schoolId: string, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('people as p', 'p.id', 'ra.person_id')
    .select('p.id')
    .distinct()
    .where('ra.school_id', '=', schoolId)
    .where('p.status', '=', 'active')
    .where('p.id', 'in', unique)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Field errors for each listed person (by its body path) who is not staff of the school. */
export async function staffProblems(db: Db, schoolId: string, people: { path: string; id: string | null | undefined }[]): Promise<FieldError[]> {
  const known = await staffOfSchool(db, schoolId, people.flatMap((p) => (p.id ? [p.id] : [])));
  return people.flatMap((p) => (p.id && !known.has(p.id) ? [{ path: p.path, message: 'Not a staff member of this school' }] : []));
}
