import { z } from 'zod';
import { ALL_ROLES, ErrorBody, SchoolParams } from '../../../schemas/common';
import {
  ActionItem,
  ActionItemInput,
  ActionItemParams,
  ActionItemUpdate,
  MeetingCreate,
  MeetingParams,
  MeetingUpdate,
  MemberParams,
  TeamCreate,
  TeamDetail,
  TeamMemberInput,
  TeamParams,
  TeamSummary,
  TeamUpdate,
} from '../../../schemas/teams';
import { access } from '../../http/access';
import type { App, Deps } from '../../http/types';
import { SCHOOL_STAFF, TEAM_MANAGERS } from './teams.policy';
import { addActionItem, addMember, createTeam, listTeams, recordMeeting, removeMember, setActionItemDone, teamDetail, updateMeeting, updateTeam } from './teams.service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The ILT and the school's other teams: members, meetings, action items. */
export async function teamRoutes(app: App, { db }: Deps): Promise<void> {
  const readers = access.school(...ALL_ROLES);
  const managers = access.school(...TEAM_MANAGERS);
  const staff = access.school(...SCHOOL_STAFF);
  app.get('/api/schools/:schoolId/teams', {
    config: { access: readers },
    schema: { tags: ['teams'], summary: "The school's teams, the ILT first", params: SchoolParams, response: { 200: z.array(TeamSummary), ...errors } },
    handler: async (request) => listTeams(db, request.school!),
  });
  app.post('/api/schools/:schoolId/teams', {
    config: { access: managers },
    schema: { tags: ['teams'], summary: 'Form a team with its members', params: SchoolParams, body: TeamCreate, response: { 201: TeamDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await createTeam(db, request.user!, request.school!, request.body)),
  });
  app.get('/api/schools/:schoolId/teams/:teamId', {
    config: { access: readers },
    schema: { tags: ['teams'], summary: 'A team: members, meetings and action items', params: TeamParams, response: { 200: TeamDetail, ...errors } },
    handler: async (request) => teamDetail(db, request.user!, request.school!, request.params.teamId),
  });
  app.patch('/api/schools/:schoolId/teams/:teamId', {
    config: { access: managers },
    schema: { tags: ['teams'], summary: "Change a team's name, kind or purpose", params: TeamParams, body: TeamUpdate, response: { 200: TeamDetail, ...errors } },
    handler: async (request) => updateTeam(db, request.user!, request.school!, request.params.teamId, request.body),
  });
  app.post('/api/schools/:schoolId/teams/:teamId/members', {
    config: { access: managers },
    schema: { tags: ['teams'], summary: 'Add a member (a staff person or a named family or student representative)', params: TeamParams, body: TeamMemberInput, response: { 201: TeamDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await addMember(db, request.user!, request.school!, request.params.teamId, request.body)),
  });
  app.delete('/api/schools/:schoolId/teams/:teamId/members/:memberId', {
    config: { access: managers },
    schema: { tags: ['teams'], summary: 'Remove a member', params: MemberParams, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await removeMember(db, request.school!, request.params.teamId, request.params.memberId);
      return reply.code(204).send(null);
    },
  });
  app.post('/api/schools/:schoolId/teams/:teamId/meetings', {
    config: { access: staff },
    schema: { tags: ['teams'], summary: 'Record a meeting: agenda, notes, action items (leaders and team members)', params: TeamParams, body: MeetingCreate, response: { 201: TeamDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await recordMeeting(db, request.user!, request.school!, request.params.teamId, request.body)),
  });
  app.patch('/api/schools/:schoolId/team-meetings/:meetingId', {
    config: { access: staff },
    schema: { tags: ['teams'], summary: "Change a meeting's agenda or notes (leaders and team members)", params: MeetingParams, body: MeetingUpdate, response: { 200: TeamDetail, ...errors } },
    handler: async (request) => updateMeeting(db, request.user!, request.school!, request.params.meetingId, request.body),
  });
  app.post('/api/schools/:schoolId/team-meetings/:meetingId/action-items', {
    config: { access: staff },
    schema: { tags: ['teams'], summary: 'Add an action item to a meeting (leaders and team members)', params: MeetingParams, body: ActionItemInput, response: { 201: ActionItem, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await addActionItem(db, request.user!, request.school!, request.params.meetingId, request.body)),
  });
  app.patch('/api/schools/:schoolId/team-action-items/:actionItemId', {
    config: { access: staff },
    schema: { tags: ['teams'], summary: 'Mark an action item done or not (its owner, the team, leaders)', params: ActionItemParams, body: ActionItemUpdate, response: { 200: ActionItem, ...errors } },
    handler: async (request) => setActionItemDone(db, request.user!, request.school!, request.params.actionItemId, request.body),
  });
}
