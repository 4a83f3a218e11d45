import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import { fullName } from './staff';

const day = (d: string | null) => d;

/** The school's teams with member counts, latest meeting and open action items; the ILT first. */
export async function teamSummaries(db: Db, schoolId: string, teamId?: string) {
  let q = db
    .selectFrom('teams as t')
    .select([
      't.id',
      't.name',
      't.kind',
      't.purpose',
      sql<number>`(SELECT count(*)::int FROM team_members m WHERE m.team_id = t.id)`.as('member_count'),
      sql<string | null>`(SELECT to_char(max(held_on), 'YYYY-MM-DD') FROM team_meetings g WHERE g.team_id = t.id)`.as('last_meeting_on'),
      sql<number>`(SELECT count(*)::int FROM team_action_items i JOIN team_meetings g ON g.id = i.meeting_id WHERE g.team_id = t.id AND NOT i.done)`.as('open_items'),
    ])
    .where('t.school_id', '=', schoolId)
    .orderBy(sql`t.kind = 'ilt'`, 'desc')
    .orderBy('t.name');
  if (teamId) q = q.where('t.id', '=', teamId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, purpose: r.purpose, memberCount: r.member_count, lastMeetingOn: r.last_meeting_on, openItems: r.open_items }));
}

/** Members of a team: leaders and facilitators first, then by name. */
export async function teamMembers(db: Db, teamId: string) {
  const rows = await db
    .selectFrom('team_members as m')
    .leftJoin('people as p', 'p.id', 'm.person_id')
    .select(['m.id', 'm.person_id', 'm.name', 'm.stakeholder', 'm.role', fullName('p').as('person_name')])
    .where('m.team_id', '=', teamId)
    .orderBy(sql`m.role = 'facilitator'`, 'desc')
    .orderBy(sql`coalesce(m.name, p.given_name || ' ' || p.family_name)`)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    person: r.person_id ? { id: r.person_id, name: r.person_name } : null,
    name: r.person_id ? r.person_name : (r.name ?? ''),
    stakeholder: r.stakeholder,
    role: r.role,
  }));
}

/** Action items of meetings (by meeting ids, or by item id). */
export async function actionItems(db: Db, where: { meetingIds?: string[]; itemId?: string }) {
  let q = db
    .selectFrom('team_action_items as i')
    .innerJoin('people as p', 'p.id', 'i.owner_id')
    .select(['i.id', 'i.meeting_id', 'i.title', 'i.owner_id', fullName('p').as('owner_name'), 'i.due_on', 'i.done'])
    .orderBy('i.done')
    .orderBy(sql`i.due_on NULLS LAST`)
    .orderBy('i.created_at');
  if (where.meetingIds) {
    if (where.meetingIds.length === 0) return [];
    q = q.where('i.meeting_id', 'in', where.meetingIds);
  }
  if (where.itemId) q = q.where('i.id', '=', where.itemId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, meetingId: r.meeting_id, title: r.title, owner: { id: r.owner_id, name: r.owner_name }, dueOn: day(r.due_on), done: r.done }));
}

/** Meetings of a team, newest first, with their action items. */
export async function teamMeetings(db: Db, teamId: string) {
  const rows = await db
    .selectFrom('team_meetings as g')
    .innerJoin('people as p', 'p.id', 'g.recorded_by')
    .select(['g.id', 'g.held_on', 'g.agenda', 'g.notes', 'p.id as pid', fullName('p').as('pname')])
    .where('g.team_id', '=', teamId)
    .orderBy('g.held_on', 'desc')
    .orderBy('g.created_at', 'desc')
    .execute();
  const items = await actionItems(db, { meetingIds: rows.map((r) => r.id) });
  return rows.map((r) => ({
    id: r.id,
    heldOn: day(r.held_on)!,
    agenda: r.agenda,
    notes: r.notes,
    recordedBy: { id: r.pid, name: r.pname },
    actionItems: items.filter((i) => i.meetingId === r.id),
  }));
}

/** A meeting of the school with its team (null: not this school's). */
export async function meetingOfSchool(db: Db, schoolId: string, meetingId: string) {
  return db
    .selectFrom('team_meetings as g')
    .innerJoin('teams as t', 't.id', 'g.team_id')
    .select(['g.id', 'g.team_id'])
    .where('g.id', '=', meetingId)
    .where('t.school_id', '=', schoolId)
    .executeTakeFirst();
}
