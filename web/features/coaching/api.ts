import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CycleCreate, CycleDetail, CycleSummary, CycleTransition, CycleUpdate, DebriefCreate } from '../../../schemas/coaching';
import type { StaffMember } from '../../../schemas/people';
import type { VisitPage } from '../../../schemas/visits';
import { api, seg } from '../../lib/api';
import type { MySchool } from '../../lib/session';

export type { CycleDetail, CycleSummary };
export type CycleInput = z.input<typeof CycleCreate>;
export type CycleChange = z.input<typeof CycleUpdate>;
export type CycleMove = z.input<typeof CycleTransition>;
export type DebriefInput = z.input<typeof DebriefCreate>;

/** Who coaches (the API's rule): instructional coaches, and principals or assistant principals acting as coach. */
export const coaches = (school: MySchool | undefined) => !!school?.roles.some((r) => r === 'coach' || r === 'principal' || r === 'assistant_principal');

export const STATUS_LABEL: Record<CycleSummary['status'], string> = { proposed: 'Proposed', active: 'Active', completed: 'Completed', cancelled: 'Cancelled' };

export const cyclesQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['coaching-cycles', schoolId], queryFn: ({ signal }) => api<CycleSummary[]>(`/api/schools/${seg(schoolId)}/coaching/cycles`, { signal }) });

export const cycleQuery = (cycleId: string) =>
  queryOptions({ queryKey: ['coaching-cycle', cycleId], queryFn: ({ signal }) => api<CycleDetail>(`/api/coaching/cycles/${seg(cycleId)}`, { signal }) });

export const teachersQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['staff', schoolId, 'teacher'], queryFn: ({ signal }) => api<StaffMember[]>(`/api/schools/${seg(schoolId)}/staff?role=teacher`, { signal }) });

/** Proposes a cycle; the list reloads. */
export function useProposeCycle(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CycleInput) => api<CycleDetail>(`/api/schools/${seg(schoolId)}/coaching/cycles`, { method: 'POST', json: input }),
    onSuccess: (cycle) => {
      client.setQueryData(cycleQuery(cycle.id).queryKey, cycle);
      return client.invalidateQueries({ queryKey: ['coaching-cycles', schoolId] });
    },
  });
}

/** Any change to one cycle answers with the whole cycle: keep its page and the list fresh. */
function useCycleMutation<T>(cycleId: string, request: (input: T) => Promise<CycleDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (cycle) => {
      client.setQueryData(cycleQuery(cycleId).queryKey, cycle);
      void client.invalidateQueries({ queryKey: ['coaching-cycles'] });
    },
  });
}

export const useUpdateCycle = (cycleId: string) =>
  useCycleMutation(cycleId, (input: CycleChange) => api<CycleDetail>(`/api/coaching/cycles/${seg(cycleId)}`, { method: 'PATCH', json: input }));
export const useMoveCycle = (cycleId: string) =>
  useCycleMutation(cycleId, (input: CycleMove) => api<CycleDetail>(`/api/coaching/cycles/${seg(cycleId)}/status`, { method: 'POST', json: input }));
export const useAddDebrief = (cycleId: string) =>
  useCycleMutation(cycleId, (input: DebriefInput) => api<CycleDetail>(`/api/coaching/cycles/${seg(cycleId)}/debriefs`, { method: 'POST', json: input }));
export const useAddComment = (cycleId: string) =>
  useCycleMutation(cycleId, (body: string) => api<CycleDetail>(`/api/coaching/cycles/${seg(cycleId)}/comments`, { method: 'POST', json: { body } }));

/** The capture page, opened for an observation of this cycle (the visit is linked to it when saved). */
export const observationLink = (cycle: Pick<CycleDetail, 'id' | 'schoolId' | 'teacher'>) =>
  `/visits/new?school=${seg(cycle.schoolId)}&teacher=${seg(cycle.teacher.id)}&cycle=${seg(cycle.id)}`;

/** Today in the browser, as YYYY-MM-DD. */
export const todayIso = () => new Intl.DateTimeFormat('en-CA').format(new Date());

/** The coach's own visits of the cycle's teacher in its school, newest first (the candidates to add as observations). */
export const ownVisitsOfTeacherQuery = (cycle: Pick<CycleDetail, 'schoolId' | 'teacher'>, observerId: string) =>
  queryOptions({
    queryKey: ['coaching-own-visits', cycle.schoolId, cycle.teacher.id, observerId],
    queryFn: ({ signal }) =>
      api<z.infer<typeof VisitPage>>(`/api/visits?schoolId=${seg(cycle.schoolId)}&teacherId=${seg(cycle.teacher.id)}&observerId=${seg(observerId)}&limit=100`, { signal }),
  });

/** Adds one of the coach's existing visits as an observation of the cycle. */
export function useLinkObservation(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (visitId: string) => api<CycleDetail>(`/api/coaching/cycles/${seg(cycleId)}/observations`, { method: 'POST', json: { visitId } }),
    onSuccess: (cycle) => {
      client.setQueryData(cycleQuery(cycleId).queryKey, cycle);
      void client.invalidateQueries({ queryKey: ['coaching-cycles'] });
      void client.invalidateQueries({ queryKey: ['coaching-own-visits'] });
    },
  });
}
