import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ChangePasswordBody,
  LoginBody,
  LoginNext,
  MeResponse,
  RecoveryCodes,
  SignInState,
  TwoStepCodeBody,
  TwoStepEnrolment,
  TwoStepStatus,
} from '../../../schemas/auth';
import { ErrorBody, Id } from '../../../schemas/common';
import { access } from '../../http/access';
import type { App, Deps } from '../../http/types';
import { changePassword, describeMe, login, logout, SESSION_COOKIE, type OpenedSession } from './auth.service';
import { completeTwoStep, confirmEnrolment, disableTwoStep, resetTwoStep, signInState, startEnrolment, twoStepStatus } from './two-step.service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody };

/** Sets the cookie of a newly opened session (a new token at every step: a token fixed before sign-in is never reused). */
export function setSessionCookie(reply: FastifyReply, session: OpenedSession, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: session.expiresAt });
}

/** Sign-in (password, then the two-step code when owed), sign-out, the current user and password change. */
export async function authRoutes(app: App, { db, config }: Deps): Promise<void> {
  const caller = (request: FastifyRequest) => ({
    token: request.cookies[SESSION_COOKIE],
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    sessionDays: config.sessionDays,
  });

  app.post('/api/auth/login', {
    config: { access: access.publicService },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with email and password; sets the session cookie. 204: signed in; 200: a second step is owed',
      body: LoginBody,
      response: { 200: LoginNext, 204: z.null(), ...errors },
    },
    handler: async (request, reply) => {
      const session = await login(db, { ...request.body, ...caller(request), previousToken: request.cookies[SESSION_COOKIE] });
      setSessionCookie(reply, session, config.secure);
      if (session.stage === 'full') return reply.code(204).send(null);
      return reply.code(200).send({ next: session.stage });
    },
  });

  app.get('/api/auth/state', {
    config: { access: access.publicService },
    schema: { tags: ['auth'], summary: "Where this browser's sign-in stands (signed out, owing a code or enrolment, signed in)", response: { 200: SignInState } },
    handler: async (request) => signInState(db, request.cookies[SESSION_COOKIE]),
  });

  app.post('/api/auth/two-step', {
    config: { access: access.publicService },
    schema: {
      tags: ['auth'],
      summary: 'The second step of signing in: an authenticator code or a recovery code; sets a new session cookie',
      body: TwoStepCodeBody,
      response: { 204: z.null(), ...errors },
    },
    handler: async (request, reply) => {
      const session = await completeTwoStep(db, caller(request), request.body.code);
      setSessionCookie(reply, session, config.secure);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/auth/two-step/enrolment', {
    config: { access: access.publicService },
    schema: {
      tags: ['auth'],
      summary: 'Start setting up an authenticator app (signed in, or signed in with a password and owing enrolment)',
      response: { 200: TwoStepEnrolment, 401: ErrorBody, 403: ErrorBody },
    },
    handler: async (request) => startEnrolment(db, request.cookies[SESSION_COOKIE]),
  });

  app.post('/api/auth/two-step/enrolment/confirm', {
    config: { access: access.publicService },
    schema: {
      tags: ['auth'],
      summary: 'Confirm the authenticator with a code from it; returns recovery codes once and completes a restricted sign-in',
      body: TwoStepCodeBody,
      response: { 200: RecoveryCodes, ...errors },
    },
    handler: async (request, reply) => {
      const result = await confirmEnrolment(db, caller(request), request.body.code);
      if (result.session) setSessionCookie(reply, result.session, config.secure);
      return { recoveryCodes: result.recoveryCodes };
    },
  });

  app.post('/api/auth/logout', {
    config: { access: access.publicService },
    schema: { tags: ['auth'], summary: 'Sign out: ends the session and clears the cookie', response: { 204: z.null(), 403: ErrorBody } },
    handler: async (request, reply) => {
      await logout(db, request.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secure });
      return reply.code(204).send(null);
    },
  });

  app.get('/api/me', {
    config: { access: access.signedIn },
    schema: { tags: ['auth'], summary: 'The signed-in user, their schools and roles', response: { 200: MeResponse, 401: ErrorBody } },
    handler: async (request) => describeMe(db, request.user!),
  });

  app.post('/api/me/password', {
    config: { access: access.signedIn },
    schema: {
      tags: ['auth'],
      summary: "Change the signed-in user's password; signs out their other sessions",
      body: ChangePasswordBody,
      response: { 204: z.null(), ...errors },
    },
    handler: async (request, reply) => {
      await changePassword(db, request.user!, { ...request.body, ip: request.ip });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/me/two-step/disable', {
    config: { access: access.signedIn },
    schema: {
      tags: ['auth'],
      summary: 'Turn two-step verification off with a current code (not for roles that require it)',
      body: TwoStepCodeBody,
      response: { 204: z.null(), 409: ErrorBody, ...errors },
    },
    handler: async (request, reply) => {
      await disableTwoStep(db, request.user!, request.body.code, request.ip);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/admin/people/:personId/two-step', {
    config: { access: access.district('district_admin') },
    schema: {
      tags: ['auth'],
      summary: "A staff member's two-step verification (set up or not, recovery codes left), for their district admin",
      params: z.object({ personId: Id }),
      response: { 200: TwoStepStatus, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
    handler: async (request) => twoStepStatus(db, request.user!, request.params.personId),
  });

  app.post('/api/admin/people/:personId/two-step/reset', {
    config: { access: access.district('district_admin') },
    schema: {
      tags: ['auth'],
      summary: "Reset another staff member's two-step verification (lost phone): removes it and its recovery codes and ends their sessions",
      params: z.object({ personId: Id }),
      response: { 204: z.null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
    handler: async (request, reply) => {
      await resetTwoStep(db, request.user!, request.params.personId, request.ip);
      return reply.code(204).send(null);
    },
  });
}
