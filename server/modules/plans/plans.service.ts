import type { z } from 'zod';
import type { Db } from '../../../db/database';
import type {
  ActionCreate,
  ActionFromConversation,
  ActionUpdate,
  CheckinCreate,
  EvidenceCreate,
  PlanCreate,
  PlanGoalCreate,
  PlanGoalUpdate,
  PlanUpdate,
  StrategyCreate,
  StrategyUpdate,
} from '../../../schemas/plans';
import type { RequestSchool, SessionUser } from '../../http/access';
import { notFound, validation, type FieldError } from '../../http/errors';
import { conversationLinkPath } from '../assessments/data-conversations';
import { staffProblems } from '../teams/staff';
import { addDays } from '../visits/school-time';
import { describeChanges, recordChange } from './history';
import { assertMayAddEvidence, assertMayUpdateAction, editsPlan } from './plans.policy';
import { actionOfSchool, goalOfSchool, planCheckins, planOfSchool, planTree, strategyOfSchool } from './plans.repo';

const STATUS_WORDS = { not_started: 'not started', on_track: 'on track', at_risk: 'at risk', done: 'done' } as const;
const RATING_WORDS = { on_track: 'on track', at_risk: 'at risk', off_track: 'off track' } as const;
const quote = (s: string) => `“${s}”`;
const dateOf = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

function fail(fields: FieldError[]) {
  if (fields.length > 0) throw validation(fields);
}

export async function listPlans(db: Db, school: RequestSchool) {
  const rows = await db.selectFrom('work_plans').select(['id', 'school_year', 'title', 'checkin_weeks']).where('school_id', '=', school.id).orderBy('school_year', 'desc').execute();
  return rows.map((r) => ({ id: r.id, schoolYear: r.school_year, title: r.title, checkinWeeks: r.checkin_weeks }));
}

async function mustPlan(db: Db, school: RequestSchool, planId: string) {
  const plan = await planOfSchool(db, school.id, planId);
  if (!plan) throw notFound('That plan');
  return plan;
}

/** The whole plan: goals → strategies → actions with evidence, check-ins newest first, and when the next is due. */
export async function planDetail(db: Db, school: RequestSchool, planId: string) {
  const plan = await mustPlan(db, school, planId);
  const checkins = await planCheckins(db, planId);
  const from = checkins[0]?.heldOn ?? dateOf(plan.created_at);
  return {
    id: plan.id,
    schoolYear: plan.school_year,
    title: plan.title,
    checkinWeeks: plan.checkin_weeks,
    school: { id: school.id, name: school.name },
    goals: await planTree(db, planId),
    checkins,
    nextCheckinOn: addDays(from, plan.checkin_weeks * 7),
    canEdit: editsPlan(school),
  };
}

export async function createPlan(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof PlanCreate>) {
  const [start, end] = input.schoolYear.split('-').map(Number) as [number, number];
  if ((start + 1) % 100 !== end) fail([{ path: 'body.schoolYear', message: `Use consecutive years, like ${start}-${String((start + 1) % 100).padStart(2, '0')}` }]);
  const taken = await db.selectFrom('work_plans').select('id').where('school_id', '=', school.id).where('school_year', '=', input.schoolYear).executeTakeFirst();
  if (taken) fail([{ path: 'body.schoolYear', message: `The school already has a work plan for ${input.schoolYear}` }]);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('work_plans').values({ school_id: school.id, school_year: input.schoolYear, title: input.title, checkin_weeks: input.checkinWeeks, created_by: user.id }).returning('id').executeTakeFirstOrThrow();
    await recordChange(trx, { planId: row.id, userId: user.id, entity: 'plan', entityId: row.id, change: 'created', summary: `Started the work plan ${quote(input.title)} for ${input.schoolYear}` });
    return row.id;
  });
  return planDetail(db, school, id);
}

