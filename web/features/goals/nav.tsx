import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { leadsSchool, teachesAt, type MySchool } from '../../lib/session';

/** "Assessments" and "Goals" for school leaders and teachers (inline on wide screens, behind "More" on phones). */
export function assessmentsNav(school: MySchool | undefined): { key: string; link: ReactNode }[] {
  if (!school || !(leadsSchool(school) || teachesAt(school))) return [];
  const params = { schoolId: school.id };
  return [
    { key: 'assessments', link: <Link to="/schools/$schoolId/assessments" params={params}>Assessments</Link> },
    { key: 'goals', link: <Link to="/schools/$schoolId/goals" params={params}>Goals</Link> },
  ];
}
