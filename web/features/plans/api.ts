import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ActionCreate,
  ActionFromConversation,
  ActionStatus,
  ActionUpdate,
  CheckinCreate,
  CheckinRating,
  EvidenceCreate,
  PdFeedbackInput,
  PdSession as PdSessionSchema,
  PdSessionCreate,
  PlanChange as PlanChangeSchema,
  PlanCreate,
  PlanDetail as PlanDetailSchema,
  PlanGoalCreate,
  PlanGoalUpdate,
  PlanSummary as PlanSummarySchema,
  StrategyCreate,
  StrategyUpdate,
} from '../../../schemas/plans';
import { schoolYearStarting } from '../../../schemas/common';
import { api, seg } from '../../lib/api';

export type PlanSummary = z.infer<typeof PlanSummarySchema>;
export type PlanDetail = z.infer<typeof PlanDetailSchema>;
export type PlanGoal = PlanDetail['goals'][number];
export type PlanAction = PlanGoal['strategies'][number]['actions'][number];
export type PlanChange = z.infer<typeof PlanChangeSchema>;
export type PdSession = z.infer<typeof PdSessionSchema>;
export type { ActionStatus, CheckinRating };

export const STATUS_LABEL: Record<ActionStatus, string> = { not_started: 'Not started', on_track: 'On track', at_risk: 'At risk', done: 'Done' };
export const RATING_LABEL: Record<CheckinRating, string> = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' };

const school = (id: string) => `/api/schools/${seg(id)}`;

export const plansQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['plans', schoolId], queryFn: ({ signal }) => api<PlanSummary[]>(`${school(schoolId)}/plans`, { signal }) });
export const planQuery = (schoolId: string, planId: string) =>
  queryOptions({ queryKey: ['plan', schoolId, planId], queryFn: ({ signal }) => api<PlanDetail>(`${school(schoolId)}/plans/${seg(planId)}`, { signal }) });
export const historyQuery = (schoolId: string, planId: string) =>
  queryOptions({ queryKey: ['plan', schoolId, planId, 'history'], queryFn: ({ signal }) => api<PlanChange[]>(`${school(schoolId)}/plans/${seg(planId)}/history`, { signal }) });
export const pdQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['pd-sessions', schoolId], queryFn: ({ signal }) => api<PdSession[]>(`${school(schoolId)}/pd-sessions`, { signal }) });

export const pdfUrl = (schoolId: string, planId: string) => `${school(schoolId)}/plans/${seg(planId)}/pdf`;

/** A plan-changing mutation: stores the plan it answers with and refreshes the history. */
function usePlanMutation<T>(schoolId: string, planId: string, call: (body: T) => Promise<PlanDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (plan) => {
      client.setQueryData(planQuery(schoolId, planId).queryKey, plan);
      void client.invalidateQueries({ queryKey: historyQuery(schoolId, planId).queryKey });
    },
  });
}

export function useCreatePlan(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof PlanCreate>) => api<PlanDetail>(`${school(schoolId)}/plans`, { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: plansQuery(schoolId).queryKey }),
  });
}
export const useAddGoal = (schoolId: string, planId: string) =>
  usePlanMutation(schoolId, planId, (body: z.input<typeof PlanGoalCreate>) => api<PlanDetail>(`${school(schoolId)}/plans/${seg(planId)}/goals`, { json: body }));
export const useAddStrategy = (schoolId: string, planId: string, goalId: string) =>
  usePlanMutation(schoolId, planId, (body: z.input<typeof StrategyCreate>) => api<PlanDetail>(`${school(schoolId)}/plan-goals/${seg(goalId)}/strategies`, { json: body }));
export const useAddAction = (schoolId: string, planId: string, strategyId: string) =>
  usePlanMutation(schoolId, planId, (body: z.input<typeof ActionCreate>) => api<PlanDetail>(`${school(schoolId)}/plan-strategies/${seg(strategyId)}/actions`, { json: body }));
