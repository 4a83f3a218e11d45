import { z } from 'zod';
import { dateRange, pageSize, schoolDate } from './bounds';
import { Id } from './common';

/** Filters of the audit viewer; entries come newest first, a page at a time (`before` is the last id seen). */
export const AuditQuery = z.object({
  /** Entries about this student: reads of their results, and reads and records of assessments that include them. */
  studentId: Id.optional(),
  /** Entries by this person. */
  actorId: Id.optional(),
  action: z.string().max(100).regex(/^[a-z_]+(\.[a-z_]+)?$/, { message: 'Use an action such as assessment.student_viewed' }).optional(),
  schoolId: Id.optional(),
  from: schoolDate('2026-09-01').optional(),
  to: schoolDate('2026-11-30').optional(),
  before: z.string().regex(/^\d{1,18}$/, { message: 'Use the nextBefore value of the previous page' }).optional(),
  limit: pageSize(),
}).superRefine(dateRange());
export type AuditQuery = z.infer<typeof AuditQuery>;

const Named = z.object({ id: z.string(), name: z.string() }).nullable();

export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actor: Named,
  school: Named,
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  /** What the entry is about, in words (a student's or person's name, an assessment's name), when known. */
  subject: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditPeopleQuery = z.object({ q: z.string().trim().min(2, { message: 'Type at least 2 letters' }).max(100) });
export const AuditPerson = z.object({ id: z.string(), name: z.string(), kind: z.enum(['student', 'staff']), sourcedId: z.string(), email: z.string().nullable() });
export type AuditPerson = z.infer<typeof AuditPerson>;
