import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { InsightFilters } from '../../../schemas/insights';
import type { RequestSchool, SessionUser } from '../../http/access';
import { notFound, validation } from '../../http/errors';

const iso = (d: Date | string) => new Date(d).toISOString();

function decisionsQuery(db: Db) {
  return db
    .selectFrom('decisions as d')
    .innerJoin('people as p', 'p.id', 'd.recorded_by')
    .select(['d.id', 'd.kind', 'd.title', 'd.rationale', 'd.decided_on', 'd.decided_by', 'd.how_decided', 'd.view_id', 'd.visit_ids', 'd.effect', 'd.effect_recorded_on', 'p.id as recorder_id', sql<string>`p.given_name || ' ' || p.family_name`.as('recorder_name')]);
}
type Row = Awaited<ReturnType<ReturnType<typeof decisionsQuery>['executeTakeFirstOrThrow']>>;
const toDecision = (r: Row) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  rationale: r.rationale,
  decidedOn: r.decided_on,
  decidedBy: r.decided_by,
  howDecided: r.how_decided,
  viewId: r.view_id,
  visitIds: r.visit_ids,
  effect: r.effect,
  effectRecordedOn: r.effect_recorded_on,
  recordedBy: { id: r.recorder_id, name: r.recorder_name },
});

/** The school's decision log, newest first. */
export async function listDecisions(db: Db, school: RequestSchool) {
  return (await decisionsQuery(db).where('d.school_id', '=', school.id).orderBy('d.decided_on', 'desc').orderBy('d.created_at', 'desc').execute()).map(toDecision);
}

/** Records a decision with the evidence that led to it (a saved view of this school, visits of this school). */
export async function recordDecision(
  db: Db,
  user: SessionUser,
  school: RequestSchool,
  input: { kind: Row['kind']; title: string; rationale: string; decidedOn: string; decidedBy: string; howDecided: string; viewId?: string | null; visitIds: string[] },
) {
  const fields = [];
  if (input.viewId) {
    const view = await db.selectFrom('insight_views').select('id').where('id', '=', input.viewId).where('school_id', '=', school.id).executeTakeFirst();
    if (!view) fields.push({ path: 'body.viewId', message: 'Not a saved view of this school' });
  }
  const ids = [...new Set(input.visitIds)];
  if (ids.length > 0) {
    const found = await db.selectFrom('visits').select('id').where('school_id', '=', school.id).where('id', 'in', ids).execute();
    const known = new Set(found.map((f) => f.id));
    input.visitIds.forEach((id, i) => {
      if (!known.has(id)) fields.push({ path: `body.visitIds.${i}`, message: 'Not a visit of this school' });
    });
  }
  if (fields.length > 0) throw validation(fields);
  const row = await db
    .insertInto('decisions')
    .values({ school_id: school.id, recorded_by: user.id, kind: input.kind, title: input.title, rationale: input.rationale, decided_on: input.decidedOn, decided_by: input.decidedBy, how_decided: input.howDecided, view_id: input.viewId ?? null, visit_ids: ids })
    .returning('id')
    .executeTakeFirstOrThrow();
  return toDecision(await decisionsQuery(db).where('d.id', '=', row.id).executeTakeFirstOrThrow());
}

/** Records the effect a decision had, later. */
export async function recordEffect(db: Db, school: RequestSchool, id: string, input: { effect: string; effectRecordedOn: string }) {
  const res = await db.updateTable('decisions').set({ effect: input.effect, effect_recorded_on: input.effectRecordedOn }).where('id', '=', id).where('school_id', '=', school.id).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound('That decision');
  return toDecision(await decisionsQuery(db).where('d.id', '=', id).executeTakeFirstOrThrow());
}

/** The school's saved insight views. */
export async function listViews(db: Db, school: RequestSchool) {
  const rows = await db
    .selectFrom('insight_views as v')
    .innerJoin('people as p', 'p.id', 'v.created_by')
    .select(['v.id', 'v.name', 'v.filters', 'v.created_at', 'p.id as pid', sql<string>`p.given_name || ' ' || p.family_name`.as('pname')])
    .where('v.school_id', '=', school.id)
    .orderBy('v.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, filters: r.filters as InsightFilters, createdBy: { id: r.pid, name: r.pname }, createdAt: iso(r.created_at) }));
}

export async function saveView(db: Db, user: SessionUser, school: RequestSchool, input: { name: string; filters: InsightFilters }) {
  const row = await db.insertInto('insight_views').values({ school_id: school.id, created_by: user.id, name: input.name, filters: JSON.stringify(input.filters) }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
  return { id: row.id, name: input.name, filters: input.filters, createdBy: { id: user.id, name: user.name }, createdAt: iso(row.created_at) };
}

export async function deleteView(db: Db, school: RequestSchool, id: string) {
  const used = await db.selectFrom('decisions').select('id').where('view_id', '=', id).executeTakeFirst();
  if (used) throw validation([{ path: 'params.viewId', message: 'A decision cites this view as its evidence; it is kept' }], 'This view is evidence for a decision.');
  const res = await db.deleteFrom('insight_views').where('id', '=', id).where('school_id', '=', school.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('That view');
}
