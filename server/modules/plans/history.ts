import type { Db } from '../../../db/database';
import type { PlanChangesTable } from '../../../db/types';
import { fullName } from '../teams/staff';

export interface Change {
  planId: string;
  userId: string;
  entity: PlanChangesTable['entity'];
  entityId: string;
  change: PlanChangesTable['change'];
  /** One sentence a reader of the plan understands, e.g. “Status of “Model think-alouds”: not started → on track”. */
  summary: string;
  /** The fields changed, before and after. */
  details?: Record<string, unknown>;
}

/** Appends one change to the plan's history; call it inside the transaction that makes the change. */
export async function recordChange(trx: Db, c: Change): Promise<void> {
  await trx
    .insertInto('plan_changes')
    .values({ plan_id: c.planId, changed_by: c.userId, entity: c.entity, entity_id: c.entityId, change: c.change, summary: c.summary.slice(0, 1000), details: JSON.stringify(c.details ?? {}) })
    .execute();
}

/** The plan's history, newest first. */
export async function planHistory(db: Db, planId: string, limit = 500) {
  const rows = await db
    .selectFrom('plan_changes as c')
    .innerJoin('people as p', 'p.id', 'c.changed_by')
    .select(['c.id', 'c.changed_at', 'c.entity', 'c.entity_id', 'c.change', 'c.summary', 'p.id as pid', fullName('p').as('pname')])
    .where('c.plan_id', '=', planId)
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    changedAt: new Date(r.changed_at).toISOString(),
    changedBy: { id: r.pid, name: r.pname },
    entity: r.entity,
    entityId: r.entity_id,
    change: r.change,
    summary: r.summary,
  }));
}

/** “a → b” lines for the fields that differ between before and after (labels give each field's words). */
export function describeChanges(before: Record<string, unknown>, after: Record<string, unknown>, labels: Record<string, string>) {
  const changed = Object.keys(after).filter((k) => after[k] !== undefined && after[k] !== before[k]);
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  return {
    changed,
    text: changed.map((k) => `${labels[k] ?? k}: ${show(before[k])} → ${show(after[k])}`).join('; '),
    details: Object.fromEntries(changed.map((k) => [k, { from: before[k] ?? null, to: after[k] ?? null }])),
  };
}
