import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { MySchool } from '../../lib/session';

/** "Learn from colleagues" for school staff (never district-only roles): who is strong at what, and peer visits. */
export function expertiseNav(school: MySchool | undefined): { key: string; link: ReactNode }[] {
  if (!school || !school.roles.some((r) => r === 'coach' || r === 'principal' || r === 'assistant_principal' || r === 'teacher')) return [];
  return [{ key: 'learn', link: <Link to="/schools/$schoolId/learn" params={{ schoolId: school.id }}>Learn from colleagues</Link> }];
}
