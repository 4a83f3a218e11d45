import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { DECISION_MODE_LABEL, type DecisionMode, type DecisionModelEntry as EntrySchema, type DecisionModelUpdate } from '../../../schemas/insights';
import { api, seg } from '../../lib/api';

export type DecisionModelEntry = z.infer<typeof EntrySchema>;
export type { DecisionMode };
export const MODE_LABEL = DECISION_MODE_LABEL;
export const MODES = Object.keys(DECISION_MODE_LABEL) as DecisionMode[];

export const decisionModelQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['decision-model', schoolId], queryFn: ({ signal }) => api<DecisionModelEntry[]>(`/api/schools/${seg(schoolId)}/decision-model`, { signal }) });

export function useSetDecisionModel(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof DecisionModelUpdate>) => api<DecisionModelEntry[]>(`/api/schools/${seg(schoolId)}/decision-model`, { method: 'PUT', json: body }),
    onSuccess: (model) => client.setQueryData(decisionModelQuery(schoolId).queryKey, model),
  });
}
