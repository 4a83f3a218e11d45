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

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'account',
  component: lazyRouteComponent(() => import('../features/account/AccountPage'), 'AccountPage'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([homeRoute, schoolRoute, staffRoute, classesRoute, classRoute, teacherRoute, rostersRoute, accountRoute]),
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
