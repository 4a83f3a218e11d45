import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Agreement as AgreementSchema,
  AgreementInput,
  AgreementPractice as PracticeSchema,
  Pulse as PulseSchema,
  PulseCreate,
  PulseResponseInput,
  PulseResults,
  SelfAssessmentInput,
  SelfAssessmentOverview as OverviewSchema,
} from '../../../schemas/culture';
import { api, seg } from '../../lib/api';

export type Agreement = z.infer<typeof AgreementSchema>;
export type AgreementPractice = z.infer<typeof PracticeSchema>;
export type SelfAssessmentOverview = z.infer<typeof OverviewSchema>;
export type Pulse = z.infer<typeof PulseSchema>;
export type { PulseResults };

const school = (id: string) => `/api/schools/${seg(id)}`;

export const agreementsQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['agreements', schoolId], queryFn: ({ signal }) => api<Agreement[]>(`${school(schoolId)}/agreements`, { signal }) });
export const practiceQuery = (schoolId: string, weeks: number) =>
  queryOptions({ queryKey: ['agreements', schoolId, 'practice', weeks], queryFn: ({ signal }) => api<AgreementPractice>(`${school(schoolId)}/agreements/practice?weeks=${weeks}`, { signal }) });
export const selfAssessmentQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['self-assessments', schoolId], queryFn: ({ signal }) => api<SelfAssessmentOverview>(`${school(schoolId)}/self-assessments`, { signal }) });
export const pulsesQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['pulses', schoolId], queryFn: ({ signal }) => api<Pulse[]>(`${school(schoolId)}/pulses`, { signal }) });
export const pulseResultsQuery = (schoolId: string, pulseId: string) =>
  queryOptions({ queryKey: ['pulses', schoolId, pulseId, 'results'], queryFn: ({ signal }) => api<PulseResults>(`${school(schoolId)}/pulses/${seg(pulseId)}/results`, { signal }) });
export const pulseExportHref = (schoolId: string, pulseId: string) => `${school(schoolId)}/pulses/${seg(pulseId)}/results/export`;

export function useCreateAgreement(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof AgreementInput>) => api<Agreement>(`${school(schoolId)}/agreements`, { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['agreements', schoolId] }),
  });
}
export function useDeleteAgreement(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`${school(schoolId)}/agreements/${seg(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['agreements', schoolId] }),
  });
}
export function useRate(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof SelfAssessmentInput>) => api<SelfAssessmentOverview>(`${school(schoolId)}/self-assessments`, { json: body }),
    onSuccess: (data) => client.setQueryData(['self-assessments', schoolId], data),
  });
}
export function useOpenPulse(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof PulseCreate>) => api<Pulse>(`${school(schoolId)}/pulses`, { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pulses', schoolId] }),
  });
}
export function useClosePulse(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (pulseId: string) => api<Pulse>(`${school(schoolId)}/pulses/${seg(pulseId)}/close`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pulses', schoolId] }),
  });
}
export function useRespond(schoolId: string, pulseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof PulseResponseInput>) => api<Pulse>(`${school(schoolId)}/pulses/${seg(pulseId)}/responses`, { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pulses', schoolId] }),
  });
}
