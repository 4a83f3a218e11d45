import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ActionItem as ActionItemSchema, MeetingCreate, MeetingUpdate, Stakeholder, TeamCreate, TeamDetail as TeamDetailSchema, TeamKind, TeamMemberInput, TeamRole, TeamSummary as TeamSummarySchema, TeamUpdate } from '../../../schemas/teams';
import { api, seg } from '../../lib/api';

export type TeamSummary = z.infer<typeof TeamSummarySchema>;
export type TeamDetail = z.infer<typeof TeamDetailSchema>;
export type ActionItem = z.infer<typeof ActionItemSchema>;
export type { Stakeholder, TeamKind, TeamRole };

export const KIND_LABEL: Record<TeamKind, string> = { ilt: 'Instructional Leadership Team', grade: 'Grade-level team', subject: 'Subject team', student_group: 'Student-group team', other: 'Other team' };
export const STAKEHOLDER_LABEL: Record<Stakeholder, string> = { teacher: 'Teacher', specialist: 'Specialist', family: 'Family', student: 'Student', leader: 'Leader', other: 'Other' };
export const ROLE_LABEL: Record<TeamRole, string> = { facilitator: 'Facilitator', note_taker: 'Note-taker', timekeeper: 'Timekeeper', member: 'Member' };

const school = (id: string) => `/api/schools/${seg(id)}`;
export const teamsQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['teams', schoolId], queryFn: ({ signal }) => api<TeamSummary[]>(`${school(schoolId)}/teams`, { signal }) });
export const teamQuery = (schoolId: string, teamId: string) =>
  queryOptions({ queryKey: ['team', schoolId, teamId], queryFn: ({ signal }) => api<TeamDetail>(`${school(schoolId)}/teams/${seg(teamId)}`, { signal }) });

export function useCreateTeam(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof TeamCreate>) => api<TeamDetail>(`${school(schoolId)}/teams`, { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: teamsQuery(schoolId).queryKey }),
  });
}

function useTeamMutation<T>(schoolId: string, teamId: string, call: (body: T) => Promise<TeamDetail | undefined>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (team) => {
      if (team) client.setQueryData(teamQuery(schoolId, teamId).queryKey, team);
      else void client.invalidateQueries({ queryKey: teamQuery(schoolId, teamId).queryKey });
      void client.invalidateQueries({ queryKey: teamsQuery(schoolId).queryKey });
    },
  });
}
export const useAddMember = (schoolId: string, teamId: string) =>
  useTeamMutation(schoolId, teamId, (body: z.input<typeof TeamMemberInput>) => api<TeamDetail>(`${school(schoolId)}/teams/${seg(teamId)}/members`, { json: body }));
export const useRemoveMember = (schoolId: string, teamId: string) =>
  useTeamMutation(schoolId, teamId, (memberId: string) => api<undefined>(`${school(schoolId)}/teams/${seg(teamId)}/members/${seg(memberId)}`, { method: 'DELETE' }));
export const useRecordMeeting = (schoolId: string, teamId: string) =>
  useTeamMutation(schoolId, teamId, (body: z.input<typeof MeetingCreate>) => api<TeamDetail>(`${school(schoolId)}/teams/${seg(teamId)}/meetings`, { json: body }));
export const useUpdateTeam = (schoolId: string, teamId: string) =>
  useTeamMutation(schoolId, teamId, (body: z.input<typeof TeamUpdate>) => api<TeamDetail>(`${school(schoolId)}/teams/${seg(teamId)}`, { method: 'PATCH', json: body }));
export const useUpdateMeeting = (schoolId: string, teamId: string, meetingId: string) =>
  useTeamMutation(schoolId, teamId, (body: z.input<typeof MeetingUpdate>) => api<TeamDetail>(`${school(schoolId)}/team-meetings/${seg(meetingId)}`, { method: 'PATCH', json: body }));
export const useSetItemDone = (schoolId: string, teamId: string) =>
  useTeamMutation(schoolId, teamId, async ({ id, done }: { id: string; done: boolean }) => {
    await api<ActionItem>(`${school(schoolId)}/team-action-items/${seg(id)}`, { method: 'PATCH', json: { done } });
    return undefined;
  });
