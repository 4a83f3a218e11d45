import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CalendarFeed as CalendarFeedSchema, Habit, Task as TaskSchema, VisitBlocks as VisitBlocksSchema } from '../../../schemas/habit';
import { api } from '../../lib/api';

export type { Habit };
export type Task = z.infer<typeof TaskSchema>;
export type VisitBlocks = z.infer<typeof VisitBlocksSchema>;
export type VisitBlock = VisitBlocks['blocks'][number];
export type CalendarFeed = z.infer<typeof CalendarFeedSchema>;

export const habitQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['habit', schoolId],
    queryFn: ({ signal }) => api<Habit>(`/api/habit?schoolId=${encodeURIComponent(schoolId)}`, { signal }),
  });

export const goalQuery = queryOptions({
  queryKey: ['visit-goal'],
  queryFn: ({ signal }) => api<{ daily: number }>('/api/me/visit-goal', { signal }),
});

export const blocksQuery = queryOptions({
  queryKey: ['visit-blocks'],
  queryFn: ({ signal }) => api<VisitBlocks>('/api/calendar/blocks', { signal }),
});

export const tasksQuery = queryOptions({
  queryKey: ['tasks'],
  queryFn: ({ signal }) => api<Task[]>('/api/tasks', { signal }),
});
