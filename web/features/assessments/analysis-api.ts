import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Analysis as AnalysisSchema,
  AnalysisSubgroup as AnalysisSubgroupSchema,
  DataConversation as DataConversationSchema,
  DataConversationCreate as DataConversationCreateSchema,
  GroupStats as GroupStatsSchema,
} from '../../../schemas/assessments';
import { api, seg } from '../../lib/api';
import { analysisQueryString, compactSearch, type AnalysisSearch } from './analysis-search';

export type Analysis = z.infer<typeof AnalysisSchema>;
export type AnalysisRow = Analysis['byStandard'][number];
export type AnalysisSubgroup = z.infer<typeof AnalysisSubgroupSchema>;
export type GroupStats = z.infer<typeof GroupStatsSchema>;
export type DataConversation = z.infer<typeof DataConversationSchema>;
export type DataConversationCreate = z.input<typeof DataConversationCreateSchema>;

const school = (id: string) => `/api/schools/${seg(id)}`;

export const analysisQuery = (schoolId: string, search: AnalysisSearch) =>
  queryOptions({
    queryKey: ['assessment-analysis', schoolId, compactSearch(search)],
    queryFn: ({ signal }) => api<Analysis>(`${school(schoolId)}/assessment-analysis${analysisQueryString(search)}`, { signal }),
  });

/** The CSV export of the same analysis (a plain link: the browser downloads it with the session cookie). */
export const analysisExportHref = (schoolId: string, search: AnalysisSearch) =>
  `${school(schoolId)}/assessment-analysis/export${analysisQueryString(search)}`;

export const dataConversationsQuery = (schoolId: string, assessmentId: string) =>
  queryOptions({
    queryKey: ['data-conversations', schoolId, assessmentId],
    queryFn: ({ signal }) => api<DataConversation[]>(`${school(schoolId)}/assessments/${seg(assessmentId)}/conversations`, { signal }),
  });

export function useRecordDataConversation(schoolId: string, assessmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: DataConversationCreate) =>
      api<DataConversation>(`${school(schoolId)}/assessments/${seg(assessmentId)}/conversations`, { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['data-conversations', schoolId, assessmentId] }),
  });
}

/** A gap in points with its sign spelled out: "+3.2 points", "−4.1 points", "0 points". */
export function formatPoints(points: number): string {
  const sign = points > 0 ? '+' : points < 0 ? '−' : '';
  return `${sign}${Math.abs(points)} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
}

/** What a suppressed group shows in place of its numbers (never a number of students in the group). */
export const suppressedText = (minimumGroupSize: number) => `Fewer than ${minimumGroupSize} students — not shown`;
