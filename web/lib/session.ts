import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MeResponse } from '../../schemas/auth';
import type { Role } from '../../schemas/common';
import { api } from './api';

export type Me = MeResponse;
export type MySchool = Me['schools'][number];

/** The signed-in user (`GET /api/me`); a 401 means nobody is signed in. */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: ({ signal }) => api<Me>('/api/me', { signal }),
  staleTime: 5 * 60_000,
});

/** The signed-in user; only used below the signed-in layout, where it is always loaded. */
export function useMe(): Me {
  const { data } = useQuery(meQuery);
  if (!data) throw new Error('useMe() used outside the signed-in layout');
  return data;
}

const LEADER_ROLES: readonly Role[] = ['principal', 'assistant_principal', 'coach'];
const DISTRICT_ROLES: readonly Role[] = ['district_admin', 'district_leader'];

export const isDistrictUser = (me: Me) => me.district.roles.some((r) => DISTRICT_ROLES.includes(r));
export const isDistrictAdmin = (me: Me) => me.district.roles.includes('district_admin');
/** Sees the whole school: a school leader there, or a district role. */
export const leadsSchool = (school: MySchool) => school.roles.some((r) => LEADER_ROLES.includes(r) || DISTRICT_ROLES.includes(r));
export const teachesAt = (school: MySchool) => school.roles.includes('teacher');

export const ROLE_LABEL: Record<Role, string> = {
  district_admin: 'District administrator',
  district_leader: 'District leader',
  principal: 'Principal',
  assistant_principal: 'Assistant principal',
  coach: 'Instructional coach',
  teacher: 'Teacher',
};

export const roleList = (roles: readonly Role[]) => roles.map((r) => ROLE_LABEL[r]).join(', ');

const SCHOOL_KEY = 'rounds.school';

/** The school the user last worked in (kept per browser), or their first school. */
export function currentSchool(me: Me, fromUrl?: string): MySchool | undefined {
  const wanted = fromUrl ?? readStoredSchool();
  return me.schools.find((s) => s.id === wanted) ?? me.schools[0];
}

export function rememberSchool(id: string): void {
  try {
    localStorage.setItem(SCHOOL_KEY, id);
  } catch {
    // storage may be unavailable (private mode); the URL still carries the school
  }
}

function readStoredSchool(): string | undefined {
  try {
    return localStorage.getItem(SCHOOL_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
