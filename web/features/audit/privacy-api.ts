import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DataInventory, ErasurePreview, ErasureResult } from '../../../schemas/privacy';
import { api, seg } from '../../lib/api';

export type { DataInventory, ErasurePreview } from '../../../schemas/privacy';
export type ErasureOutcome = z.infer<typeof ErasureResult>;

export const inventoryQuery = queryOptions({
  queryKey: ['privacy-inventory'],
  queryFn: ({ signal }) => api<DataInventory>('/api/admin/privacy/inventory', { signal }),
});

export const erasurePreviewQuery = (personId: string) =>
  queryOptions({
    queryKey: ['privacy-person', personId],
    queryFn: ({ signal }) => api<ErasurePreview>(`/api/admin/privacy/people/${seg(personId)}`, { signal }),
  });

export const runRetentionNow = () => api<{ removed: Record<string, number> }>('/api/admin/privacy/retention/run', { method: 'POST', json: {} });

export const erasePerson = (personId: string, confirmName: string) =>
  api<ErasureOutcome>(`/api/admin/privacy/people/${seg(personId)}`, { method: 'DELETE', json: { confirmName } });

export const personExportUrl = (personId: string, format: 'json' | 'zip') => `/api/admin/privacy/people/${seg(personId)}/export?format=${format}`;
export const schoolExportUrl = (schoolId: string, format: 'json' | 'zip') => `/api/admin/privacy/schools/${seg(schoolId)}/export?format=${format}`;

export const CLASS_LABEL: Record<string, string> = {
  student_record: 'Student record',
  staff_record: 'Staff record',
  visit_note: 'Visit note',
  operational: 'Operational',
};

/** "visits" → "visits", "assessment_results" → "assessment results". */
export const tableLabel = (table: string) => table.replace(/_/g, ' ');