export async function updatePlan(db: Db, user: SessionUser, school: RequestSchool, planId: string, input: z.infer<typeof PlanUpdate>) {
  const plan = await mustPlan(db, school, planId);
  const diff = describeChanges({ title: plan.title, checkinWeeks: plan.checkin_weeks }, input, { title: 'Title', checkinWeeks: 'Weeks between check-ins' });
  if (diff.changed.length > 0) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('work_plans')
        .set({ ...(input.title !== undefined ? { title: input.title } : {}), ...(input.checkinWeeks !== undefined ? { checkin_weeks: input.checkinWeeks } : {}) })
        .where('id', '=', planId)
        .execute();
      await recordChange(trx, { planId, userId: user.id, entity: 'plan', entityId: planId, change: 'updated', summary: `Changed the plan: ${diff.text}`, details: diff.details });
    });
  }
  return planDetail(db, school, planId);
}

async function checkVisionGoal(db: Db, school: RequestSchool, id: string | null | undefined): Promise<FieldError[]> {
  if (!id) return [];
  const found = await db.selectFrom('school_goals').select('id').where('id', '=', id).where('school_id', '=', school.id).executeTakeFirst();
  return found ? [] : [{ path: 'body.visionGoalId', message: 'Not a goal of this school' }];
}

export async function addGoal(db: Db, user: SessionUser, school: RequestSchool, planId: string, input: z.infer<typeof PlanGoalCreate>) {
  await mustPlan(db, school, planId);
  fail(await checkVisionGoal(db, school, input.visionGoalId));
  await db.transaction().execute(async (trx) => {
    const count = await trx.selectFrom('plan_goals').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', planId).executeTakeFirstOrThrow();
    const row = await trx.insertInto('plan_goals').values({ plan_id: planId, title: input.title, description: input.description, vision_goal_id: input.visionGoalId ?? null, position: Number(count.n) }).returning('id').executeTakeFirstOrThrow();
    await recordChange(trx, { planId, userId: user.id, entity: 'goal', entityId: row.id, change: 'created', summary: `Added the goal ${quote(input.title)}` });
  });
  return planDetail(db, school, planId);
}

async function mustGoal(db: Db, school: RequestSchool, goalId: string) {
  const goal = await goalOfSchool(db, school.id, goalId);
  if (!goal) throw notFound('That goal');
  return goal;
}

export async function updateGoal(db: Db, user: SessionUser, school: RequestSchool, goalId: string, input: z.infer<typeof PlanGoalUpdate>) {
  const goal = await mustGoal(db, school, goalId);
  fail(await checkVisionGoal(db, school, input.visionGoalId));
  const diff = describeChanges({ title: goal.title, description: goal.description, visionGoalId: goal.vision_goal_id }, input, { title: 'Title', description: 'Description', visionGoalId: 'Vision goal' });
  if (diff.changed.length > 0) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('plan_goals')
        .set({
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.visionGoalId !== undefined ? { vision_goal_id: input.visionGoalId } : {}),
        })
        .where('id', '=', goalId)
        .execute();
      await recordChange(trx, { planId: goal.plan_id, userId: user.id, entity: 'goal', entityId: goalId, change: 'updated', summary: `Changed the goal ${quote(goal.title)}: ${diff.text}`, details: diff.details });
    });
  }
  return planDetail(db, school, goal.plan_id);
}

export async function deleteGoal(db: Db, user: SessionUser, school: RequestSchool, goalId: string) {
  const goal = await mustGoal(db, school, goalId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('plan_goals').where('id', '=', goalId).execute();
    await recordChange(trx, { planId: goal.plan_id, userId: user.id, entity: 'goal', entityId: goalId, change: 'deleted', summary: `Removed the goal ${quote(goal.title)} with its strategies and actions` });
  });
  return planDetail(db, school, goal.plan_id);
}

