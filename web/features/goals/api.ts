import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { GoalCreate, GoalDetail as GoalDetailSchema, GoalSummary as GoalSummarySchema, GoalUpdate, Vision, VisionUpdate } from '../../../schemas/goals';
import { api, seg } from '../../lib/api';
import type { MySchool } from '../../lib/session';

export type { Vision };
export type GoalSummary = z.infer<typeof GoalSummarySchema>;
export type GoalDetail = z.infer<typeof GoalDetailSchema>;
export type ProgressPoint = GoalDetail['progress'][number];
export type VisionInput = z.input<typeof VisionUpdate>;
export type GoalInput = z.input<typeof GoalCreate>;
export type GoalChange = z.input<typeof GoalUpdate>;

/** Who writes the vision and goals (the API's rule; everyone else reads). */
export const canEditGoals = (school: MySchool | undefined) => !!school?.roles.some((r) => r === 'principal' || r === 'assistant_principal');

const school = (id: string) => `/api/schools/${seg(id)}`;

export const visionQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['vision', schoolId], queryFn: ({ signal }) => api<Vision>(`${school(schoolId)}/vision`, { signal }) });

export const goalsQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['goals', schoolId], queryFn: ({ signal }) => api<GoalSummary[]>(`${school(schoolId)}/goals`, { signal }) });

export const goalQuery = (schoolId: string, goalId: string) =>
  queryOptions({
    queryKey: ['goal', schoolId, goalId],
    queryFn: ({ signal }) => api<GoalDetail>(`${school(schoolId)}/goals/${seg(goalId)}`, { signal }),
  });

/** "42%" or "—". */
export const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n}%`);

/** How a goal is measured, in words. */
export function measureText(g: Pick<GoalSummary, 'measure'>): string {
  const { standard, grade, thresholdPercent } = g.measure;
  const who = grade ? `grade ${Number(grade) || grade} students` : 'students';
  const bar = thresholdPercent === null ? "each assessment's proficiency cut" : `${thresholdPercent}% of the maximum score`;
  return `Share of ${who} at or above ${bar} on assessments tagged “${standard}”.`;
}

/** Replaces the vision and action statements. */
export function useSaveVision(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: VisionInput) => api<Vision>(`${school(schoolId)}/vision`, { method: 'PUT', json: input }),
    onSuccess: (vision) => client.setQueryData(['vision', schoolId], vision),
  });
}

/** Adds a goal; the list reloads. */
export function useCreateGoal(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: GoalInput) => api<GoalDetail>(`${school(schoolId)}/goals`, { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['goals', schoolId] }),
  });
}

/** Changes a goal; its page and the list reload. */
export function useUpdateGoal(schoolId: string, goalId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: GoalChange) => api<GoalDetail>(`${school(schoolId)}/goals/${seg(goalId)}`, { method: 'PATCH', json: input }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['goal', schoolId, goalId] });
      await client.invalidateQueries({ queryKey: ['goals', schoolId] });
    },
  });
}

/** Deletes a goal. */
export function useDeleteGoal(schoolId: string, goalId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`${school(schoolId)}/goals/${seg(goalId)}`, { method: 'DELETE' }),
    onSuccess: () => {
      client.removeQueries({ queryKey: ['goal', schoolId, goalId] });
      return client.invalidateQueries({ queryKey: ['goals', schoolId] });
    },
  });
}
