import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { SessionUser } from '../../http/access';
import { AppError, notFound, validation } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { EMAIL_REFERENCES, PERSON_REFERENCES } from './inventory';
import { deleteWithDependents, foreignKeys, tableColumns } from './schema-graph';

/** The roster id of each district's stand-in for deleted staff who wrote records others keep. */
export const FORMER_STAFF_SOURCED_ID = 'rounds:former-staff';

const split = (key: string) => key.split('.') as [string, string];

/** The person to delete, when they belong to the admin's district. */
async function personOf(db: Db, districtId: string, personId: string) {
  const person = await db
    .selectFrom('people')
    .select(['id', 'kind', 'given_name', 'family_name', 'email', 'sourced_id', 'status'])
    .where('id', '=', personId)
    .where('district_id', '=', districtId)
    .executeTakeFirst();
  if (!person) throw notFound('That person');
  return person;
}

/**
 * What stops a person's deletion: records that belong to someone else and would lose part of themselves. Visits to
 * the person's classroom are deleted with them, so such a visit cited in another teacher's evaluation (the visit's
 * teacher was corrected after it was cited) would silently leave that evaluation; its evaluator removes the citation
 * first. Citations in the person's own evaluations go with those evaluations, and visits the person recorded about
 * others stay (with "Former staff member"), so neither blocks anything. One sentence per blocking evaluation.
 */
export async function erasureBlockers(db: Db, personId: string, name: string): Promise<string[]> {
  const { rows } = await sql<{ teacher: string; school_year: string; signed: boolean; n: number }>`
    SELECT p.given_name || ' ' || p.family_name AS teacher, c.school_year, (c.evaluator_signed_at IS NOT NULL) AS signed,
           count(DISTINCT ec.visit_id)::int AS n
    FROM evaluation_citations ec
    JOIN evaluation_cycles c ON c.id = ec.cycle_id
    JOIN people p ON p.id = c.teacher_id
    JOIN visits v ON v.id = ec.visit_id
    WHERE c.teacher_id <> ${personId}
      AND (v.teacher_id = ${personId} OR v.coaching_cycle_id IN (SELECT id FROM coaching_cycles WHERE teacher_id = ${personId}))
    GROUP BY c.id, p.given_name, p.family_name, c.school_year, c.evaluator_signed_at
    ORDER BY p.family_name, p.given_name, c.school_year`.execute(db);
  return rows.map(
    (r) =>
      `${r.n} ${r.n === 1 ? 'visit' : 'visits'} to ${name}'s classroom ${r.n === 1 ? 'is' : 'are'} cited in ${r.teacher}'s ${r.school_year} evaluation${r.signed ? ' (already signed)' : ''}; ` +
      `its evaluator must remove ${r.n === 1 ? 'the citation' : 'the citations'} first`,
  );
}

const blockedMessage = (name: string, blockers: string[]) => `${name} cannot be deleted yet: ${blockers.join('; ')}. Nothing was deleted.`;

