import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { MySchool } from '../../lib/session';

/** "Coaching" for coaches, school leaders and teachers (a teacher sees their own cycles); never district-only roles. */
export function coachingNav(school: MySchool | undefined): { key: string; link: ReactNode }[] {
  if (!school || !school.roles.some((r) => r === 'coach' || r === 'principal' || r === 'assistant_principal' || r === 'teacher')) return [];
  return [{ key: 'coaching', link: <Link to="/schools/$schoolId/coaching" params={{ schoolId: school.id }}>Coaching</Link> }];
}
