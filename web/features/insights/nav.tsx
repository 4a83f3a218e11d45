import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { Me, MySchool } from '../../lib/session';
import { seesDistrictCoverage, visitsAt } from '../visits/roles';

/**
 * The insight links of the main navigation: "Insights" for district roles (next to their Coverage), and "Insights"
 * and "Decisions" for school leaders, with the other extras (inline on wide screens, behind "More" on phones).
 */
export function insightsNav(me: Me, school: MySchool | undefined): { primary: ReactNode[]; extra: { key: string; link: ReactNode }[] } {
  const primary: ReactNode[] = [];
  const extra: { key: string; link: ReactNode }[] = [];
  if (seesDistrictCoverage(me)) {
    primary.push(
      <li key="district-insights">
        <Link to="/district/insights">Insights</Link>
      </li>,
    );
  }
  if (school && visitsAt(school)) {
    const params = { schoolId: school.id };
    extra.push(
      { key: 'insights', link: <Link to="/schools/$schoolId/insights" params={params}>Insights</Link> },
      { key: 'decisions', link: <Link to="/schools/$schoolId/decisions" params={params}>Decisions</Link> },
    );
  }
  return { primary, extra };
}
