import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import type { Role } from '../../schemas/common';
import { validateAnalysisSearch } from '../features/assessments/analysis-search';
import { validateDecisionSearch, validateInsightSearch, validateRangeSearch } from '../features/insights/search';
import { validatePlanSearch } from '../features/plans/search';
import { ApiError } from '../lib/api';
import { meQuery, ROLE_LABEL } from '../lib/session';
import { Loading } from '../lib/ui';
import { AppShell, ShellError } from './AppShell';
import { NotFoundPage } from './NotFoundPage';

export interface RouterContext {
  queryClient: QueryClient;
}

const str = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const isRole = (value: unknown): value is Role => typeof value === 'string' && value in ROLE_LABEL;

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => {
    const target = str(search.redirect);
    // Only same-site paths: never send a user off to another origin after sign-in.
    return target && target.startsWith('/') && !target.startsWith('//') ? { redirect: target } : {};
  },
  component: lazyRouteComponent(() => import('../features/auth/SignInPage'), 'SignInPage'),
});

const twoStepRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in/two-step',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => {
    const target = str(search.redirect);
    return target && target.startsWith('/') && !target.startsWith('//') ? { redirect: target } : {};
  },
  component: lazyRouteComponent(() => import('../features/auth/TwoStepPage'), 'TwoStepPage'),
});

const signInRefusedRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in/refused',
  validateSearch: (search: Record<string, unknown>): { reason?: string } => (str(search.reason) ? { reason: str(search.reason) } : {}),
  component: lazyRouteComponent(() => import('../features/auth/SignInRefusedPage'), 'SignInRefusedPage'),
});

