import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  FollowThrough as FollowThroughSchema,
  FollowUpItem as FollowUpItemSchema,
  GuidingQuestion as GuidingQuestionSchema,
  Notification as NotificationSchema,
  OutboxEmail as OutboxEmailSchema,
} from '../../../schemas/sharing';
import type { Visit, VisitSettings as VisitSettingsSchema } from '../../../schemas/visits';
import { api, seg } from '../../lib/api';

export type { Visit };
export type VisitStatus = Visit['status'];
export type Conversation = Visit['conversations'][number];
export type FollowUpItem = z.infer<typeof FollowUpItemSchema>;
export type FollowThrough = z.infer<typeof FollowThroughSchema>;
export type FollowThroughRow = FollowThrough['leaders'][number];
export type GuidingQuestion = z.infer<typeof GuidingQuestionSchema>;
export type AppNotification = z.infer<typeof NotificationSchema>;
export type OutboxEmail = z.infer<typeof OutboxEmailSchema>;
export type VisitSettings = z.infer<typeof VisitSettingsSchema>;

/** One visit as the signed-in user may see it (the private note only for its author). */
export const visitQuery = (visitId: string) =>
  queryOptions({
    queryKey: ['visit', visitId],
    queryFn: ({ signal }) => api<Visit>(`/api/visits/${seg(visitId)}`, { signal }),
  });

/** After a change to one visit: keep its page fresh and let lists that show it reload. */
export function visitChanged(queryClient: QueryClient, visit: Visit): void {
  queryClient.setQueryData(visitQuery(visit.id).queryKey, visit);
  for (const key of ['my-visits', 'visits', 'follow-up', 'follow-through', 'notifications']) void queryClient.invalidateQueries({ queryKey: [key] });
}

export const followUpQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['follow-up', schoolId],
    queryFn: ({ signal }) => api<FollowUpItem[]>(`/api/follow-up?schoolId=${seg(schoolId)}`, { signal }),
  });

export const followThroughQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['follow-through', schoolId],
    queryFn: ({ signal }) => api<FollowThrough>(`/api/follow-through?schoolId=${seg(schoolId)}`, { signal }),
  });

export const guidingQuestionsQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['guiding-questions', schoolId],
    queryFn: ({ signal }) => api<GuidingQuestion[]>(`/api/schools/${seg(schoolId)}/guiding-questions`, { signal }),
  });

/** The question library grouped by focus, groups and questions in the school's order. */
export function byFocus(questions: GuidingQuestion[]): { focus: string; questions: GuidingQuestion[] }[] {
  const groups = new Map<string, GuidingQuestion[]>();
  for (const q of [...questions].sort((a, b) => a.position - b.position)) {
    const list = groups.get(q.focus) ?? [];
    list.push(q);
    groups.set(q.focus, list);
  }
  return [...groups].map(([focus, list]) => ({ focus, questions: list }));
}

export const sharingSettingsQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['visit-settings', schoolId],
    queryFn: ({ signal }) => api<VisitSettings>(`/api/schools/${seg(schoolId)}/visit-settings`, { signal }),
  });

export const notificationsQuery = queryOptions({
  queryKey: ['notifications'],
  queryFn: ({ signal }) => api<AppNotification[]>('/api/notifications', { signal }),
  // New shares, reflections and conversations show up without a reload.
  refetchInterval: 60_000,
  staleTime: 15_000,
});

export const markNotificationsRead = (body: { ids: string[] } | { all: true }) => api<void>('/api/notifications/read', { json: body });

export const emailOutboxQuery = queryOptions({
  queryKey: ['email-outbox'],
  queryFn: ({ signal }) => api<OutboxEmail[]>('/api/admin/email-outbox', { signal }),
});

/** Where each status sits in the loop, in words a teacher and a leader both read the same way. */
export const STATUS_LABEL: Record<VisitStatus, string> = {
  captured: 'Not shared yet',
  shared: 'Shared, waiting for reflection',
  reflected: 'Reflected',
  discussed: 'Talked about',
};

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** "Tue, Nov 24, 9:40 AM" for an instant, in a time zone. */
export function formatMoment(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** "Tue, Nov 24, 2026" for a YYYY-MM-DD date. */
export function formatDay(date: string): string {
  return new Date(`${date.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
}

/** The browser's own time zone, for visits of a school the user is not in. */
export const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
