import { Link, Outlet, useParams, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useEffect, type ReactNode } from 'react';
import { useCurrentSchool } from '../lib/school';
import { editsLookFors, seesDistrictCoverage, visitsAt } from '../features/visits/roles';
import { isDistrictAdmin, leadsSchool, rememberSchool, teachesAt, useMe, type Me, type MySchool } from '../lib/session';
import { BrandHeader, ErrorBox } from '../lib/ui';
import { loopNav } from '../features/conversations/nav';
import { insightsNav } from '../features/insights/nav';
import { assessmentsNav } from '../features/goals/nav';
import { leadershipNav } from '../features/plans/nav';
import { cultureNav } from '../features/culture/nav';
import { evaluationNav } from '../features/evaluation/nav';
import { coachingNav } from '../features/coaching/nav';
import { expertiseNav } from '../features/expertise/nav';
import { NotificationBell } from '../features/conversations/NotificationBell';
import { MoreMenu } from './MoreMenu';
import { groupNav } from './nav-groups';
import { SchoolSwitcher } from './SchoolSwitcher';

/**
 * The main navigation. School leaders get Visits, Planner and Coverage next to Home; the rest is grouped (Daily work,
 * Learning, Leadership, School, District: web/app/nav-groups.ts) into a menu per group on wide screens and sections
 * of "More" on phones. Teachers and district roles keep a short list.
 */
function navItems(me: Me, school: MySchool | undefined, ownSchedule: boolean) {
  const primary: ReactNode[] = [];
  const extra: { key: string; link: ReactNode }[] = [];
  const params = school ? { schoolId: school.id } : undefined;
  const staff = params ? <Link to="/schools/$schoolId/staff" params={params}>Staff</Link> : null;
  const classes = params ? <Link to="/schools/$schoolId/classes" params={params}>{ownSchedule ? 'My classes' : 'Classes'}</Link> : null;
  if (seesDistrictCoverage(me)) {
    primary.push(
      <li key="district-coverage">
        <Link to="/district/coverage">Coverage</Link>
      </li>,
    );
  }
  if (school && params && visitsAt(school)) {
    primary.push(
      <li key="visits">
        <Link to="/schools/$schoolId/visits" params={params}>
          Visits
        </Link>
      </li>,
      <li key="planner">
        <Link to="/schools/$schoolId/planner" params={params}>
          Planner
        </Link>
      </li>,
      <li key="coverage">
        <Link to="/schools/$schoolId/coverage" params={params}>
          Coverage
        </Link>
      </li>,
    );
    extra.push({ key: 'habit', link: <Link to="/habit">Habit</Link> }, { key: 'staff', link: staff }, { key: 'classes', link: classes });
    if (editsLookFors(school)) extra.push({ key: 'settings', link: <Link to="/schools/$schoolId/settings" params={params}>Settings</Link> });
  } else if (school && params) {
    primary.push(<li key="staff">{staff}</li>, <li key="classes">{classes}</li>);
    if (ownSchedule) {
      primary.push(
        <li key="week">
          <Link to="/schools/$schoolId/teachers/$teacherId" params={{ schoolId: school.id, teacherId: me.user.id }}>
            My week
          </Link>
        </li>,
      );
    }
  }
  if (isDistrictAdmin(me)) {
    extra.push({ key: 'rosters', link: <Link to="/rosters">Roster import</Link> }, { key: 'audit', link: <Link to="/admin/audit">Audit log</Link> }, { key: 'privacy', link: <Link to="/admin/privacy">Privacy</Link> }, { key: 'sso', link: <Link to="/admin/sso">Single sign-on</Link> });
  }
  // The teacher's side of visits (My classroom, follow-up, follow-through, email outbox).
  const loop = loopNav(me, school);
  // Insights and decisions (school leaders: with the extras; district roles: next to Coverage).
  const insights = insightsNav(me, school);
  // Assessments and goals (school leaders and teachers).
  const assessments = assessmentsNav(school);
  return { primary: [...loop.first, ...primary, ...insights.primary], extra: [...extra, ...loop.extra, ...insights.extra, ...assessments, ...leadershipNav(school), ...cultureNav(school), ...evaluationNav(school), ...coachingNav(school), ...expertiseNav(school)] };
}

/** The signed-in layout: skip link, header with navigation and school switcher, main, footer. */
export function AppShell() {
  const me = useMe();
  const school = useCurrentSchool();
  const { schoolId } = useParams({ strict: false });
  useEffect(() => {
    if (schoolId && school?.id === schoolId) rememberSchool(schoolId);
  }, [schoolId, school?.id]);

  const ownSchedule = school && teachesAt(school) && !leadsSchool(school);
  const { primary, extra } = navItems(me, school, Boolean(ownSchedule));
  const groups = groupNav(extra);
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
          <NotificationBell />
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
            {primary}
            {groups.length ? (
              <>
                {groups.map((group) => (
                  <li key={group.id} className="nav-group">
                    <MoreMenu label={group.label}>
                      {group.items.map(({ key, link }) => (
                        <li key={key}>{link}</li>
                      ))}
                    </MoreMenu>
                  </li>
                ))}
                <li className="nav-more">
                  <MoreMenu>
                    {groups.map((group) => (
                      <li key={group.id} className="more-section">
                        <span className="more-heading" id={`more-${group.id}`}>
                          {group.label}
                        </span>
                        <ul aria-labelledby={`more-${group.id}`}>
                          {group.items.map(({ key, link }) => (
                            <li key={key}>{link}</li>
                          ))}
                        </ul>
                      </li>
                    ))}
                  </MoreMenu>
                </li>
              </>
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
