import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { GoalDetail as GoalDetailSchema, GoalSummary as GoalSummarySchema, Vision } from '../../../schemas/goals';
import { api, seg } from '../../lib/api';

export type { Vision };
export type GoalSummary = z.infer<typeof GoalSummarySchema>;
export type GoalDetail = z.infer<typeof GoalDetailSchema>;
export type ProgressPoint = GoalDetail['progress'][number];

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
