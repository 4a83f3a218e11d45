import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Alignment, MapCreate, MapDetail, MapImported as MapImportedSchema, MapSummary as MapSummarySchema, MapUpdate } from '../../../schemas/curriculum';
import { api, ApiError, seg } from '../../lib/api';

export type { Alignment, MapDetail };
export type MapSummary = z.infer<typeof MapSummarySchema>;
export type MapImported = z.infer<typeof MapImportedSchema>;
export type MapContent = Pick<z.input<typeof MapUpdate>, 'units' | 'standards' | 'targets'>;

const maps = (schoolId: string) => `/api/schools/${seg(schoolId)}/curriculum-maps`;
const one = (schoolId: string, mapId: string) => `${maps(schoolId)}/${seg(mapId)}`;

export const mapsQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['curriculum-maps', schoolId], queryFn: ({ signal }) => api<MapSummary[]>(maps(schoolId), { signal }) });
export const mapQuery = (schoolId: string, mapId: string) =>
  queryOptions({ queryKey: ['curriculum-map', schoolId, mapId], queryFn: ({ signal }) => api<MapDetail>(one(schoolId, mapId), { signal }) });
export const alignmentQuery = (schoolId: string, mapId: string) =>
  queryOptions({ queryKey: ['curriculum-map', schoolId, mapId, 'alignment'], queryFn: ({ signal }) => api<Alignment>(`${one(schoolId, mapId)}/alignment`, { signal }) });

/** The address of the map's CSV export (a plain link: the browser downloads it). */
export const exportHref = (schoolId: string, mapId: string) => `${one(schoolId, mapId)}/export`;

export function useCreateMap(schoolId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof MapCreate>) => api<MapDetail>(maps(schoolId), { json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['curriculum-maps', schoolId] }),
  });
}

function useRefresh(schoolId: string, mapId: string) {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: ['curriculum-map', schoolId, mapId] }), client.invalidateQueries({ queryKey: ['curriculum-maps', schoolId] })]);
}

/** The editable content of a map as read, ready to change and send back whole. */
export function contentOf(map: MapDetail): MapContent {
  return {
    units: map.units.map((u) => ({ title: u.title, startsOn: u.startsOn, endsOn: u.endsOn })),
    standards: map.standards.map((s) => ({ code: s.code, description: s.description })),
    targets: map.targets.map((t) => ({
      unit: t.unit,
      statement: t.statement,
      standardCodes: t.standardCodes,
      assessments: t.assessments.map((a) => (a.assessmentId ? { assessmentId: a.assessmentId } : { name: a.name })),
    })),
  };
}

/** Sends the whole map back with the version it was read at (a stale one answers 409). */
export function useSaveMap(schoolId: string, map: MapDetail) {
  const refresh = useRefresh(schoolId, map.id);
  return useMutation({
    mutationFn: (content: MapContent) => api<MapDetail>(one(schoolId, map.id), { method: 'PUT', json: { course: map.course, grade: map.grade, version: map.version, ...content } }),
    onSuccess: refresh,
  });
}

/** Renames a standard in place (its targets stay aligned), from the version the map was read at. */
export function useUpdateStandard(schoolId: string, map: MapDetail) {
  const refresh = useRefresh(schoolId, map.id);
  return useMutation({
    mutationFn: ({ standardId, ...body }: { standardId: string; code: string; description: string }) =>
      api<MapDetail>(`${one(schoolId, map.id)}/standards/${seg(standardId)}`, { method: 'PATCH', json: { ...body, version: map.version } }),
    onSuccess: refresh,
  });
}

/** Removes a standard; the API refuses (409) while it is the only standard of a target. */
export function useRemoveStandard(schoolId: string, map: MapDetail) {
  const refresh = useRefresh(schoolId, map.id);
  return useMutation({
    mutationFn: (standardId: string) => api<MapDetail>(`${one(schoolId, map.id)}/standards/${seg(standardId)}?version=${map.version}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
}

export function useDeleteMap(schoolId: string, mapId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(one(schoolId, mapId), { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['curriculum-maps', schoolId] }),
  });
}

/** Replaces the map from a CSV file (all or nothing; problems come back as file:line:column). */
export function useImportMap(schoolId: string, mapId: string) {
  const refresh = useRefresh(schoolId, mapId);
  return useMutation({
    mutationFn: async ({ file }: { file: File }) => {
      const text = await file.text();
      let response: Response;
      try {
        response = await fetch(`${one(schoolId, mapId)}/import?filename=${encodeURIComponent(file.name)}`, {
          method: 'POST',
          headers: { 'content-type': 'text/csv', accept: 'application/json' },
          body: text,
          credentials: 'same-origin',
        });
      } catch {
        throw new ApiError(0, 'network', 'Could not reach Rounds. Check your connection and try again.');
      }
      const body = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string; fields?: { path: string; message: string }[] } } | MapImported | undefined;
      if (!response.ok) {
        const error = body && 'error' in body ? body.error : undefined;
        throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `The file was not imported (HTTP ${response.status}).`, error?.fields ?? []);
      }
      return body as MapImported;
    },
    onSuccess: refresh,
  });
}

/** "Grade 3" for "03", "Kindergarten" for "KG". */
export const gradeLabel = (grade: string) => (/^\d+$/.test(grade) ? `Grade ${Number(grade)}` : grade.toUpperCase() === 'KG' ? 'Kindergarten' : `Grade ${grade}`);
