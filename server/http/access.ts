import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { DISTRICT_ROLES, type Role } from '../../schemas/common';
import type { Db } from '../../db/database';
import { AppError } from './errors';

/**
 * Who may call a route. Every API route declares one in `config.access`; the app refuses to start otherwise.
 * - `public`: anyone, signed in or not.
 * - `signedIn`: any signed-in user (the module's policy narrows what they see).
 * - `school`: the route has a `:schoolId` parameter; the user must hold one of `roles` in that school
 *   (district roles count in every school of their district). A school the user has no role in answers 404.
 * - `district`: the user must hold one of `roles` district-wide.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'school'; roles: readonly Role[] }
  | { kind: 'district'; roles: readonly Role[] };

export const access = {
  public: { kind: 'public' } as Access,
  signedIn: { kind: 'signedIn' } as Access,
  school: (...roles: Role[]): Access => ({ kind: 'school', roles }),
  district: (...roles: Role[]): Access => ({ kind: 'district', roles }),
};

/** The signed-in user as every handler sees it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  districtId: string;
  districtName: string;
  /** District-wide roles (district_admin, district_leader). */
  districtRoles: Role[];
  /** Roles per school id. */
  schoolRoles: Map<string, Role[]>;
  sessionTokenHash: string;
}

/** The school a school-scoped request is about, resolved and checked by the gate. */
export interface RequestSchool {
  id: string;
  districtId: string;
  name: string;
  /** The caller's effective roles in this school (school roles plus district roles). */
  roles: Role[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    school: RequestSchool | null;
  }
}

/** Every route the app registered with its declared access rule, for the authorization-matrix test. */
export interface RouteRule {
  method: string;
  url: string;
  access: Access | undefined;
}

/** The caller's effective roles in a school of the given district. */
export function rolesInSchool(user: SessionUser, school: { id: string; districtId: string }): Role[] {
  const roles = [...(user.schoolRoles.get(school.id) ?? [])];
  if (school.districtId === user.districtId) roles.push(...user.districtRoles);
  return roles;
}

export interface AccessOptions {
  db: Db;
  loadUser: (request: FastifyRequest) => Promise<SessionUser | null>;
  rules: RouteRule[];
}

/** Installs the single place where route access is declared and enforced. */
export const accessPlugin = fp(async (app: FastifyInstance, options: AccessOptions) => {
  app.decorateRequest('user', null);
  app.decorateRequest('school', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const rule = (route.config as { access?: Access } | undefined)?.access;
    for (const method of methods) options.rules.push({ method, url: route.url, access: rule });
    if (route.url.startsWith('/api/') && !rule) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access rule (config.access)`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config.access;
    if (!rule) return; // non-API routes (static files) are public
    request.user = await options.loadUser(request);
    if (rule.kind === 'public') return;
    const user = request.user;
    if (!user) throw new AppError('unauthenticated', 'Sign in to continue.');
    if (rule.kind === 'signedIn') return;
    if (rule.kind === 'district') {
      if (!user.districtRoles.some((r) => rule.roles.includes(r))) {
        throw new AppError('forbidden', 'This needs a district role you do not have.');
      }
      return;
    }
    const schoolId = (request.params as { schoolId?: string }).schoolId;
    if (schoolId === undefined) throw new Error(`Route ${request.routeOptions.url} is school-scoped but has no :schoolId`);
    const school = !UUID.test(schoolId) ? undefined : await options.db
      .selectFrom('schools')
      .select(['id', 'district_id', 'name'])
      .where('id', '=', schoolId)
      .executeTakeFirst();
    const roles = school ? rolesInSchool(user, { id: school.id, districtId: school.district_id }) : [];
    // A school the caller has nothing to do with answers exactly like one that does not exist.
    if (!school || roles.length === 0) throw new AppError('not_found', 'That school was not found.');
    if (!roles.some((r) => rule.roles.includes(r))) {
      throw new AppError('forbidden', 'Your role in this school does not allow that.');
    }
    request.school = { id: school.id, districtId: school.district_id, name: school.name, roles };
  });
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isDistrictRole = (role: Role) => (DISTRICT_ROLES as readonly Role[]).includes(role);
