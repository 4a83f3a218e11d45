import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { DISTRICT_ROLES, type Role } from '../../schemas/common';
import type { Db } from '../../db/database';
import { AppError } from './errors';

/**
 * Who may call a route. Every API route declares one in `config.access`; the app refuses to start otherwise.
 * - `public`: anyone, signed in or not.
 * - `signedIn`: any signed-in user (the module's policy narrows what they see).
 * - `school`: the request names a school (`schoolId` in the path by default, or in the query string or JSON body
 *   with `from`); the user must hold one of `roles` in that school (district roles count in every school of
 *   their district). A school the user has no role in answers 404.
 * - `district`: the user must hold one of `roles` district-wide.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'school'; roles: readonly Role[]; from?: 'query' | 'body' }
  | { kind: 'district'; roles: readonly Role[] };

export const access = {
  public: { kind: 'public' } as Access,
  signedIn: { kind: 'signedIn' } as Access,
  school: (...roles: Role[]): Access => ({ kind: 'school', roles }),
  /** A school named by `schoolId` in the query string. */
  schoolInQuery: (...roles: Role[]): Access => ({ kind: 'school', roles, from: 'query' }),
  /** A school named by `schoolId` in the JSON body (checked once the body is parsed, before validation). */
  schoolInBody: (...roles: Role[]): Access => ({ kind: 'school', roles, from: 'body' }),
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
  /** IANA time zone of the school: "today" and bell times are local to it. */
  timezone: string;
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
    if (rule.from === 'body') return; // resolved in preValidation, once the body is parsed
    const source = rule.from === 'query' ? request.query : request.params;
    const schoolId = (source as { schoolId?: unknown } | undefined)?.schoolId;
    if (schoolId === undefined && rule.from !== 'query') {
      throw new Error(`Route ${request.routeOptions.url} is school-scoped but has no :schoolId`);
    }
    request.school = await resolveSchool(user, schoolId, rule.roles, rule.from ?? 'params');
  });

  app.addHook('preValidation', async (request) => {
    const rule = request.routeOptions.config.access;
    if (rule?.kind !== 'school' || rule.from !== 'body' || !request.user) return;
    request.school = await resolveSchool(request.user, (request.body as { schoolId?: unknown } | undefined)?.schoolId, rule.roles, 'body');
  });

  /** Finds the school and checks the caller's roles there: 404 for a stranger, 403 for a role not allowed. */
  async function resolveSchool(user: SessionUser, schoolId: unknown, allowed: readonly Role[], where: string): Promise<RequestSchool> {
    if (schoolId === undefined || schoolId === null || schoolId === '') {
      throw new AppError('validation_failed', 'Say which school.', [{ path: `${where === 'params' ? 'params' : where}.schoolId`, message: 'Required' }]);
    }
    const school =
      typeof schoolId !== 'string' || !UUID.test(schoolId)
        ? undefined
        : await options.db.selectFrom('schools').select(['id', 'district_id', 'name', 'timezone']).where('id', '=', schoolId).executeTakeFirst();
    const roles = school ? rolesInSchool(user, { id: school.id, districtId: school.district_id }) : [];
    // A school the caller has nothing to do with answers exactly like one that does not exist.
    if (!school || roles.length === 0) throw new AppError('not_found', 'That school was not found.');
    if (!roles.some((r) => allowed.includes(r))) {
      throw new AppError('forbidden', 'Your role in this school does not allow that.');
    }
    return { id: school.id, districtId: school.district_id, name: school.name, timezone: school.timezone, roles };
  }
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isDistrictRole = (role: Role) => (DISTRICT_ROLES as readonly Role[]).includes(role);