export async function addStrategy(db: Db, user: SessionUser, school: RequestSchool, goalId: string, input: z.infer<typeof StrategyCreate>) {
  const goal = await mustGoal(db, school, goalId);
  await db.transaction().execute(async (trx) => {
    const count = await trx.selectFrom('plan_strategies').select((eb) => eb.fn.countAll<number>().as('n')).where('goal_id', '=', goalId).executeTakeFirstOrThrow();
    const row = await trx.insertInto('plan_strategies').values({ goal_id: goalId, title: input.title, description: input.description, position: Number(count.n) }).returning('id').executeTakeFirstOrThrow();
    await recordChange(trx, { planId: goal.plan_id, userId: user.id, entity: 'strategy', entityId: row.id, change: 'created', summary: `Added the strategy ${quote(input.title)} to ${quote(goal.title)}` });
  });
  return planDetail(db, school, goal.plan_id);
}

async function mustStrategy(db: Db, school: RequestSchool, strategyId: string) {
  const strategy = await strategyOfSchool(db, school.id, strategyId);
  if (!strategy) throw notFound('That strategy');
  return strategy;
}

export async function updateStrategy(db: Db, user: SessionUser, school: RequestSchool, strategyId: string, input: z.infer<typeof StrategyUpdate>) {
  const s = await mustStrategy(db, school, strategyId);
  const diff = describeChanges({ title: s.title, description: s.description }, input, { title: 'Title', description: 'Description' });
  if (diff.changed.length > 0) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('plan_strategies')
        .set({ ...(input.title !== undefined ? { title: input.title } : {}), ...(input.description !== undefined ? { description: input.description } : {}) })
        .where('id', '=', strategyId)
        .execute();
      await recordChange(trx, { planId: s.plan_id, userId: user.id, entity: 'strategy', entityId: strategyId, change: 'updated', summary: `Changed the strategy ${quote(s.title)}: ${diff.text}`, details: diff.details });
    });
  }
  return planDetail(db, school, s.plan_id);
}

export async function deleteStrategy(db: Db, user: SessionUser, school: RequestSchool, strategyId: string) {
  const s = await mustStrategy(db, school, strategyId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('plan_strategies').where('id', '=', strategyId).execute();
    await recordChange(trx, { planId: s.plan_id, userId: user.id, entity: 'strategy', entityId: strategyId, change: 'deleted', summary: `Removed the strategy ${quote(s.title)} with its actions` });
  });
  return planDetail(db, school, s.plan_id);
}

function checkDates(startsOn: string | null | undefined, dueOn: string | null | undefined): FieldError[] {
  return startsOn && dueOn && startsOn > dueOn ? [{ path: 'body.dueOn', message: 'The due date must be on or after the start date' }] : [];
}

