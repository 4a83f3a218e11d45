import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { isDistrictAdmin, teachesAt, type Me, type MySchool } from '../../lib/session';
import { visitsAt } from '../visits/roles';

/**
 * The loop's links in the main navigation: "My classroom" for teachers (first, next to Home), "Follow-up" and
 * "Follow-through" for school leaders and "Email outbox" for district administrators (with the other extras).
 */
export function loopNav(me: Me, school: MySchool | undefined): { first: ReactNode[]; extra: { key: string; link: ReactNode }[] } {
  const first: ReactNode[] = [];
  const extra: { key: string; link: ReactNode }[] = [];
  if (me.schools.some(teachesAt)) {
    first.push(
      <li key="my-classroom">
        <Link to="/my-classroom">My classroom</Link>
      </li>,
    );
  }
  if (school && visitsAt(school)) {
    const params = { schoolId: school.id };
    extra.push(
      { key: 'follow-up', link: <Link to="/schools/$schoolId/follow-up" params={params}>Follow-up</Link> },
      { key: 'follow-through', link: <Link to="/schools/$schoolId/follow-through" params={params}>Follow-through</Link> },
    );
  }
  if (isDistrictAdmin(me)) extra.push({ key: 'email', link: <Link to="/admin/email">Email outbox</Link> });
  return { first, extra };
}