/** Every page behind sign-in: loads the user first, or sends them to the sign-in page. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_app',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(meQuery);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        throw redirect({ to: '/sign-in', search: location.href === '/' ? {} : { redirect: location.href } });
      }
      throw error;
    }
  },
  component: AppShell,
  errorComponent: ShellError,
});

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('../features/home/HomePage'), 'HomePage'),
});

const schoolRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId',
  component: lazyRouteComponent(() => import('../features/home/HomePage'), 'SchoolHomePage'),
});

const staffRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/staff',
  validateSearch: (search: Record<string, unknown>): { q?: string; role?: Role } => ({
    ...(str(search.q) ? { q: str(search.q) } : {}),
    ...(isRole(search.role) ? { role: search.role } : {}),
  }),
  component: lazyRouteComponent(() => import('../features/people/StaffPage'), 'StaffPage'),
});

const classesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/classes',
  validateSearch: (search: Record<string, unknown>): { q?: string; grade?: string } => ({
    ...(str(search.q) ? { q: str(search.q) } : {}),
    ...(str(search.grade) ? { grade: str(search.grade) } : {}),
  }),
  component: lazyRouteComponent(() => import('../features/people/ClassesPage'), 'ClassesPage'),
});

const classRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/classes/$classId',
  component: lazyRouteComponent(() => import('../features/people/ClassPage'), 'ClassPage'),
});

const teacherRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/teachers/$teacherId',
  component: lazyRouteComponent(() => import('../features/people/SchedulePage'), 'SchedulePage'),
});

const rostersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'rosters',
  component: lazyRouteComponent(() => import('../features/rosters/RosterImportPage'), 'RosterImportPage'),
});

const ssoSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/sso',
  component: lazyRouteComponent(() => import('../features/auth/SsoSettingsPage'), 'SsoSettingsPage'),
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'account',
  component: lazyRouteComponent(() => import('../features/account/AccountPage'), 'AccountPage'),
});

// Visit pages for school leaders (planner, coverage, visits, settings), the visit habit, and district coverage.
const isoAt = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) ? v : undefined;
const isoDate = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const uuid = (v: unknown) => (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : undefined);
const defined = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const plannerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/planner',
  validateSearch: (search: Record<string, unknown>): { at?: string } => defined({ at: isoAt(search.at) }),
  component: lazyRouteComponent(() => import('../features/visits/PlannerPage'), 'PlannerPage'),
});

const coverageRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/coverage',
  validateSearch: (search: Record<string, unknown>): { days?: number; sort?: 'name' | 'last' | 'visits' } => {
    const days = Number(search.days);
    return defined({
      days: Number.isInteger(days) && days >= 1 && days <= 365 ? days : undefined,
      sort: search.sort === 'last' || search.sort === 'visits' || search.sort === 'name' ? search.sort : undefined,
    });
  },
  component: lazyRouteComponent(() => import('../features/visits/CoveragePage'), 'CoveragePage'),
});

const visitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/visits',
  validateSearch: (search: Record<string, unknown>): { teacher?: string; observer?: string; from?: string; to?: string } =>
    defined({ teacher: uuid(search.teacher), observer: uuid(search.observer), from: isoDate(search.from), to: isoDate(search.to) }),
  component: lazyRouteComponent(() => import('../features/visits/VisitsPage'), 'VisitsPage'),
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/settings',
  component: lazyRouteComponent(() => import('../features/visits/SettingsPage'), 'SettingsPage'),
});

const habitRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'habit',
  component: lazyRouteComponent(() => import('../features/habit/HabitPage'), 'HabitPage'),
});

const districtCoverageRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'district/coverage',
  component: lazyRouteComponent(() => import('../features/visits/DistrictCoveragePage'), 'DistrictCoveragePage'),
});

const visitPageRoutes = [plannerRoute, coverageRoute, visitsRoute, settingsRoute, habitRoute, districtCoverageRoute];

// The teacher's side of every visit: My classroom, a visit's page, follow-up, follow-through, notifications, email outbox.
const myClassroomRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'my-classroom',
  component: lazyRouteComponent(() => import('../features/classroom/MyClassroomPage'), 'MyClassroomPage'),
});
const myVisitRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'my-classroom/visits/$visitId',
  component: lazyRouteComponent(() => import('../features/classroom/MyVisitPage'), 'MyVisitPage'),
});
const visitRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'visits/$visitId',
  component: lazyRouteComponent(() => import('../features/conversations/VisitPage'), 'VisitPage'),
});
const followUpRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/follow-up',
  component: lazyRouteComponent(() => import('../features/conversations/FollowUpPage'), 'FollowUpPage'),
});
const followThroughRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/follow-through',
  component: lazyRouteComponent(() => import('../features/conversations/FollowThroughPage'), 'FollowThroughPage'),
});
const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'notifications',
  component: lazyRouteComponent(() => import('../features/conversations/NotificationsPage'), 'NotificationsPage'),
});
const emailOutboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/email',
  component: lazyRouteComponent(() => import('../features/conversations/EmailOutboxPage'), 'EmailOutboxPage'),
});
const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/audit',
  validateSearch: (search: Record<string, unknown>): { studentId?: string; actorId?: string; action?: string; from?: string; to?: string; subjectName?: string } => {
    const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
    return defined({ studentId: text(search.studentId), actorId: text(search.actorId), action: text(search.action), from: text(search.from), to: text(search.to), subjectName: text(search.subjectName) });
  },
  component: lazyRouteComponent(() => import('../features/audit/AuditLogPage'), 'AuditLogPage'),
});
const privacyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/privacy',
  component: lazyRouteComponent(() => import('../features/audit/PrivacyPage'), 'PrivacyPage'),
});
const loopRoutes = [myClassroomRoute, myVisitRoute, visitRoute, followUpRoute, followThroughRoute, notificationsRoute, emailOutboxRoute, auditRoute, privacyRoute];

// Insights and decisions: school patterns (filters in the URL), the decision log, and district patterns.
const insightsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/insights',
  validateSearch: validateInsightSearch,
  component: lazyRouteComponent(() => import('../features/insights/InsightsPage'), 'InsightsPage'),
});
const decisionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/decisions',
  validateSearch: validateDecisionSearch,
  component: lazyRouteComponent(() => import('../features/insights/DecisionsPage'), 'DecisionsPage'),
});
const districtInsightsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'district/insights',
  validateSearch: validateRangeSearch,
  component: lazyRouteComponent(() => import('../features/insights/DistrictInsightsPage'), 'DistrictInsightsPage'),
});
const insightRoutes = [insightsRoute, decisionsRoute, districtInsightsRoute];

// Assessments (results grid, CSV import) and goals (vision, progress over time).
const assessmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/assessments',
  component: lazyRouteComponent(() => import('../features/assessments/AssessmentsPage'), 'AssessmentsPage'),
});
const assessmentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/assessments/$assessmentId',
  component: lazyRouteComponent(() => import('../features/assessments/ResultsPage'), 'ResultsPage'),
});
const analysisRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/assessments/analysis',
  validateSearch: validateAnalysisSearch,
  component: lazyRouteComponent(() => import('../features/assessments/AnalysisPage'), 'AnalysisPage'),
});
const goalsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/goals',
  component: lazyRouteComponent(() => import('../features/goals/GoalsPage'), 'GoalsPage'),
});
const goalRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/goals/$goalId',
  component: lazyRouteComponent(() => import('../features/goals/GoalPage'), 'GoalPage'),
});
const assessmentRoutes = [assessmentsRoute, analysisRoute, assessmentRoute, goalsRoute, goalRoute];

// Shared leadership: the annual work plan (with check-ins, PD and history) and the school's teams.
const planRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/plan',
  validateSearch: validatePlanSearch,
  component: lazyRouteComponent(() => import('../features/plans/PlanPage'), 'PlanPage'),
});
const teamsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/teams',
  component: lazyRouteComponent(() => import('../features/teams/TeamsPage'), 'TeamsPage'),
});
const teamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/teams/$teamId',
  component: lazyRouteComponent(() => import('../features/teams/TeamPage'), 'TeamPage'),
});
const leadershipRoutes = [planRoute, teamsRoute, teamRoute];

// Formal evaluation, kept apart from visits: the evaluator's cycles, one cycle, and the teacher's own.
const evaluationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/evaluation',
  component: lazyRouteComponent(() => import('../features/evaluation/EvaluationPage'), 'EvaluationPage'),
});
const evaluationCycleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/evaluation/$cycleId',
  component: lazyRouteComponent(() => import('../features/evaluation/CyclePage'), 'CyclePage'),
});
const myEvaluationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'my-evaluation',
  component: lazyRouteComponent(() => import('../features/evaluation/MyEvaluationPage'), 'MyEvaluationPage'),
});
const evaluationRubricsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/evaluation/rubrics',
  component: lazyRouteComponent(() => import('../features/evaluation/RubricsPage'), 'RubricsPage'),
});
const evaluationRoutes = [evaluationRoute, evaluationRubricsRoute, evaluationCycleRoute, myEvaluationRoute];

// Curriculum maps (alignment of standards, targets and assessments) and professional culture (agreements,
// the core-practice self-assessment, the staff pulse).
const curriculumRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/curriculum',
  component: lazyRouteComponent(() => import('../features/curriculum/CurriculumMapsPage'), 'CurriculumMapsPage'),
});
const curriculumMapRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/curriculum/$mapId',
  component: lazyRouteComponent(() => import('../features/curriculum/CurriculumMapPage'), 'CurriculumMapPage'),
});
const agreementsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/agreements',
  component: lazyRouteComponent(() => import('../features/culture/AgreementsPage'), 'AgreementsPage'),
});
const selfAssessmentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/self-assessment',
  component: lazyRouteComponent(() => import('../features/culture/SelfAssessmentPage'), 'SelfAssessmentPage'),
});
const pulseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/pulse',
  component: lazyRouteComponent(() => import('../features/culture/PulsePage'), 'PulsePage'),
});
const cultureRoutes = [curriculumRoute, curriculumMapRoute, agreementsRoute, selfAssessmentRoute, pulseRoute];

// Coaching cycles, and learning from colleagues (the expertise map, peer-visit requests and peer visits).
const coachingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/coaching',
  component: lazyRouteComponent(() => import('../features/coaching/CyclesPage'), 'CyclesPage'),
});
const coachingCycleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/coaching/$coachingCycleId',
  component: lazyRouteComponent(() => import('../features/coaching/CyclePage'), 'CyclePage'),
});
const learnRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/learn',
  component: lazyRouteComponent(() => import('../features/expertise/LearnPage'), 'LearnPage'),
});
const peerRequestsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/learn/requests',
  component: lazyRouteComponent(() => import('../features/expertise/RequestsPage'), 'RequestsPage'),
});
const peerVisitRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'schools/$schoolId/learn/requests/$requestId/visit',
  component: lazyRouteComponent(() => import('../features/expertise/PeerVisitPage'), 'PeerVisitPage'),
});
const coachingRoutes = [coachingRoute, coachingCycleRoute, learnRoute, peerRequestsRoute, peerVisitRoute];

const routeTree = rootRoute.addChildren([
  signInRoute,
  twoStepRoute,
  signInRefusedRoute,
  appRoute.addChildren([homeRoute, schoolRoute, staffRoute, classesRoute, classRoute, teacherRoute, rostersRoute, ssoSettingsRoute, accountRoute, ...visitPageRoutes, ...loopRoutes, ...insightRoutes, ...assessmentRoutes, ...leadershipRoutes, ...cultureRoutes, ...evaluationRoutes, ...coachingRoutes]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // Data lives in React Query; the router only preloads code.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: () => <Loading what="page" />,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
