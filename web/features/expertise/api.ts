import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ExpertiseMap as ExpertiseMapSchema, PeerRequest, PeerRequestCreate, PeerRequestLists, Suggestions } from '../../../schemas/expertise';
import type { LookFor, Visit } from '../../../schemas/visits';
import { api, seg } from '../../lib/api';
import type { MySchool } from '../../lib/session';

export type { PeerRequest, PeerRequestLists, Suggestions };
export type Suggestion = Suggestions['suggestions'][number];
export type ExpertiseMap = z.infer<typeof ExpertiseMapSchema>;
export type PeerRequestInput = z.input<typeof PeerRequestCreate>;

/** Teachers ask colleagues for peer visits (the API's rule). */
export const asksForPeerVisits = (school: MySchool | undefined) => !!school?.roles.includes('teacher');

export const REQUEST_STATUS: Record<PeerRequest['status'], string> = {
  pending: 'Waiting for an answer',
  accepted: 'Accepted',
  declined: 'Declined',
  cancelled: 'Withdrawn',
  visited: 'Visit recorded',
};

/** What to ask: a look-for of the school, or a topic in the teacher's own words. */
export interface Ask {
  lookForId?: string;
  topic?: string;
  weeks: number;
}

export const suggestionsQuery = (schoolId: string, ask: Ask) =>
  queryOptions({
    queryKey: ['expertise-suggestions', schoolId, ask],
    queryFn: ({ signal }) => {
      const q = new URLSearchParams({ weeks: String(ask.weeks) });
      if (ask.lookForId) q.set('lookForId', ask.lookForId);
      else if (ask.topic) q.set('topic', ask.topic);
      return api<Suggestions>(`/api/schools/${seg(schoolId)}/expertise/suggestions?${q.toString()}`, { signal });
    },
    retry: false,
  });

export const lookForsQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['look-fors', schoolId], queryFn: ({ signal }) => api<LookFor[]>(`/api/schools/${seg(schoolId)}/look-fors`, { signal }) });

export const requestsQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['peer-requests', schoolId], queryFn: ({ signal }) => api<PeerRequestLists>(`/api/schools/${seg(schoolId)}/peer-visit-requests`, { signal }) });

export function useRequestPeerVisit(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: PeerRequestInput) => api<PeerRequest>(`/api/schools/${seg(schoolId)}/peer-visit-requests`, { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['peer-requests', schoolId] }),
  });
}

export function useAnswerRequest(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, note }: { id: string; decision: 'accepted' | 'declined'; note?: string }) =>
      api<PeerRequest>(`/api/peer-visit-requests/${seg(id)}/answer`, { method: 'POST', json: { decision, note: note?.trim() || null } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['peer-requests', schoolId] }),
  });
}

export function useCancelRequest(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<PeerRequest>(`/api/peer-visit-requests/${seg(id)}/cancel`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['peer-requests', schoolId] }),
  });
}

export function useShareWithLeaders() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (visitId: string) => api<Visit>(`/api/peer-visits/${seg(visitId)}/share-with-leaders`, { method: 'POST' }),
    onSuccess: (visit) => client.setQueryData(['visit', visit.id], visit),
  });
}
