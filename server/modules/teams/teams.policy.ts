import type { Role } from '../../../schemas/common';
import type { Db } from '../../../db/database';
import type { RequestSchool, SessionUser } from '../../http/access';
import { forbidden } from '../../http/errors';

/** Who forms teams and changes their membership. */
export const TEAM_MANAGERS = ['principal', 'assistant_principal'] as const satisfies readonly Role[];
/** School staff: they may record for a team they belong to. */
export const SCHOOL_STAFF = ['principal', 'assistant_principal', 'coach', 'teacher'] as const satisfies readonly Role[];

export const managesTeams = (school: RequestSchool) => school.roles.some((r) => (TEAM_MANAGERS as readonly Role[]).includes(r));

/** Whether the user is a staff member of the team. */
export async function isTeamMember(db: Db, teamId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('team_members').select('id').where('team_id', '=', teamId).where('person_id', '=', userId).executeTakeFirst();
  return Boolean(row);
}

/** Whether the user records meetings and action items for the team: school leaders and the team's staff members. */
export async function recordsForTeam(db: Db, user: SessionUser, school: RequestSchool, teamId: string): Promise<boolean> {
  return managesTeams(school) || (await isTeamMember(db, teamId, user.id));
}

/** Throws 403 unless the user records for the team. */
export async function assertRecordsForTeam(db: Db, user: SessionUser, school: RequestSchool, teamId: string): Promise<void> {
  if (!(await recordsForTeam(db, user, school, teamId))) throw forbidden('Only school leaders and the team’s members record its meetings and action items.');
}
