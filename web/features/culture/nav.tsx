import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { MySchool } from '../../lib/session';

/** "Curriculum" and "Culture" for everyone with a role in the school (district roles read them too). */
export function cultureNav(school: MySchool | undefined): { key: string; link: ReactNode }[] {
  if (!school || school.roles.length === 0) return [];
  const params = { schoolId: school.id };
  return [
    { key: 'curriculum', link: <Link to="/schools/$schoolId/curriculum" params={params}>Curriculum</Link> },
    { key: 'culture', link: <Link to="/schools/$schoolId/agreements" params={params}>Culture</Link> },
  ];
}
