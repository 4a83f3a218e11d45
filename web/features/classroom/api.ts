import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Strength as StrengthSchema, TeacherEvidence as TeacherEvidenceSchema } from '../../../schemas/sharing';
import type { Visit } from '../../../schemas/visits';
import { api } from '../../lib/api';

export type TeacherEvidence = z.infer<typeof TeacherEvidenceSchema>;
export type Strength = z.infer<typeof StrengthSchema>;

/**
 * The statement every teacher sees next to their visits. The same sentence as `NOT_AN_EVALUATION` in
 * schemas/sharing.ts (copied: that module carries zod code, and the web takes only types from schemas/).
 */
export const NOT_AN_EVALUATION =
  'Visits are not evaluations. Evidence from a visit is never turned into a rating, and it is shared with you so that you can reflect and decide what, if anything, to change.';

/** Every visit shared with me, newest first. */
export const myVisitsQuery = queryOptions({
  queryKey: ['my-visits'],
  queryFn: ({ signal }) => api<Visit[]>('/api/my/visits', { signal }),
});

export const myEvidenceQuery = queryOptions({
  queryKey: ['my-evidence'],
  queryFn: ({ signal }) => api<TeacherEvidence[]>('/api/my/evidence', { signal }),
});

export const myStrengthsQuery = queryOptions({
  queryKey: ['my-strengths'],
  queryFn: ({ signal }) => api<Strength[]>('/api/my/strengths', { signal }),
});

/** Shared with me and not reflected on yet. */
export const waitingForReflection = (visits: Visit[]) => visits.filter((v) => !v.reflection);
