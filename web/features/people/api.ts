import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Role } from '../../../schemas/common';
import type {
  ClassDetail as ClassDetailSchema,
  ClassSummary,
  Meeting,
  SchoolSummary as SchoolSummarySchema,
  StaffMember,
  TeacherSchedule,
} from '../../../schemas/people';
import { api, seg } from '../../lib/api';

export type { ClassSummary, Meeting, StaffMember, TeacherSchedule };
export type SchoolSummary = z.infer<typeof SchoolSummarySchema>;
export type ClassDetail = z.infer<typeof ClassDetailSchema>;

const school = (id: string) => `/api/schools/${seg(id)}`;

export const schoolQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['school', schoolId],
    queryFn: ({ signal }) => api<SchoolSummary>(school(schoolId), { signal }),
  });

export interface StaffFilter {
  role?: Role;
  q?: string;
}

export const staffQuery = (schoolId: string, filter: StaffFilter) =>
  queryOptions({
    queryKey: ['school', schoolId, 'staff', filter.role ?? '', filter.q ?? ''],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      if (filter.role) params.set('role', filter.role);
      if (filter.q) params.set('q', filter.q);
      const qs = params.toString();
      return api<StaffMember[]>(`${school(schoolId)}/staff${qs ? `?${qs}` : ''}`, { signal });
    },
    placeholderData: keepPreviousData,
  });

export const classesQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ['school', schoolId, 'classes'],
    queryFn: ({ signal }) => api<ClassSummary[]>(`${school(schoolId)}/classes`, { signal }),
  });

export const classQuery = (schoolId: string, classId: string) =>
  queryOptions({
    queryKey: ['school', schoolId, 'class', classId],
    queryFn: ({ signal }) => api<ClassDetail>(`${school(schoolId)}/classes/${seg(classId)}`, { signal }),
  });

export const scheduleQuery = (schoolId: string, teacherId: string) =>
  queryOptions({
    queryKey: ['school', schoolId, 'schedule', teacherId],
    queryFn: ({ signal }) => api<TeacherSchedule>(`${school(schoolId)}/teachers/${seg(teacherId)}/schedule`, { signal }),
  });