export const useUpdateAction = (schoolId: string, planId: string, actionId: string) =>
  usePlanMutation(schoolId, planId, (body: z.input<typeof ActionUpdate>) => api<PlanDetail>(`${school(schoolId)}/plan-actions/${seg(actionId)}`, { method: 'PATCH', json: body }));
export const useUpdateGoal = (schoolId: string, planId: string, goalId: string) =>
  usePlanMutation(schoolId, planId, (body: z.input<typeof PlanGoalUpdate>) => api<PlanDetail>(`${school(schoolId)}/plan-goals/${seg(goalId)}`, { method: 'PATCH', json: body }));
export const useDeleteGoal = (schoolId: string, planId: string, goalId: string) =>
  usePlanMutation(schoolId, planId, () => api<PlanDetail>(`${school(schoolId)}/plan-goals/${seg(goalId)}`, { method: 'DELETE' }));
export const useUpdateStrategy = (schoolId: string, planId: string, strategyId: string) =>
  usePlanMutation(schoolId, planId, (body: z.input<typeof StrategyUpdate>) => api<PlanDetail>(`${school(schoolId)}/plan-strategies/${seg(strategyId)}`, { method: 'PATCH', json: body }));
export const useDeleteStrategy = (schoolId: string, planId: string, strategyId: string) =>
  usePlanMutation(schoolId, planId, () => api<PlanDetail>(`${school(schoolId)}/plan-strategies/${seg(strategyId)}`, { method: 'DELETE' }));
export const useDeleteAction = (schoolId: string, planId: string, actionId: string) =>
  usePlanMutation(schoolId, planId, () => api<PlanDetail>(`${school(schoolId)}/plan-actions/${seg(actionId)}`, { method: 'DELETE' }));
export const useAddEvidence = (schoolId: string, planId: string, actionId: string) =>
  usePlanMutation(schoolId, planId, (body: z.input<typeof EvidenceCreate>) => api<PlanDetail>(`${school(schoolId)}/plan-actions/${seg(actionId)}/evidence`, { json: body }));
export const useAddCheckin = (schoolId: string, planId: string) =>
  usePlanMutation(schoolId, planId, (body: z.input<typeof CheckinCreate>) => api<PlanDetail>(`${school(schoolId)}/plans/${seg(planId)}/checkins`, { json: body }));

export function useCreatePd(schoolId: string, planId?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof PdSessionCreate>) => api<PdSession>(`${school(schoolId)}/pd-sessions`, { json: body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: pdQuery(schoolId).queryKey });
      if (planId) void client.invalidateQueries({ queryKey: planQuery(schoolId, planId).queryKey });
    },
  });
}
export function usePdFeedback(schoolId: string, sessionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof PdFeedbackInput>) => api<PdSession>(`${school(schoolId)}/pd-sessions/${seg(sessionId)}/feedback`, { method: 'PUT', json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: pdQuery(schoolId).queryKey }),
  });
}
export function usePdAttendance(schoolId: string, sessionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (attendeeIds: string[]) => api<PdSession>(`${school(schoolId)}/pd-sessions/${seg(sessionId)}/attendance`, { method: 'PUT', json: { attendeeIds } }),
    onSuccess: () => client.invalidateQueries({ queryKey: pdQuery(schoolId).queryKey }),
  });
}

/** "2026-27" for the school year a date falls in (a year starts in July). */
export function schoolYearOf(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return schoolYearStarting(m >= 7 ? y : y - 1);
}

/** A data conversation's next step becomes an action of the work plan (leaders); answers with that plan. */
export function useActionFromConversation(schoolId: string, conversationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ActionFromConversation>) => api<PlanDetail>(`${school(schoolId)}/data-conversations/${seg(conversationId)}/plan-action`, { json: body }),
    onSuccess: (plan) => {
      client.setQueryData(planQuery(schoolId, plan.id).queryKey, plan);
      void client.invalidateQueries({ queryKey: historyQuery(schoolId, plan.id).queryKey });
    },
  });
}
