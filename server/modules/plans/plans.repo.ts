import type { Db } from '../../../db/database';
import { fullName } from '../teams/staff';

export async function planOfSchool(db: Db, schoolId: string, planId: string) {
  return db.selectFrom('work_plans').selectAll().where('id', '=', planId).where('school_id', '=', schoolId).executeTakeFirst();
}

export async function goalOfSchool(db: Db, schoolId: string, goalId: string) {
  return db
    .selectFrom('plan_goals as g')
    .innerJoin('work_plans as w', 'w.id', 'g.plan_id')
    .select(['g.id', 'g.plan_id', 'g.title', 'g.description', 'g.vision_goal_id'])
    .where('g.id', '=', goalId)
    .where('w.school_id', '=', schoolId)
    .executeTakeFirst();
}

export async function strategyOfSchool(db: Db, schoolId: string, strategyId: string) {
  return db
    .selectFrom('plan_strategies as s')
    .innerJoin('plan_goals as g', 'g.id', 's.goal_id')
    .innerJoin('work_plans as w', 'w.id', 'g.plan_id')
    .select(['s.id', 's.goal_id', 'g.plan_id', 's.title', 's.description'])
    .where('s.id', '=', strategyId)
    .where('w.school_id', '=', schoolId)
    .executeTakeFirst();
}

export async function actionOfSchool(db: Db, schoolId: string, actionId: string) {
  return db
    .selectFrom('plan_actions as a')
    .innerJoin('plan_strategies as s', 's.id', 'a.strategy_id')
    .innerJoin('plan_goals as g', 'g.id', 's.goal_id')
    .innerJoin('work_plans as w', 'w.id', 'g.plan_id')
    .innerJoin('people as p', 'p.id', 'a.owner_id')
    .select(['a.id', 'a.title', 'a.owner_id', fullName('p').as('owner_name'), 'a.starts_on', 'a.due_on', 'a.status', 'g.plan_id'])
    .where('a.id', '=', actionId)
    .where('w.school_id', '=', schoolId)
    .executeTakeFirst();
}

/** Goals, strategies, actions with evidence, and PD sessions of a plan, in order. */
export async function planTree(db: Db, planId: string) {
  const goals = await db
    .selectFrom('plan_goals as g')
    .leftJoin('school_goals as v', 'v.id', 'g.vision_goal_id')
    .select(['g.id', 'g.title', 'g.description', 'v.id as vid', 'v.title as vtitle'])
    .where('g.plan_id', '=', planId)
    .orderBy('g.position')
    .orderBy('g.created_at')
    .execute();
  const goalIds = goals.map((g) => g.id);
  const strategies = goalIds.length
    ? await db.selectFrom('plan_strategies').select(['id', 'goal_id', 'title', 'description']).where('goal_id', 'in', goalIds).orderBy('position').orderBy('created_at').execute()
    : [];
  const strategyIds = strategies.map((s) => s.id);
  const actions = strategyIds.length
    ? await db
        .selectFrom('plan_actions as a')
        .innerJoin('people as p', 'p.id', 'a.owner_id')
        .select(['a.id', 'a.strategy_id', 'a.title', 'a.owner_id', fullName('p').as('owner_name'), 'a.starts_on', 'a.due_on', 'a.status'])
        .where('a.strategy_id', 'in', strategyIds)
        .orderBy('a.position')
        .orderBy('a.created_at')
        .execute()
    : [];
  const actionIds = actions.map((a) => a.id);
  const evidence = actionIds.length
    ? await db
        .selectFrom('plan_evidence as e')
        .innerJoin('people as p', 'p.id', 'e.added_by')
        .leftJoin('insight_views as v', 'v.id', 'e.view_id')
        .leftJoin('assessments as s', 's.id', 'e.assessment_id')
        .leftJoin('pd_sessions as d', 'd.id', 'e.pd_session_id')
        .select([
          'e.id',
          'e.action_id',
          'e.note',
          'e.link_path',
          'e.created_at',
          'p.id as pid',
          fullName('p').as('pname'),
          'v.id as vid',
          'v.name as vname',
          's.id as sid',
          's.name as sname',
          's.given_on as sgiven',
          'd.id as did',
          'd.title as dtitle',
          'd.held_on as dheld',
        ])
        .where('e.action_id', 'in', actionIds)
        .orderBy('e.created_at')
        .execute()
    : [];
  const sessions = goalIds.length
    ? await db
        .selectFrom('pd_session_goals as sg')
        .innerJoin('pd_sessions as d', 'd.id', 'sg.session_id')
        .select(['sg.goal_id', 'd.id', 'd.title', 'd.held_on'])
        .where('sg.goal_id', 'in', goalIds)
        .orderBy('d.held_on')
        .execute()
    : [];
  return goals.map((g) => ({
    id: g.id,
    title: g.title,
    description: g.description,
    visionGoal: g.vid ? { id: g.vid, title: g.vtitle ?? '' } : null,
    pdSessions: sessions.filter((s) => s.goal_id === g.id).map((s) => ({ id: s.id, title: s.title, heldOn: s.held_on })),
    strategies: strategies
      .filter((s) => s.goal_id === g.id)
      .map((s) => ({
        id: s.id,
        title: s.title,
        description: s.description,
        actions: actions
          .filter((a) => a.strategy_id === s.id)
          .map((a) => ({
            id: a.id,
            title: a.title,
            owner: { id: a.owner_id, name: a.owner_name },
            startsOn: a.starts_on,
            dueOn: a.due_on,
            status: a.status,
            evidence: evidence
              .filter((e) => e.action_id === a.id)
              .map((e) => ({
                id: e.id,
                note: e.note,
                linkPath: e.link_path,
                view: e.vid ? { id: e.vid, name: e.vname ?? '' } : null,
                assessment: e.sid ? { id: e.sid, name: e.sname ?? '', givenOn: e.sgiven ?? '' } : null,
                pdSession: e.did ? { id: e.did, title: e.dtitle ?? '', heldOn: e.dheld ?? '' } : null,
                addedBy: { id: e.pid, name: e.pname },
                createdAt: new Date(e.created_at).toISOString(),
              })),
          })),
      })),
  }));
}

export async function planCheckins(db: Db, planId: string) {
  const rows = await db
    .selectFrom('plan_checkins as c')
    .innerJoin('people as p', 'p.id', 'c.recorded_by')
    .select(['c.id', 'c.goal_id', 'c.held_on', 'c.rating', 'c.note', 'p.id as pid', fullName('p').as('pname')])
    .where('c.plan_id', '=', planId)
    .orderBy('c.held_on', 'desc')
    .orderBy('c.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, goalId: r.goal_id, heldOn: r.held_on, rating: r.rating, note: r.note, recordedBy: { id: r.pid, name: r.pname } }));
}
