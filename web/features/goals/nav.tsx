import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { leadsSchool, teachesAt, type MySchool } from '../../lib/session';

/** Assessment and goal pages behind "More" on phones (so "More" can show that one of them is open). */
export const ASSESSMENTS_EXTRA_PATHS = /^\/schools\/[^/]+\/(assessments|goals)(\/|$)/;

/** "Assessments" and "Goals" for school leaders and teachers (inline on wide screens, behind "More" on phones). */
export function assessmentsNav(school: MySchool | undefined): { key: string; link: ReactNode }[] {
  if (!school || !(leadsSchool(school) || teachesAt(school))) return [];
  const params = { schoolId: school.id };
  return [
    { key: 'assessments', link: <Link to="/schools/$schoolId/assessments" params={params}>Assessments</Link> },
    { key: 'goals', link: <Link to="/schools/$schoolId/goals" params={params}>Goals</Link> },
  ];
}
