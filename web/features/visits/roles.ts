import type { Role } from '../../../schemas/common';
import type { Me, MySchool } from '../../lib/session';

const VISITING: readonly Role[] = ['principal', 'assistant_principal', 'coach'];

/** Makes visits in this school (principal, assistant principal, coach): planner, coverage, visits, habit. */
export const visitsAt = (school: MySchool) => school.roles.some((r) => VISITING.includes(r));
/** Edits the school's look-fors (principal, assistant principal). */
export const editsLookFors = (school: MySchool) => school.roles.includes('principal') || school.roles.includes('assistant_principal');
/** Changes the school's visit settings (principal). */
export const editsVisitSettings = (school: MySchool) => school.roles.includes('principal');
/** Sees the district's coverage counts. */
export const seesDistrictCoverage = (me: Me) => me.district.roles.includes('district_admin') || me.district.roles.includes('district_leader');

/** The URL of the capture page for a visit to this teacher and class (a separate page served by the server). */
export const captureHref = (teacherId: string, classId?: string) =>
  `/visits/new?${new URLSearchParams({ teacher: teacherId, ...(classId ? { class: classId } : {}) }).toString()}`;
