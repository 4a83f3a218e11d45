import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { MySchool } from '../../lib/session';

/** "Formal evaluation" for principals and assistant principals, "Evaluation rubrics" for district admins, "My evaluation" for teachers. */
export function evaluationNav(school: MySchool | undefined): { key: string; link: ReactNode }[] {
  if (!school) return [];
  const items: { key: string; link: ReactNode }[] = [];
  if (school.roles.includes('principal') || school.roles.includes('assistant_principal')) {
    items.push({ key: 'evaluation', link: <Link to="/schools/$schoolId/evaluation" params={{ schoolId: school.id }}>Formal evaluation</Link> });
  } else if (school.roles.includes('district_admin')) {
    items.push({ key: 'evaluation-rubrics', link: <Link to="/schools/$schoolId/evaluation/rubrics" params={{ schoolId: school.id }}>Evaluation rubrics</Link> });
  }
  if (school.roles.includes('teacher')) items.push({ key: 'my-evaluation', link: <Link to="/my-evaluation">My evaluation</Link> });
  return items;
}
