import type { z } from 'zod';
import type { Db } from '../../../db/database';
import type { ActionItemInput, ActionItemUpdate, MeetingCreate, MeetingUpdate, TeamCreate, TeamMemberInput, TeamUpdate } from '../../../schemas/teams';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, forbidden, notFound, validation, type FieldError } from '../../http/errors';
import { staffProblems } from './staff';
import { assertRecordsForTeam, isTeamMember, managesTeams, recordsForTeam } from './teams.policy';
import { actionItems, meetingOfSchool, teamMeetings, teamMembers, teamSummaries } from './teams.repo';

type MemberInput = z.infer<typeof TeamMemberInput>;

async function teamOfSchool(db: Db, school: RequestSchool, teamId: string) {
  const team = await db.selectFrom('teams').select(['id', 'kind']).where('id', '=', teamId).where('school_id', '=', school.id).executeTakeFirst();
  if (!team) throw notFound('That team');
  return team;
}

async function checkMembers(db: Db, school: RequestSchool, members: MemberInput[], prefix: string): Promise<FieldError[]> {
  const fields = await staffProblems(db, school.id, members.map((m, i) => ({ path: `${prefix}${i}.personId`, id: m.personId })));
  const seen = new Set<string>();
  members.forEach((m, i) => {
    if (!m.personId) return;
    if (seen.has(m.personId)) fields.push({ path: `${prefix}${i}.personId`, message: 'This person is already listed' });
    seen.add(m.personId);
  });
  return fields;
}

const memberRow = (teamId: string, m: MemberInput) => ({ team_id: teamId, person_id: m.personId ?? null, name: m.personId ? null : (m.name ?? null), stakeholder: m.stakeholder, role: m.role });

async function iltConflict(db: Db, school: RequestSchool, kind: string, exceptId?: string): Promise<FieldError[]> {
  if (kind !== 'ilt') return [];
  let q = db.selectFrom('teams').select('id').where('school_id', '=', school.id).where('kind', '=', 'ilt');
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) ? [{ path: 'body.kind', message: 'The school already has an Instructional Leadership Team' }] : [];
}

export async function listTeams(db: Db, school: RequestSchool) {
  return teamSummaries(db, school.id);
}

/** A team with its members and meetings (newest first) with their action items. */
export async function teamDetail(db: Db, user: SessionUser, school: RequestSchool, teamId: string) {
  const [summary] = await teamSummaries(db, school.id, teamId);
  if (!summary) throw notFound('That team');
  return {
    ...summary,
    members: await teamMembers(db, teamId),
    meetings: await teamMeetings(db, teamId),
    canRecord: await recordsForTeam(db, user, school, teamId),
    canManage: managesTeams(school),
  };
}

export async function createTeam(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof TeamCreate>) {
  const fields = [...(await iltConflict(db, school, input.kind)), ...(await checkMembers(db, school, input.members, 'body.members.'))];
  if (fields.length > 0) throw validation(fields);
  const id = await db.transaction().execute(async (trx) => {
    const team = await trx.insertInto('teams').values({ school_id: school.id, name: input.name, kind: input.kind, purpose: input.purpose, created_by: user.id }).returning('id').executeTakeFirstOrThrow();
    if (input.members.length > 0) await trx.insertInto('team_members').values(input.members.map((m) => memberRow(team.id, m))).execute();
    return team.id;
  });
  return teamDetail(db, user, school, id);
}

export async function updateTeam(db: Db, user: SessionUser, school: RequestSchool, teamId: string, input: z.infer<typeof TeamUpdate>) {
  await teamOfSchool(db, school, teamId);
  if (input.kind) {
    const fields = await iltConflict(db, school, input.kind, teamId);
    if (fields.length > 0) throw validation(fields);
  }
  const set = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.kind !== undefined ? { kind: input.kind } : {}), ...(input.purpose !== undefined ? { purpose: input.purpose } : {}) };
  if (Object.keys(set).length > 0) await db.updateTable('teams').set(set).where('id', '=', teamId).execute();
  return teamDetail(db, user, school, teamId);
}

export async function addMember(db: Db, user: SessionUser, school: RequestSchool, teamId: string, input: MemberInput) {
  await teamOfSchool(db, school, teamId);
  const fields = await staffProblems(db, school.id, [{ path: 'body.personId', id: input.personId }]);
  if (fields.length > 0) throw validation(fields);
  if (input.personId && (await isTeamMember(db, teamId, input.personId))) throw validation([{ path: 'body.personId', message: 'Already a member of this team' }]);
  await db.insertInto('team_members').values(memberRow(teamId, input)).execute();
  return teamDetail(db, user, school, teamId);
}

