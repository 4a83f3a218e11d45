import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Assessment as AssessmentSchema,
  AssessmentCreate as AssessmentCreateSchema,
  ResultGrid as ResultGridSchema,
  ResultsSaved as ResultsSavedSchema,
} from '../../../schemas/assessments';
import { api, ApiError, seg } from '../../lib/api';

export type Assessment = z.infer<typeof AssessmentSchema>;
export type AssessmentCreate = z.input<typeof AssessmentCreateSchema>;
export type ResultGrid = z.infer<typeof ResultGridSchema>;
export type ResultsSaved = z.infer<typeof ResultsSavedSchema>;

const school = (id: string) => `/api/schools/${seg(id)}`;

export const assessmentsQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['assessments', schoolId],
    queryFn: ({ signal }) => api<Assessment[]>(`${school(schoolId)}/assessments`, { signal }),
  });

export const resultsQuery = (schoolId: string, assessmentId: string) =>
  queryOptions({
    queryKey: ['assessment-results', schoolId, assessmentId],
    queryFn: ({ signal }) => api<ResultGrid>(`${school(schoolId)}/assessments/${seg(assessmentId)}/results`, { signal }),
  });

export function useCreateAssessment(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AssessmentCreate) => api<Assessment>(`${school(schoolId)}/assessments`, { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['assessments', schoolId] }),
  });
}

export function useSaveResults(schoolId: string, assessmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (results: { studentId: string; score: number | null }[]) =>
      api<ResultsSaved>(`${school(schoolId)}/assessments/${seg(assessmentId)}/results`, { method: 'PUT', json: { results } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['assessment-results', schoolId, assessmentId] }),
  });
}

/** Sends a CSV file as the request body (Content-Type: text/csv); errors come back as file:line:column. */
async function postCsv(path: string, text: string): Promise<ResultsSaved> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: { 'content-type': 'text/csv', accept: 'application/json' }, body: text, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach Rounds. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code: string; message: string; fields?: { path: string; message: string }[] } }
    | ResultsSaved
    | undefined;
  if (!response.ok) {
    const error = body && 'error' in body ? body.error : undefined;
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `The file was not imported (HTTP ${response.status}).`, error?.fields ?? []);
  }
  return body as ResultsSaved;
}

export function useImportResults(schoolId: string, assessmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file }: { file: File }) =>
      file.text().then((text) => postCsv(`${school(schoolId)}/assessments/${seg(assessmentId)}/results/import?filename=${encodeURIComponent(file.name)}`, text)),
    onSuccess: () => client.invalidateQueries({ queryKey: ['assessment-results', schoolId, assessmentId] }),
  });
}

export const SCALE_LABEL: Record<Assessment['scale'], string> = { points: 'Points', percent: 'Percent', rubric: 'Rubric (1–4)' };
