import { infiniteQueryOptions, keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Decision as DecisionSchema,
  DecisionCreate as DecisionCreateSchema,
  DecisionEffect as DecisionEffectSchema,
  DecisionKind as DecisionKindSchema,
  DistrictInsights as DistrictInsightsSchema,
  InsightView as InsightViewSchema,
  SchoolInsights,
} from '../../../schemas/insights';
import type { VisitPage } from '../../../schemas/visits';
import { api, seg } from '../../lib/api';
import { insightQueryString, type InsightFilters, type InsightSearch } from './search';

export type { SchoolInsights };
export type DistrictInsights = z.infer<typeof DistrictInsightsSchema>;
export type InsightView = z.infer<typeof InsightViewSchema>;
export type Decision = z.infer<typeof DecisionSchema>;
export type DecisionKind = z.infer<typeof DecisionKindSchema>;
export type DecisionCreate = z.input<typeof DecisionCreateSchema>;
export type DecisionEffect = z.infer<typeof DecisionEffectSchema>;
export type DecisionVisit = Decision['visits'][number];

/** Filters of the visit finder of a decision's evidence. */
export interface EvidenceVisitFilter {
  q?: string;
  teacherId?: string;
  lookForId?: string;
  from?: string;
  to?: string;
}
export const EVIDENCE_PAGE_SIZE = 10;

/** The school's leader visits the caller may open, newest first, a page at a time ("Show more"). */
export const evidenceVisitsQuery = (schoolId: string, filter: EvidenceVisitFilter) => {
  const params = new URLSearchParams({ schoolId, kind: 'leader', limit: String(EVIDENCE_PAGE_SIZE) });
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return infiniteQueryOptions({
    queryKey: ['visits', schoolId, 'evidence', params.toString()],
    queryFn: ({ signal, pageParam }) => {
      const page = new URLSearchParams(params);
      if (pageParam) page.set('cursor', pageParam);
      return api<z.infer<typeof VisitPage>>(`/api/visits?${page}`, { signal });
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
};

export const schoolInsightsQuery = (schoolId: string, search: InsightSearch) => {
  const qs = insightQueryString(schoolId, search);
  return queryOptions({
    queryKey: ['insights', schoolId, qs],
    queryFn: ({ signal }) => api<SchoolInsights>(`/api/insights/school?${qs}`, { signal }),
    // Changing a filter keeps the old numbers on screen (marked as updating) until the new ones arrive.
    placeholderData: keepPreviousData,
  });
};

/** The export link of the insight's table, with the page's filters. */
export const exportHref = (schoolId: string, search: InsightSearch, format: 'csv' | 'xlsx') =>
  `/api/insights/school/export?${insightQueryString(schoolId, search, { format })}`;

export const districtInsightsQuery = (range: { from?: string; to?: string }) => {
  const qs = new URLSearchParams(Object.entries(range).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return queryOptions({
    queryKey: ['district-insights', qs],
    queryFn: ({ signal }) => api<DistrictInsights>(`/api/insights/district${qs ? `?${qs}` : ''}`, { signal }),
    placeholderData: keepPreviousData,
  });
};

const school = (id: string) => `/api/schools/${seg(id)}`;

export const viewsQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['insight-views', schoolId],
    queryFn: ({ signal }) => api<InsightView[]>(`${school(schoolId)}/insight-views`, { signal }),
  });

export const decisionsQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['decisions', schoolId],
    queryFn: ({ signal }) => api<Decision[]>(`${school(schoolId)}/decisions`, { signal }),
  });

export function useSaveView(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; filters: InsightFilters }) => api<InsightView>(`${school(schoolId)}/insight-views`, { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: viewsQuery(schoolId).queryKey }),
  });
}

export function useDeleteView(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (viewId: string) => api<void>(`${school(schoolId)}/insight-views/${seg(viewId)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: viewsQuery(schoolId).queryKey }),
  });
}

export function useRecordDecision(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: DecisionCreate) => api<Decision>(`${school(schoolId)}/decisions`, { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: decisionsQuery(schoolId).queryKey }),
  });
}

export function useRecordEffect(schoolId: string, decisionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: DecisionEffect) => api<Decision>(`${school(schoolId)}/decisions/${seg(decisionId)}`, { method: 'PATCH', json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: decisionsQuery(schoolId).queryKey }),
  });
}
