import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Coverage, DistrictCoverage as DistrictCoverageSchema, Plan, Suggestion } from '../../../schemas/planner';
import type { LookFor, Visit, VisitPage as VisitPageSchema, VisitSettings as VisitSettingsSchema } from '../../../schemas/visits';
import { api, seg } from '../../lib/api';

export type { Coverage, LookFor, Plan, Suggestion, Visit };
export type DistrictCoverage = z.infer<typeof DistrictCoverageSchema>;
export type VisitPage = z.infer<typeof VisitPageSchema>;
export type VisitSettings = z.infer<typeof VisitSettingsSchema>;

const qs = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  return search.toString();
};

/** "Who should I visit next?" for now, or for `at` (an ISO date-time) when looking ahead. */
export const planQuery = (schoolId: string, at?: string) =>
  queryOptions({
    queryKey: ['planner', schoolId, at ?? 'now'],
    queryFn: ({ signal }) => api<Plan>(`/api/planner?${qs({ schoolId, at })}`, { signal }),
    // "Now" moves on: refresh every few minutes while the page is open.
    refetchInterval: at ? false : 5 * 60_000,
  });

export const coverageQuery = (schoolId: string, days?: number) =>
  queryOptions({
    queryKey: ['coverage', schoolId, days ?? 'school'],
    queryFn: ({ signal }) => api<Coverage>(`/api/coverage?${qs({ schoolId, days })}`, { signal }),
    placeholderData: keepPreviousData,
  });

export const districtCoverageQuery = queryOptions({
  queryKey: ['district-coverage'],
  queryFn: ({ signal }) => api<DistrictCoverage>('/api/district/coverage', { signal }),
});

export interface VisitFilter {
  teacherId?: string;
  observerId?: string;
  from?: string;
  to?: string;
}

export const VISITS_PAGE_SIZE = 20;

export const visitsQuery = (schoolId: string, filter: VisitFilter) =>
  infiniteQueryOptions({
    queryKey: ['visits', schoolId, filter.teacherId ?? '', filter.observerId ?? '', filter.from ?? '', filter.to ?? ''],
    queryFn: ({ signal, pageParam }) =>
      api<VisitPage>(`/api/visits?${qs({ schoolId, ...filter, limit: VISITS_PAGE_SIZE, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const lookForsQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['look-fors', schoolId],
    queryFn: ({ signal }) => api<LookFor[]>(`/api/schools/${seg(schoolId)}/look-fors`, { signal }),
  });

export const visitSettingsQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['visit-settings', schoolId],
    queryFn: ({ signal }) => api<VisitSettings>(`/api/schools/${seg(schoolId)}/visit-settings`, { signal }),
  });
