import { Link, Outlet, useParams, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useCurrentSchool } from '../lib/school';
import { isDistrictAdmin, leadsSchool, rememberSchool, teachesAt, useMe } from '../lib/session';
import { BrandHeader, ErrorBox } from '../lib/ui';
import { SchoolSwitcher } from './SchoolSwitcher';

/** The signed-in layout: skip link, header with navigation and school switcher, main, footer. */
export function AppShell() {
  const me = useMe();
  const school = useCurrentSchool();
  const { schoolId } = useParams({ strict: false });
  useEffect(() => {
    if (schoolId && school?.id === schoolId) rememberSchool(schoolId);
  }, [schoolId, school?.id]);

  const ownSchedule = school && teachesAt(school) && !leadsSchool(school);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="header-bar">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              R
            </span>
            Rounds
          </Link>
          <Link to="/account" className="header-user">
            <span className="visually-hidden">Account: </span>
            {me.user.name}
          </Link>
        </div>
        <nav aria-label="Main" className="main-nav">
          <ul>
            <li>
              <Link to="/" activeOptions={{ exact: true }}>
                Home
              </Link>
            </li>
            {school ? (
              <>
                <li>
                  <Link to="/schools/$schoolId/staff" params={{ schoolId: school.id }}>
                    Staff
                  </Link>
                </li>
                <li>
                  <Link to="/schools/$schoolId/classes" params={{ schoolId: school.id }}>
                    {ownSchedule ? 'My classes' : 'Classes'}
                  </Link>
                </li>
                {ownSchedule ? (
                  <li>
                    <Link to="/schools/$schoolId/teachers/$teacherId" params={{ schoolId: school.id, teacherId: me.user.id }}>
                      My week
                    </Link>
                  </li>
                ) : null}
              </>
            ) : null}
            {isDistrictAdmin(me) ? (
              <li>
                <Link to="/rosters">Roster import</Link>
              </li>
            ) : null}
            <li className="nav-wide">
              <Link to="/account">Account</Link>
            </li>
          </ul>
        </nav>
        {school ? <SchoolSwitcher schools={me.schools} current={school} /> : null}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          Rounds · {me.district.name} · signed in as {me.user.email}
        </p>
      </footer>
    </>
  );
}

/** Shown when the signed-in layout itself cannot load (the server is down, for instance). */
export function ShellError({ error }: ErrorComponentProps) {
  const router = useRouter();
  return (
    <>
      <BrandHeader />
      <main id="main" className="standalone">
        <h1>Rounds could not load</h1>
        <ErrorBox error={error} onRetry={() => void router.invalidate()} />
      </main>
    </>
  );
}
