import { z } from 'zod';
import { schoolDate } from './bounds';
import { Id } from './common';

/**
 * Teams of a school (module teams): the Instructional Leadership Team (ILT) and grade-level, subject and
 * student-group teams, their members, meetings and action items.
 *
 *   GET   /api/schools/{schoolId}/teams                               every role reads
 *   POST  /api/schools/{schoolId}/teams                               principal, assistant principal
 *   GET   /api/schools/{schoolId}/teams/{teamId}                      every role: members, meetings, action items
 *   PATCH /api/schools/{schoolId}/teams/{teamId}                      principal, assistant principal
 *   POST  /api/schools/{schoolId}/teams/{teamId}/members              principal, assistant principal
 *   DELETE /api/schools/{schoolId}/teams/{teamId}/members/{memberId}  principal, assistant principal
 *   POST  /api/schools/{schoolId}/teams/{teamId}/meetings             leaders and the team's staff members
 *   PATCH /api/schools/{schoolId}/team-meetings/{meetingId}           leaders and the team's staff members
 *   POST  /api/schools/{schoolId}/team-meetings/{meetingId}/action-items   leaders and the team's staff members
 *   PATCH /api/schools/{schoolId}/team-action-items/{actionItemId}          the owner, leaders and the team's staff members
 */

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);
const date = (example: string) => schoolDate(example);

export const TeamKind = z.enum(['ilt', 'grade', 'subject', 'student_group', 'other']);
export type TeamKind = z.infer<typeof TeamKind>;
/** The group a member speaks for. */
export const Stakeholder = z.enum(['teacher', 'specialist', 'family', 'student', 'leader', 'other']);
export type Stakeholder = z.infer<typeof Stakeholder>;
/** The member's role in the team. */
export const TeamRole = z.enum(['facilitator', 'note_taker', 'timekeeper', 'member']);
export type TeamRole = z.infer<typeof TeamRole>;

const PersonRef = z.object({ id: z.string(), name: z.string() });

/** A member: a staff person, or a named non-staff member (a family or student representative). */
export const TeamMember = z.object({
  id: z.string(),
  /** The staff person (null: a non-staff member known by name). */
  person: PersonRef.nullable(),
  /** The name shown: the staff person's or the non-staff member's. */
  name: z.string(),
  stakeholder: Stakeholder,
  role: TeamRole,
});
export const TeamMemberInput = z
  .object({
    /** A staff person of the school. */
    personId: Id.nullish(),
    /** Or the name of a non-staff member. */
    name: text(120).min(1, 'Give the member’s name').nullish(),
    stakeholder: Stakeholder,
    role: TeamRole.default('member'),
  })
  .refine((m) => Boolean(m.personId) !== Boolean(m.name), { message: 'Choose a staff person or type the name of a non-staff member (not both)', path: ['personId'] });

export const ActionItem = z.object({
  id: z.string(),
  meetingId: z.string(),
  title: z.string(),
  owner: PersonRef,
  dueOn: z.string().nullable(),
  done: z.boolean(),
});
export const TeamMeeting = z.object({
  id: z.string(),
  heldOn: z.string(),
  agenda: z.string(),
  notes: z.string(),
  recordedBy: PersonRef,
  actionItems: z.array(ActionItem),
});
export const TeamSummary = z.object({
  id: z.string(),
  name: z.string(),
  kind: TeamKind,
  purpose: z.string(),
  memberCount: z.number().int(),
  /** The date of the latest meeting (null: none yet). */
  lastMeetingOn: z.string().nullable(),
  /** Action items not done yet. */
  openItems: z.number().int(),
});
export const TeamDetail = TeamSummary.extend({
  members: z.array(TeamMember),
  /** Newest first. */
  meetings: z.array(TeamMeeting),
  /** Whether the caller may record meetings and action items (school leaders and the team's staff members). */
  canRecord: z.boolean(),
  /** Whether the caller may change the team and its members (principal, assistant principal). */
  canManage: z.boolean(),
});
export const TeamCreate = z.object({
  name: text(120).min(1, 'Name the team'),
  kind: TeamKind,
  purpose: text(2000).default(''),
  members: z.array(TeamMemberInput).max(60).default([]),
});
export const TeamUpdate = z.object({
  name: text(120).min(1, 'Name the team').optional(),
  kind: TeamKind.optional(),
  purpose: text(2000).optional(),
});
export const ActionItemInput = z.object({
  title: text(300).min(1, 'Say what is to be done'),
  /** A staff person of the school. */
  ownerId: Id,
  dueOn: date('2026-12-04').nullish(),
});
export const MeetingCreate = z.object({
  heldOn: date('2026-11-26'),
  agenda: text(5000).default(''),
  notes: text(20000).default(''),
  actionItems: z.array(ActionItemInput).max(50).default([]),
});
export const MeetingUpdate = z.object({ agenda: text(5000).optional(), notes: text(20000).optional() });
export const ActionItemUpdate = z.object({ done: z.boolean() });

export const TeamParams = z.object({ schoolId: Id, teamId: Id });
export const MemberParams = z.object({ schoolId: Id, teamId: Id, memberId: Id });
export const MeetingParams = z.object({ schoolId: Id, meetingId: Id });
export const ActionItemParams = z.object({ schoolId: Id, actionItemId: Id });
