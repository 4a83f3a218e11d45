import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { AuditPage, AuditPerson } from '../../../schemas/audit';
import { api } from '../../lib/api';

export type { AuditEntry, AuditPerson } from '../../../schemas/audit';

/** The filters the audit page keeps in its address. */
export interface AuditFilters {
  studentId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

function search(filters: AuditFilters, before?: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, before })) if (value) params.set(key, value);
  return params.toString();
}

/** The audit log, a page of 50 at a time, newest first. */
export const auditQuery = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => api<AuditPage>(`/api/admin/audit?${search(filters, pageParam)}`, { signal }),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });

export const auditPeopleQuery = (q: string) =>
  queryOptions({
    queryKey: ['audit-people', q],
    queryFn: ({ signal }) => api<AuditPerson[]>(`/api/admin/audit/people?q=${encodeURIComponent(q)}`, { signal }),
    enabled: q.trim().length >= 2,
    staleTime: 30_000,
  });

/** Each action in words. */
export const ACTION_LABEL: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Failed sign-in',
  'auth.logout': 'Signed out',
  'auth.password_changed': 'Changed password',
  'auth.two_step_reset': 'Reset two-step verification',
  'account.created': 'Account created',
  'roster.imported': 'Imported the roster',
  'roster.rejected': 'Roster import rejected',
  'demo.seeded': 'Demo data created',
  'visit.shared': 'Shared a visit',
  'visit.reflected': 'Reflected on a visit',
  'conversation.recorded': 'Recorded a conversation',
  'teacher.exported': 'Exported their visits',
  'assessment.results_viewed': "Opened an assessment's results",
  'assessment.student_viewed': "Opened a student's results",
  'assessment.results_recorded': 'Recorded results',
  'assessment.results_imported': 'Imported results',
  'assessment.deleted': 'Deleted an assessment',
};

/** The groups of actions the page filters by. */
export const ACTION_GROUPS = [
  { value: '', label: 'All actions' },
  { value: 'assessment', label: 'Student results' },
  { value: 'auth', label: 'Sign-in' },
  { value: 'visit', label: 'Visits' },
  { value: 'roster', label: 'Roster imports' },
] as const;
