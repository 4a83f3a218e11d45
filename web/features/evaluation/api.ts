import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Cycle as CycleSchema,
  CycleCreate as CycleCreateSchema,
  CycleSummary as CycleSummarySchema,
  EligibleVisit as EligibleVisitSchema,
  Rubric as RubricSchema,
  RubricDefinition,
  StepKind,
  StepUpdate as StepUpdateSchema,
} from '../../../schemas/evaluation';
import { api, seg } from '../../lib/api';

export type Cycle = z.infer<typeof CycleSchema>;
export type CycleSummary = z.infer<typeof CycleSummarySchema>;
export type CycleCreate = z.input<typeof CycleCreateSchema>;
export type Step = Cycle['steps'][number];
export type Rubric = z.infer<typeof RubricSchema>;
export type EligibleVisit = z.infer<typeof EligibleVisitSchema>;
export type RatingInput = { componentKey: string; level: number; evidence: string; rationale: string };
export type { RubricDefinition, StepKind };

const base = (schoolId: string) => `/api/schools/${seg(schoolId)}/evaluation`;
const cycleUrl = (schoolId: string, cycleId: string) => `${base(schoolId)}/cycles/${seg(cycleId)}`;
const cycleKey = (schoolId: string, cycleId: string) => ['evaluation-cycle', schoolId, cycleId];

export const rubricsQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['evaluation-rubrics', schoolId], queryFn: ({ signal }) => api<Rubric[]>(`${base(schoolId)}/rubrics`, { signal }) });
export const cyclesQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['evaluation-cycles', schoolId], queryFn: ({ signal }) => api<CycleSummary[]>(`${base(schoolId)}/cycles`, { signal }) });
export const cycleQuery = (schoolId: string, cycleId: string) =>
  queryOptions({ queryKey: cycleKey(schoolId, cycleId), queryFn: ({ signal }) => api<Cycle>(cycleUrl(schoolId, cycleId), { signal }) });
export const myEvaluationsQuery = queryOptions({ queryKey: ['my-evaluations'], queryFn: ({ signal }) => api<CycleSummary[]>('/api/my/evaluations', { signal }) });
export const eligibleVisitsQuery = (schoolId: string, cycleId: string) =>
  queryOptions({ queryKey: ['evaluation-eligible', schoolId, cycleId], queryFn: ({ signal }) => api<EligibleVisit[]>(`${cycleUrl(schoolId, cycleId)}/eligible-visits`, { signal }) });

export function useCreateCycle(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CycleCreate) => api<Cycle>(`${base(schoolId)}/cycles`, { json: body }),
    onSuccess: (cycle) => {
      client.setQueryData(cycleKey(schoolId, cycle.id), cycle);
      return client.invalidateQueries({ queryKey: ['evaluation-cycles', schoolId] });
    },
  });
}

export function useUploadRubric(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (definition: unknown) => api<Rubric>(`${base(schoolId)}/rubrics`, { json: definition }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['evaluation-rubrics', schoolId] }),
  });
}

/** A change to one cycle: the server answers with the whole cycle, which replaces the cached one. */
function useCycleChange<T>(schoolId: string, cycleId: string, send: (body: T) => Promise<Cycle | undefined>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (cycle) => {
      if (cycle) client.setQueryData(cycleKey(schoolId, cycleId), cycle);
      else await client.invalidateQueries({ queryKey: cycleKey(schoolId, cycleId) });
      await Promise.all([
        client.invalidateQueries({ queryKey: ['evaluation-cycles', schoolId] }),
        client.invalidateQueries({ queryKey: ['evaluation-eligible', schoolId, cycleId] }),
        client.invalidateQueries({ queryKey: ['my-evaluations'] }),
      ]);
    },
  });
}

export const useUpdateStep = (schoolId: string, cycleId: string) =>
  useCycleChange(schoolId, cycleId, ({ stepId, ...body }: z.input<typeof StepUpdateSchema> & { stepId: string }) =>
    api<Cycle>(`${cycleUrl(schoolId, cycleId)}/steps/${seg(stepId)}`, { method: 'PATCH', json: body }),
  );
export const useAddObservation = (schoolId: string, cycleId: string) =>
  useCycleChange(schoolId, cycleId, (dueOn: string) => api<Cycle>(`${cycleUrl(schoolId, cycleId)}/observations`, { json: { dueOn } }));
export const useSaveRatings = (schoolId: string, cycleId: string) =>
  useCycleChange(schoolId, cycleId, (ratings: RatingInput[]) => api<Cycle>(`${cycleUrl(schoolId, cycleId)}/ratings`, { method: 'PUT', json: { ratings } }));
export const useCite = (schoolId: string, cycleId: string) =>
  useCycleChange(schoolId, cycleId, (body: { visitId: string; componentKey: string | null; note: string }) => api<Cycle>(`${cycleUrl(schoolId, cycleId)}/citations`, { json: body }));
export const useRemoveCitation = (schoolId: string, cycleId: string) =>
  useCycleChange(schoolId, cycleId, (citationId: string) => api<undefined>(`${cycleUrl(schoolId, cycleId)}/citations/${seg(citationId)}`, { method: 'DELETE' }));
export const useSign = (schoolId: string, cycleId: string) =>
  useCycleChange(schoolId, cycleId, (comment: string) => api<Cycle>(`${cycleUrl(schoolId, cycleId)}/sign`, { json: { comment } }));

export const STEP_LABEL: Record<StepKind, string> = {
  pre_conference: 'Goal-setting conference',
  observation: 'Formal observation',
  mid_year_review: 'Mid-year review',
  ratings: 'Ratings',
  summative_conference: 'Summative conference',
  sign_off: 'Sign-off by both',
};

/** "Tue, Nov 24, 2026" for a YYYY-MM-DD date. */
export const formatDate = (date: string) =>
  new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date.slice(0, 10)}T12:00:00Z`));
/** "Nov 24, 2026, 9:40 AM" for an instant, in the browser's time zone. */
export const formatInstant = (at: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));

/** Where a component sits in a rubric: its name and its domain's. */
export function componentName(rubric: RubricDefinition, key: string | null): string {
  if (!key) return 'General';
  for (const d of rubric.domains) for (const c of d.components) if (c.key === key) return c.name;
  return key;
}