export async function removeMember(db: Db, school: RequestSchool, teamId: string, memberId: string) {
  await teamOfSchool(db, school, teamId);
  const res = await db.deleteFrom('team_members').where('id', '=', memberId).where('team_id', '=', teamId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('That member');
}

async function checkItems(db: Db, school: RequestSchool, items: z.infer<typeof ActionItemInput>[], prefix: string) {
  return staffProblems(db, school.id, items.map((it, i) => ({ path: `${prefix}${i}.ownerId`, id: it.ownerId })));
}

/** Records a meeting with its agenda, notes and action items (school leaders and the team's staff members). */
export async function recordMeeting(db: Db, user: SessionUser, school: RequestSchool, teamId: string, input: z.infer<typeof MeetingCreate>) {
  await teamOfSchool(db, school, teamId);
  await assertRecordsForTeam(db, user, school, teamId);
  const fields = await checkItems(db, school, input.actionItems, 'body.actionItems.');
  if (fields.length > 0) throw validation(fields);
  await db.transaction().execute(async (trx) => {
    const meeting = await trx.insertInto('team_meetings').values({ team_id: teamId, held_on: input.heldOn, agenda: input.agenda, notes: input.notes, recorded_by: user.id }).returning('id').executeTakeFirstOrThrow();
    if (input.actionItems.length > 0) {
      await trx.insertInto('team_action_items').values(input.actionItems.map((it) => ({ meeting_id: meeting.id, title: it.title, owner_id: it.ownerId, due_on: it.dueOn ?? null }))).execute();
    }
  });
  return teamDetail(db, user, school, teamId);
}

async function meetingFor(db: Db, user: SessionUser, school: RequestSchool, meetingId: string) {
  const meeting = await meetingOfSchool(db, school.id, meetingId);
  if (!meeting) throw notFound('That meeting');
  await assertRecordsForTeam(db, user, school, meeting.team_id);
  return meeting;
}

export async function updateMeeting(db: Db, user: SessionUser, school: RequestSchool, meetingId: string, input: z.infer<typeof MeetingUpdate>) {
  const meeting = await meetingFor(db, user, school, meetingId);
  await db
    .updateTable('team_meetings')
    .set({ updated_at: new Date(), ...(input.agenda !== undefined ? { agenda: input.agenda } : {}), ...(input.notes !== undefined ? { notes: input.notes } : {}) })
    .where('id', '=', meetingId)
    .execute();
  return teamDetail(db, user, school, meeting.team_id);
}

export async function addActionItem(db: Db, user: SessionUser, school: RequestSchool, meetingId: string, input: z.infer<typeof ActionItemInput>) {
  await meetingFor(db, user, school, meetingId);
  const fields = await checkItems(db, school, [input], 'body.');
  if (fields.length > 0) throw validation(fields.map((f) => ({ ...f, path: 'body.ownerId' })));
  const row = await db.insertInto('team_action_items').values({ meeting_id: meetingId, title: input.title, owner_id: input.ownerId, due_on: input.dueOn ?? null }).returning('id').executeTakeFirstOrThrow();
  return (await actionItems(db, { itemId: row.id }))[0]!;
}

/** Marks an action item done or not: its owner, school leaders and the team's staff members. */
export async function setActionItemDone(db: Db, user: SessionUser, school: RequestSchool, itemId: string, input: z.infer<typeof ActionItemUpdate>) {
  const item = await db
    .selectFrom('team_action_items as i')
    .innerJoin('team_meetings as g', 'g.id', 'i.meeting_id')
    .innerJoin('teams as t', 't.id', 'g.team_id')
    .select(['i.id', 'i.owner_id', 'g.team_id'])
    .where('i.id', '=', itemId)
    .where('t.school_id', '=', school.id)
    .executeTakeFirst();
  if (!item) throw notFound('That action item');
  if (item.owner_id !== user.id && !(await recordsForTeam(db, user, school, item.team_id))) throw forbidden('Only the owner, the team and school leaders update this action item.');
  await db.updateTable('team_action_items').set({ done: input.done, done_at: input.done ? new Date() : null }).where('id', '=', itemId).execute();
  const [updated] = await actionItems(db, { itemId });
  if (!updated) throw new AppError('internal', 'The action item vanished.');
  return updated;
}