export async function addAction(db: Db, user: SessionUser, school: RequestSchool, strategyId: string, input: z.infer<typeof ActionCreate>) {
  const s = await mustStrategy(db, school, strategyId);
  fail([...(await staffProblems(db, school.id, [{ path: 'body.ownerId', id: input.ownerId }])), ...checkDates(input.startsOn, input.dueOn)]);
  await db.transaction().execute(async (trx) => {
    const count = await trx.selectFrom('plan_actions').select((eb) => eb.fn.countAll<number>().as('n')).where('strategy_id', '=', strategyId).executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('plan_actions')
      .values({ strategy_id: strategyId, title: input.title, owner_id: input.ownerId, starts_on: input.startsOn ?? null, due_on: input.dueOn ?? null, status: input.status, position: Number(count.n) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const owner = await trx.selectFrom('people').select(['given_name', 'family_name']).where('id', '=', input.ownerId).executeTakeFirstOrThrow();
    await recordChange(trx, { planId: s.plan_id, userId: user.id, entity: 'action', entityId: row.id, change: 'created', summary: `Added the action ${quote(input.title)}, owned by ${owner.given_name} ${owner.family_name}` });
  });
  return planDetail(db, school, s.plan_id);
}

async function mustAction(db: Db, school: RequestSchool, actionId: string) {
  const action = await actionOfSchool(db, school.id, actionId);
  if (!action) throw notFound('That action');
  return action;
}

/** Changes an action: leaders any field, its owner only the status (the policy decides), one history entry. */
export async function updateAction(db: Db, user: SessionUser, school: RequestSchool, actionId: string, input: z.infer<typeof ActionUpdate>) {
  const a = await mustAction(db, school, actionId);
  const sent = Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined);
  assertMayUpdateAction(user, school, a, sent);
  const startsOn = input.startsOn !== undefined ? input.startsOn : a.starts_on;
  const dueOn = input.dueOn !== undefined ? input.dueOn : a.due_on;
  fail([...(await staffProblems(db, school.id, [{ path: 'body.ownerId', id: input.ownerId }])), ...checkDates(startsOn, dueOn)]);
  let ownerName: string | undefined;
  if (input.ownerId && input.ownerId !== a.owner_id) {
    const p = await db.selectFrom('people').select(['given_name', 'family_name']).where('id', '=', input.ownerId).executeTakeFirstOrThrow();
    ownerName = `${p.given_name} ${p.family_name}`;
  }
  const diff = describeChanges(
    { title: a.title, owner: a.owner_name, startsOn: a.starts_on, dueOn: a.due_on, status: STATUS_WORDS[a.status] },
    { title: input.title, owner: ownerName, startsOn: input.startsOn, dueOn: input.dueOn, status: input.status ? STATUS_WORDS[input.status] : undefined },
    { title: 'Title', owner: 'Owner', startsOn: 'Start', dueOn: 'Due', status: 'Status' },
  );
  if (diff.changed.length > 0) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('plan_actions')
        .set({
          updated_at: new Date(),
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.ownerId !== undefined ? { owner_id: input.ownerId } : {}),
          ...(input.startsOn !== undefined ? { starts_on: input.startsOn } : {}),
          ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
        })
        .where('id', '=', actionId)
        .execute();
      await recordChange(trx, { planId: a.plan_id, userId: user.id, entity: 'action', entityId: actionId, change: 'updated', summary: `Changed the action ${quote(a.title)}: ${diff.text}`, details: diff.details });
    });
  }
  return planDetail(db, school, a.plan_id);
}

export async function deleteAction(db: Db, user: SessionUser, school: RequestSchool, actionId: string) {
  const a = await mustAction(db, school, actionId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('plan_actions').where('id', '=', actionId).execute();
    await recordChange(trx, { planId: a.plan_id, userId: user.id, entity: 'action', entityId: actionId, change: 'deleted', summary: `Removed the action ${quote(a.title)}` });
  });
  return planDetail(db, school, a.plan_id);
}

/** An in-app link: a path of this site, or a full address whose host is this site's. */
function appPath(link: string, host: string | undefined): string | null {
  if (link.startsWith('/') && !link.startsWith('//')) return link;
  try {
    const url = new URL(link);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && host && url.host === new URL(`${url.protocol}//${host}`).host) return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    // not an address
  }
  return null;
}

/** Adds evidence of progress to an action (its owner or a leader), optionally citing a view, an assessment or a PD session. */
export async function addEvidence(db: Db, user: SessionUser, school: RequestSchool, actionId: string, input: z.infer<typeof EvidenceCreate>, host?: string) {
  const a = await mustAction(db, school, actionId);
  assertMayAddEvidence(user, school, a);
  const fields: FieldError[] = [];
  const linkPath = input.link ? appPath(input.link, host) : null;
  if (input.link && !linkPath) fields.push({ path: 'body.link', message: 'Link to a page of Rounds, e.g. a saved insights view (an address starting with /)' });
  if (input.viewId && !(await db.selectFrom('insight_views').select('id').where('id', '=', input.viewId).where('school_id', '=', school.id).executeTakeFirst())) {
    fields.push({ path: 'body.viewId', message: 'Not a saved view of this school' });
  }
  if (input.assessmentId && !(await db.selectFrom('assessments').select('id').where('id', '=', input.assessmentId).where('school_id', '=', school.id).executeTakeFirst())) {
    fields.push({ path: 'body.assessmentId', message: 'Not an assessment of this school' });
  }
  if (input.pdSessionId && !(await db.selectFrom('pd_sessions').select('id').where('id', '=', input.pdSessionId).where('school_id', '=', school.id).executeTakeFirst())) {
    fields.push({ path: 'body.pdSessionId', message: 'Not a professional learning session of this school' });
  }
  fail(fields);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('plan_evidence')
      .values({ action_id: actionId, note: input.note, link_path: linkPath, view_id: input.viewId ?? null, assessment_id: input.assessmentId ?? null, pd_session_id: input.pdSessionId ?? null, added_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, { planId: a.plan_id, userId: user.id, entity: 'evidence', entityId: row.id, change: 'created', summary: `Added evidence to ${quote(a.title)}: ${input.note}` });
  });
  return planDetail(db, school, a.plan_id);
}

