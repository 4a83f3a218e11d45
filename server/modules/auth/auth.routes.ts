import { z } from 'zod';
import { ChangePasswordBody, LoginBody, MeResponse } from '../../../schemas/auth';
import { ErrorBody } from '../../../schemas/common';
import { access } from '../../http/access';
import type { App, Deps } from '../../http/types';
import { changePassword, describeMe, login, logout, SESSION_COOKIE } from './auth.service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody };

/** Sign-in, sign-out, the current user and password change. */
export async function authRoutes(app: App, { db, config }: Deps): Promise<void> {
  const cookieOptions = (expires?: Date) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secure,
    ...(expires ? { expires } : {}),
  });

  app.post('/api/auth/login', {
    config: { access: access.public },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with email and password; sets the session cookie',
      body: LoginBody,
      response: { 204: z.null(), ...errors },
    },
    handler: async (request, reply) => {
      const session = await login(db, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        sessionDays: config.sessionDays,
      });
      // A new token at every sign-in: a session id fixed before sign-in is never reused.
      reply.setCookie(SESSION_COOKIE, session.token, cookieOptions(session.expiresAt));
      return reply.code(204).send(null);
    },
  });

  app.post('/api/auth/logout', {
    config: { access: access.public },
    schema: { tags: ['auth'], summary: 'Sign out: ends the session and clears the cookie', response: { 204: z.null(), 403: ErrorBody } },
    handler: async (request, reply) => {
      await logout(db, request.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, cookieOptions());
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
}
