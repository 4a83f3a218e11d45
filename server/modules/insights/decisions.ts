import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import { DECISION_MODE_LABEL, DecisionKind, type DecisionCreate, type DecisionModelUpdate, type InsightFilters } from '../../../schemas/insights';
import type { z } from 'zod';
import type { RequestSchool, SessionUser } from '../../http/access';
import { notFound, validation, type FieldError } from '../../http/errors';
import { fullName, staffProblems } from '../teams/staff';
import { getVisitSettings } from '../visits/look-fors';
import { visitsPolicy } from '../visits/visits.policy';

const iso = (d: Date | string) => new Date(d).toISOString();

function decisionsQuery(db: Db) {
  return db
    .selectFrom('decisions as d')
    .innerJoin('people as p', 'p.id', 'd.recorded_by')
    .leftJoin('teams as t', 't.id', 'd.team_id')
    .select(['d.id', 'd.kind', 'd.title', 'd.rationale', 'd.decided_on', 'd.decided_by', 'd.how_decided', 'd.view_id', 'd.visit_ids', 'd.effect', 'd.effect_recorded_on', 'p.id as recorder_id', sql<string>`p.given_name || ' ' || p.family_name`.as('recorder_name')])
    .select(['d.mode', 'd.stated_mode', 'd.evidence', 'd.follow_up', 'd.follow_up_on', 't.id as team_id', 't.name as team_name'])
    .select(sql<{ id: string; name: string }[]>`coalesce((SELECT json_agg(json_build_object('id', pp.id, 'name', pp.given_name || ' ' || pp.family_name) ORDER BY pp.family_name, pp.given_name) FROM decision_participants dp JOIN people pp ON pp.id = dp.person_id WHERE dp.decision_id = d.id), '[]'::json)`.as('participants'));
}
type Row = Awaited<ReturnType<ReturnType<typeof decisionsQuery>['executeTakeFirstOrThrow']>>;
type CitedVisit = { id: string; teacher: { id: string; name: string }; startedAt: string; firstLine: string };
const toDecision = (r: Row, cited: Map<string, CitedVisit>) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  rationale: r.rationale,
  decidedOn: r.decided_on,
  decidedBy: r.decided_by,
  howDecided: r.how_decided,
  viewId: r.view_id,
  visitIds: r.visit_ids,
  visits: r.visit_ids.flatMap((id) => cited.get(id) ?? []),
  effect: r.effect,
  effectRecordedOn: r.effect_recorded_on,
  recordedBy: { id: r.recorder_id, name: r.recorder_name },
  mode: r.mode,
  statedMode: r.stated_mode,
  departsFromModel: r.mode !== null && r.stated_mode !== null && r.mode !== r.stated_mode,
  team: r.team_id ? { id: r.team_id, name: r.team_name ?? '' } : null,
  participants: r.participants,
  evidence: r.evidence,
  followUp: r.follow_up,
  followUpOn: r.follow_up_on,
});

/** The first non-empty line of a visit's evidence, cut to a readable length. */
const firstLine = (evidence: string) => {
  const line = evidence.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
};

/**
 * The cited visits the caller may open (teacher, date, first line of the evidence; never the private note). Others
 * stay counted in `visitIds` only: a teacher reading the log does not see a colleague's visit.
 */
async function citedVisits(db: Db, user: SessionUser, rows: Row[]): Promise<Map<string, CitedVisit>> {
  const ids = [...new Set(rows.flatMap((r) => r.visit_ids))];
  if (ids.length === 0) return new Map();
  const visits = await db
    .selectFrom('visits as v')
    .innerJoin('people as t', 't.id', 'v.teacher_id')
    .select(['v.id', 'v.district_id', 'v.school_id', 'v.observer_id', 'v.teacher_id as subject_id', 'v.shared_at', 'v.kind', 'v.shared_with_leaders_at', 'v.started_at', 'v.evidence', 't.id as teacher_id', fullName('t').as('teacher_name')])
    .select(sql<'school' | 'own'>`COALESCE((SELECT s.coach_visibility FROM school_visit_settings s WHERE s.school_id = v.school_id), 'school')`.as('coach_visibility'))
    .where('v.id', 'in', ids)
    .execute();
  return new Map(
    visits.filter((v) => visitsPolicy.canRead(user, v)).map((v) => [v.id, { id: v.id, teacher: { id: v.teacher_id, name: v.teacher_name }, startedAt: iso(v.started_at), firstLine: firstLine(v.evidence) }]),
  );
}