/** What deleting a person would remove, what it would keep under "Former staff member", per table, and what stops it. */
export async function erasurePreview(db: Db, districtId: string, personId: string) {
  const person = await personOf(db, districtId, personId);
  const name = `${person.given_name} ${person.family_name}`;
  const present = await tableColumns(db);
  const deleted: Record<string, number> = {};
  const reassigned: Record<string, number> = {};
  for (const [key, rule] of Object.entries(PERSON_REFERENCES)) {
    const [table, column] = split(key);
    if (!present.get(table)?.includes(column)) continue;
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.id(table)} WHERE ${sql.id(column)} = ${personId}`.execute(db);
    const n = Number(rows[0]!.n);
    if (n === 0) continue;
    const into = rule === 'subject' ? deleted : reassigned;
    into[table] = (into[table] ?? 0) + n;
  }
  return {
    person: { id: person.id, name, kind: person.kind, email: person.email, sourcedId: person.sourced_id, status: person.status },
    deleted,
    reassigned,
    blockers: await erasureBlockers(db, person.id, name),
  };
}

/** The district's "Former staff member", made on first use. */
async function formerStaff(trx: Db, districtId: string): Promise<string> {
  const found = await trx.selectFrom('people').select('id').where('district_id', '=', districtId).where('sourced_id', '=', FORMER_STAFF_SOURCED_ID).executeTakeFirst();
  if (found) return found.id;
  const made = await trx
    .insertInto('people')
    .values({ district_id: districtId, sourced_id: FORMER_STAFF_SOURCED_ID, kind: 'staff', given_name: 'Former', family_name: 'staff member', email: null, status: 'inactive', rostered: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return made.id;
}

/**
 * Deletes a student or staff member so that nothing about them is left outside the audit log: rows about them
 * (and what depends on those rows) are deleted; records they wrote that belong to others (a visit they recorded
 * about a colleague, a plan action they owned) are kept with "Former staff member" in their place; email and
 * sign-in records with their address are deleted. One transaction: all or nothing. When deleting would take part of
 * a record someone else keeps (see `erasureBlockers`), nothing is deleted and the conflict names it.
 */
export async function erasePerson(db: Db, admin: SessionUser, personId: string, confirmName: string, ip: string | null) {
  const person = await personOf(db, admin.districtId, personId);
  const name = `${person.given_name} ${person.family_name}`;
  if (person.sourced_id === FORMER_STAFF_SOURCED_ID) throw new AppError('conflict', '"Former staff member" stands in for deleted staff and cannot be deleted.');
  if (person.id === admin.id) throw new AppError('conflict', 'You cannot delete your own account. Ask another district administrator.');
  if (confirmName.trim().toLowerCase() !== name.toLowerCase()) {
    throw validation([{ path: 'body.confirmName', message: `Type the person's full name, ${name}, to confirm` }]);
  }
  try {
    return await eraseInTransaction(db, admin, person, name, ip);
  } catch (error) {
    // A reference no rule above foresaw: say what holds the person, rather than a bare database error.
    if ((error as { code?: unknown })?.code === '23503') {
      const table = String((error as { table?: unknown }).table ?? 'another record').replace(/_/g, ' ');
      throw new AppError('conflict', blockedMessage(name, [`records in ${table} that others keep still refer to them`]));
    }
    throw error;
  }
}

async function eraseInTransaction(db: Db, admin: SessionUser, person: Awaited<ReturnType<typeof personOf>>, name: string, ip: string | null) {
  return db.transaction().execute(async (trx) => {
    const blockers = await erasureBlockers(trx, person.id, name);
    if (blockers.length > 0) throw new AppError('conflict', blockedMessage(name, blockers));
    const fks = await foreignKeys(trx);
    const present = await tableColumns(trx);
    const unclassified = fks.filter((f) => f.refTable === 'people' && f.columns.length === 1 && !(`${f.table}.${f.columns[0]}` in PERSON_REFERENCES));
    if (unclassified.length > 0) {
      throw new AppError('internal', `Deletion is not set up for ${unclassified.map((f) => `${f.table}.${f.columns[0]}`).join(', ')}; nothing was deleted.`);
    }
    const reassigned: Record<string, number> = {};
    let stand: string | undefined;
    for (const [key, rule] of Object.entries(PERSON_REFERENCES)) {
      const [table, column] = split(key);
      if (rule !== 'author' || !present.get(table)?.includes(column)) continue;
      stand ??= await formerStaff(trx, admin.districtId);
      const result = await sql`UPDATE ${sql.id(table)} SET ${sql.id(column)} = ${stand} WHERE ${sql.id(column)} = ${person.id}`.execute(trx);
      const n = Number(result.numAffectedRows ?? 0);
      if (n > 0) reassigned[table] = (reassigned[table] ?? 0) + n;
    }
    const deleted: Record<string, number> = {};
    for (const [key, rule] of Object.entries(PERSON_REFERENCES)) {
      const [table, column] = split(key);
      if (rule !== 'subject' || !present.get(table)?.includes(column)) continue;
      await deleteWithDependents(trx, fks, table, sql`${sql.id(column)} = ${person.id}`, deleted);
    }
    if (person.email) {
      for (const key of EMAIL_REFERENCES) {
        const [table, column] = split(key);
        if (!present.get(table)?.includes(column)) continue;
        await deleteWithDependents(trx, fks, table, sql`lower(${sql.id(column)}) = lower(${person.email})`, deleted);
      }
    }
    await deleteWithDependents(trx, fks, 'people', sql`id = ${person.id}`, deleted);
    await writeAudit(trx, {
      action: 'privacy.person_deleted',
      actorId: admin.id,
      districtId: admin.districtId,
      entity: person.kind === 'student' ? 'student' : 'person',
      entityId: person.id,
      details: { kind: person.kind, deleted, reassigned },
      ip,
    });
    return { deleted, reassigned };
  });
}
