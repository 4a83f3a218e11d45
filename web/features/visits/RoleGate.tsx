import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useMe, type MySchool } from '../../lib/session';
import { PageTitle } from '../../lib/ui';
import './visits.css';

/** A plain "not for you" page: one h1 and a notice saying why and where to go instead. */
export function NotForRole({ title, who, children }: { title: string; who: string; children?: ReactNode }) {
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      <div role="alert" className="notice notice-error">
        <p className="notice-title">This page is not for your role</p>
        <p>{who}</p>
        {children}
        <p>
          <Link to="/">Go to your home page</Link>
        </p>
      </div>
    </>
  );
}

interface SchoolGateProps {
  schoolId: string;
  title: string;
  allow: (school: MySchool) => boolean;
  /** Who the page is for, in a sentence: "The planner is for principals, assistant principals and coaches." */
  who: string;
  children: (school: MySchool) => ReactNode;
}

/** Renders a school page only for the roles it is for; anyone else gets a clear message instead of an error. */
export function SchoolGate({ schoolId, title, allow, who, children }: SchoolGateProps) {
  const me = useMe();
  const school = me.schools.find((s) => s.id === schoolId);
  if (!school) {
    return (
      <>
        <PageTitle title="School not found">School not found</PageTitle>
        <div role="alert" className="notice notice-error">
          <p className="notice-title">Not available</p>
          <p>You do not work in this school, or it does not exist. Pick one of your schools above.</p>
        </div>
      </>
    );
  }
  if (!allow(school)) return <NotForRole title={title} who={who} />;
  return <>{children(school)}</>;
}