async function oneDecision(db: Db, user: SessionUser, id: string) {
  const row = await decisionsQuery(db).where('d.id', '=', id).executeTakeFirstOrThrow();
  return toDecision(row, await citedVisits(db, user, [row]));
}

/** The school's decision log, newest first. */
export async function listDecisions(db: Db, user: SessionUser, school: RequestSchool) {
  const rows = await decisionsQuery(db).where('d.school_id', '=', school.id).orderBy('d.decided_on', 'desc').orderBy('d.created_at', 'desc').execute();
  const cited = await citedVisits(db, user, rows);
  return rows.map((r) => toDecision(r, cited));
}

/**
 * Records a decision with its mode (default: the one the school states for its kind), who took part, the evidence
 * (words, a saved view of this school, visits of this school) and the follow-up.
 */
export async function recordDecision(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof DecisionCreate>) {
  const fields: FieldError[] = [];
  if (input.viewId) {
    const view = await db.selectFrom('insight_views').select('id').where('id', '=', input.viewId).where('school_id', '=', school.id).executeTakeFirst();
    if (!view) fields.push({ path: 'body.viewId', message: 'Not a saved view of this school' });
  }
  const ids = [...new Set(input.visitIds)];
  if (ids.length > 0) {
    // Only leader visits of this school the caller sees in the school's visit list (a coach limited to their own
    // visits cites only those).
    let found = db.selectFrom('visits').select('id').where('school_id', '=', school.id).where('kind', '=', 'leader').where('id', 'in', ids);
    const { coachVisibility } = await getVisitSettings(db, school.id);
    if (!visitsPolicy.seesAllSchoolVisits(school, coachVisibility)) found = found.where('observer_id', '=', user.id);
    const known = new Set((await found.execute()).map((f) => f.id));
    input.visitIds.forEach((id, i) => {
      if (!known.has(id)) fields.push({ path: `body.visitIds.${i}`, message: 'Not a visit of this school you can open' });
    });
  }
  const stated = await db.selectFrom('school_decision_modes').select(['mode', 'team_id']).where('school_id', '=', school.id).where('kind', '=', input.kind).executeTakeFirst();
  const mode = input.mode ?? stated?.mode ?? null;
  const teamId = input.teamId ?? (mode !== null && mode === stated?.mode ? stated.team_id : null) ?? null;
  let team: { id: string; name: string } | undefined;
  if (teamId) {
    team = await db.selectFrom('teams').select(['id', 'name']).where('id', '=', teamId).where('school_id', '=', school.id).executeTakeFirst();
    if (!team) fields.push({ path: 'body.teamId', message: 'Not a team of this school' });
  }
  fields.push(...(await staffProblems(db, school.id, input.participantIds.map((id, i) => ({ path: `body.participantIds.${i}`, id })))));
  const participants = [...new Set(input.participantIds)];
  if (mode === 'delegated' && !teamId) fields.push({ path: 'body.teamId', message: 'Choose the team the decision was delegated to' });
  if ((mode === 'consensus' || mode === 'vote' || mode === 'leader_consults') && !teamId && participants.length === 0) {
    fields.push({ path: 'body.participantIds', message: mode === 'leader_consults' ? 'Name who was consulted (people or a team)' : 'Name who took part (people or a team)' });
  }
  let names: string[] = [];
  if (participants.length > 0 && !input.decidedBy) {
    const rows = await db.selectFrom('people as p').select(fullName('p').as('name')).where('p.id', 'in', participants).orderBy('p.family_name').execute();
    names = rows.map((r) => r.name);
  }
  const decidedBy = input.decidedBy ?? ([team?.name, ...names].filter(Boolean).join(', ').slice(0, 200) || (mode === 'leader' ? user.name : ''));
  const howDecided = input.howDecided ?? (mode ? DECISION_MODE_LABEL[mode] : '');
  if (!decidedBy && !fields.some((f) => f.path === 'body.teamId' || f.path.startsWith('body.participantIds'))) fields.push({ path: 'body.decidedBy', message: 'Say who decided, or choose the people or team who took part' });
  if (!howDecided) fields.push({ path: 'body.howDecided', message: 'Choose how it was decided' });
  if (fields.length > 0) throw validation(fields);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('decisions')
      .values({
        school_id: school.id,
        recorded_by: user.id,
        kind: input.kind,
        title: input.title,
        rationale: input.rationale,
        decided_on: input.decidedOn,
        decided_by: decidedBy,
        how_decided: howDecided,
        view_id: input.viewId ?? null,
        visit_ids: ids,
        mode,
        stated_mode: stated?.mode ?? null,
        team_id: teamId,
        evidence: input.evidence,
        follow_up: input.followUp,
        follow_up_on: input.followUpOn ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (participants.length > 0) await trx.insertInto('decision_participants').values(participants.map((person_id) => ({ decision_id: row.id, person_id }))).execute();
    return row.id;
  });
  return oneDecision(db, user, id);
}