/** Records a progress-monitoring check-in on the whole plan or one of its goals. */
export async function addCheckin(db: Db, user: SessionUser, school: RequestSchool, planId: string, input: z.infer<typeof CheckinCreate>) {
  await mustPlan(db, school, planId);
  let goalTitle: string | undefined;
  if (input.goalId) {
    const goal = await db.selectFrom('plan_goals').select('title').where('id', '=', input.goalId).where('plan_id', '=', planId).executeTakeFirst();
    if (!goal) fail([{ path: 'body.goalId', message: 'Not a goal of this plan' }]);
    goalTitle = goal?.title;
  }
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('plan_checkins')
      .values({ plan_id: planId, goal_id: input.goalId ?? null, held_on: input.heldOn, rating: input.rating, note: input.note, recorded_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, {
      planId,
      userId: user.id,
      entity: 'checkin',
      entityId: row.id,
      change: 'created',
      summary: `Recorded the ${input.heldOn} check-in${goalTitle ? ` on ${quote(goalTitle)}` : ''}: ${RATING_WORDS[input.rating]}`,
    });
  });
  return planDetail(db, school, planId);
}

/** Turns a data conversation's next step into an action of a strategy; the assessment discussed is its first evidence. */
export async function actionFromConversation(db: Db, user: SessionUser, school: RequestSchool, conversationId: string, input: z.infer<typeof ActionFromConversation>) {
  const conversation = await db
    .selectFrom('data_conversations as d')
    .innerJoin('assessments as a', 'a.id', 'd.assessment_id')
    .select(['d.id', 'd.held_on', 'd.next_step', 'd.assessment_id', 'a.name'])
    .where('d.id', '=', conversationId)
    .where('d.school_id', '=', school.id)
    .executeTakeFirst();
  if (!conversation) throw notFound('That data conversation');
  const strategy = await strategyOfSchool(db, school.id, input.strategyId);
  const title = (input.title ?? conversation.next_step ?? '').trim().slice(0, 300);
  fail([
    ...(strategy ? [] : [{ path: 'body.strategyId', message: 'Not a strategy of this school’s work plan' }]),
    ...(title ? [] : [{ path: 'body.title', message: 'The conversation has no next step: say what will be done' }]),
    ...(await staffProblems(db, school.id, [{ path: 'body.ownerId', id: input.ownerId }])),
  ]);
  await db.transaction().execute(async (trx) => {
    const count = await trx.selectFrom('plan_actions').select((eb) => eb.fn.countAll<number>().as('n')).where('strategy_id', '=', input.strategyId).executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('plan_actions')
      .values({ strategy_id: input.strategyId, title, owner_id: input.ownerId, due_on: input.dueOn ?? null, position: Number(count.n) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const note = `From the data conversation of ${conversation.held_on} about “${conversation.name}”.`;
    const ev = await trx
      .insertInto('plan_evidence')
      .values({ action_id: row.id, note, assessment_id: conversation.assessment_id, link_path: conversationLinkPath(school.id, conversation.assessment_id, conversation.id), added_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, { planId: strategy!.plan_id, userId: user.id, entity: 'action', entityId: row.id, change: 'created', summary: `Added the action ${quote(title)} from a data conversation about ${quote(conversation.name)}` });
    await recordChange(trx, { planId: strategy!.plan_id, userId: user.id, entity: 'evidence', entityId: ev.id, change: 'created', summary: `Added evidence to ${quote(title)}: ${note}` });
  });
  return planDetail(db, school, strategy!.plan_id);
}
