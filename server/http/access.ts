import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { DISTRICT_ROLES, type Role } from '../../schemas/common';
import type { Db } from '../../db/database';
import { NO_ACCESS, runWithScope, withServiceRights, type DbScope, type ScopeHolder } from '../../db/scope';
import { databaseTrouble } from '../../db/unavailable';
import { AppError } from './errors';

/**
 * Who may call a route. Every API route declares one in `config.access`; the app refuses to start otherwise.
 * - `public`: anyone, signed in or not. Until signed in, the request's queries see no school data (row-level
 *   security); `service: true` marks the few public routes that find their data by a secret they were given
 *   (sign-in, the single sign-on callback, a calendar feed's private address) and run with the service's rights.
 * - `signedIn`: any signed-in user (the module's policy narrows what they see).
 * - `school`: the request names a school (`schoolId` in the path by default, or in the query string or JSON body
 *   with `from`); the user must hold one of `roles` in that school (district roles count in every school of
 *   their district). A school the user has no role in answers 404.
 * - `district`: the user must hold one of `roles` district-wide.
 */
export type Access =
  | { kind: 'public'; service?: true }
  | { kind: 'signedIn' }
  | { kind: 'school'; roles: readonly Role[]; from?: 'query' | 'body' }
  | { kind: 'district'; roles: readonly Role[] };

export const access = {
  public: { kind: 'public' } as Access,
  /** Public, and its queries run with the service's rights: only for routes that check a secret themselves. */
  publicService: { kind: 'public', service: true } as Access,
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
  /** The schools of the caller's school roles, read with the session (in the caller's district). */
  schools?: Map<string, { name: string; timezone: string }>;
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
    /**
     * `false` on a public route that never asks who is calling: the gate does not look up the session, so the route
     * answers without waiting on the database (the health check, while the database is down or frozen).
     */
    session?: false;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    school: RequestSchool | null;
    /** The database scope of this request's queries (row-level security). */
    dbScope: ScopeHolder | null;
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
  /** How long each of the request's statements may run (server/http/timeouts.ts); unlimited when absent. */
  statementTimeoutFor?: (request: FastifyRequest) => number | undefined;
}

/** Installs the single place where route access is declared and enforced. */
export const accessPlugin = fp(async (app: FastifyInstance, options: AccessOptions) => {
  app.decorateRequest('user', null);
  app.decorateRequest('school', null);
  app.decorateRequest('dbScope', null);

  // Every API request's queries run in its own database scope, which starts with no access and is widened to the
  // caller's district and schools once they are known, then narrowed to the school a school route is about.
  // The body is read on stream events that lose the scope, so it is entered again before validation and the handler.
  app.addHook('onRequest', (request, _reply, done) => {
    const rule = request.routeOptions.config.access;
    if (!rule) return done();
    const holder: ScopeHolder = {
      scope: rule.kind === 'public' && rule.service ? { kind: 'service' } : NO_ACCESS,
      statementTimeoutMs: options.statementTimeoutFor?.(request),
    };
    request.dbScope = holder;
    runWithScope(holder, done);
  });
  const reenter = (request: FastifyRequest, _reply: unknown, done: () => void) => {
    if (!request.dbScope) return done();
    runWithScope(request.dbScope, done);
  };
  app.addHook('preValidation', reenter);
  app.addHook('preHandler', reenter);
  const narrow = (request: FastifyRequest, scope: DbScope) => {
    if (request.dbScope && request.dbScope.scope.kind === 'request') request.dbScope.scope = scope;
  };

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
    if (rule.kind === 'public' && request.routeOptions.config.session === false) return;
    // The session is found by its secret token, before anyone is known: with the service's rights. When the
    // database cannot be reached the error (a 503) stands, except on public routes, which go on as signed out:
    // the health check reports the outage in its own words.
    request.user = await withServiceRights(() => options.loadUser(request)).catch((error: unknown) => {
      if (rule.kind === 'public' && databaseTrouble(error)) return null;
      throw error;
    });
    const user = request.user;
    if (user) narrow(request, { kind: 'request', districtId: user.districtId, schoolIds: user.districtRoles.length > 0 ? 'all' : [...user.schoolRoles.keys()] });
    if (rule.kind === 'public') return;
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
    narrow(request, { kind: 'request', districtId: user.districtId, schoolIds: [request.school.id] });
  });

  app.addHook('preValidation', async (request) => {
    const rule = request.routeOptions.config.access;
    if (rule?.kind !== 'school' || rule.from !== 'body' || !request.user) return;
    request.school = await resolveSchool(request.user, (request.body as { schoolId?: unknown } | undefined)?.schoolId, rule.roles, 'body');
    narrow(request, { kind: 'request', districtId: request.user.districtId, schoolIds: [request.school.id] });
  });

  /** Finds the school and checks the caller's roles there: 404 for a stranger, 403 for a role not allowed. */
  async function resolveSchool(user: SessionUser, schoolId: unknown, allowed: readonly Role[], where: string): Promise<RequestSchool> {
    if (schoolId === undefined || schoolId === null || schoolId === '') {
      throw new AppError('validation_failed', 'Say which school.', [{ path: `${where === 'params' ? 'params' : where}.schoolId`, message: 'Required' }]);
    }
    const known = typeof schoolId === 'string' ? user.schools?.get(schoolId) : undefined;
    const school = known
      ? { id: schoolId as string, district_id: user.districtId, ...known }
      : typeof schoolId !== 'string' || !UUID.test(schoolId)
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