/** The school's decision-making model: one entry per kind of decision (mode null: not stated). */
export async function decisionModel(db: Db, school: RequestSchool) {
  const rows = await db
    .selectFrom('school_decision_modes as m')
    .innerJoin('people as p', 'p.id', 'm.updated_by')
    .leftJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.kind', 'm.mode', 'm.updated_at', 't.id as tid', 't.name as tname', 'p.id as pid', fullName('p').as('pname')])
    .where('m.school_id', '=', school.id)
    .execute();
  return DecisionKind.options.map((kind) => {
    const r = rows.find((x) => x.kind === kind);
    return {
      kind,
      mode: r?.mode ?? null,
      team: r?.tid ? { id: r.tid, name: r.tname ?? '' } : null,
      updatedBy: r ? { id: r.pid, name: r.pname } : null,
      updatedAt: r ? new Date(r.updated_at).toISOString() : null,
    };
  });
}

/** States how each listed kind of decision is made (the principal); kinds not listed keep theirs. */
export async function setDecisionModel(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof DecisionModelUpdate>) {
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  const teamIds = [...new Set(input.modes.flatMap((m) => (m.teamId ? [m.teamId] : [])))];
  const teams = new Set(teamIds.length ? (await db.selectFrom('teams').select('id').where('school_id', '=', school.id).where('id', 'in', teamIds).execute()).map((t) => t.id) : []);
  input.modes.forEach((m, i) => {
    if (seen.has(m.kind)) fields.push({ path: `body.modes.${i}.kind`, message: 'This kind is listed twice' });
    seen.add(m.kind);
    if (m.teamId && !teams.has(m.teamId)) fields.push({ path: `body.modes.${i}.teamId`, message: 'Not a team of this school' });
    if (m.mode === 'delegated' && !m.teamId) fields.push({ path: `body.modes.${i}.teamId`, message: 'Choose the team this kind of decision is delegated to' });
  });
  if (fields.length > 0) throw validation(fields);
  await db.transaction().execute(async (trx) => {
    for (const m of input.modes) {
      const values = { mode: m.mode, team_id: m.teamId ?? null, updated_by: user.id, updated_at: new Date() };
      await trx
        .insertInto('school_decision_modes')
        .values({ school_id: school.id, kind: m.kind, ...values })
        .onConflict((oc) => oc.columns(['school_id', 'kind']).doUpdateSet(values))
        .execute();
    }
  });
  return decisionModel(db, school);
}

/** Records the effect a decision had, later. */
export async function recordEffect(db: Db, user: SessionUser, school: RequestSchool, id: string, input: { effect: string; effectRecordedOn: string }) {
  const res = await db.updateTable('decisions').set({ effect: input.effect, effect_recorded_on: input.effectRecordedOn }).where('id', '=', id).where('school_id', '=', school.id).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound('That decision');
  return oneDecision(db, user, id);
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
  const fields = await staffProblems(db, school.id, [{ path: 'body.filters.observerId', id: input.filters.observerId }]);
  if (fields.length > 0) throw validation(fields);
  const row = await db.insertInto('insight_views').values({ school_id: school.id, created_by: user.id, name: input.name, filters: JSON.stringify(input.filters) }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
  return { id: row.id, name: input.name, filters: input.filters, createdBy: { id: user.id, name: user.name }, createdAt: iso(row.created_at) };
}

export async function deleteView(db: Db, school: RequestSchool, id: string) {
  const used = await db.selectFrom('decisions').select('id').where('view_id', '=', id).executeTakeFirst();
  if (used) throw validation([{ path: 'params.viewId', message: 'A decision cites this view as its evidence; it is kept' }], 'This view is evidence for a decision.');
  const res = await db.deleteFrom('insight_views').where('id', '=', id).where('school_id', '=', school.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('That view');
}
