import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { MySchool } from '../../lib/session';
import { visitsAt } from '../visits/roles';

/** "Work plan" and "Teams" for everyone in the school, and "Decisions" for staff who do not already see it with insights. */
export function leadershipNav(school: MySchool | undefined): { key: string; link: ReactNode }[] {
  if (!school) return [];
  const params = { schoolId: school.id };
  const links = [
    { key: 'plan', link: <Link to="/schools/$schoolId/plan" params={params}>Work plan</Link> },
    { key: 'teams', link: <Link to="/schools/$schoolId/teams" params={params}>Teams</Link> },
  ];
  if (!visitsAt(school)) links.push({ key: 'decisions', link: <Link to="/schools/$schoolId/decisions" params={params}>Decisions</Link> });
  return links;
}
