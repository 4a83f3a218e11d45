import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SsoProviders, SsoSettings, SsoSettingsBody } from '../../../schemas/auth';
import { ErrorBody } from '../../../schemas/common';
import { access } from '../../http/access';
import { ownOrigin } from '../../http/csrf';
import type { App, Deps } from '../../http/types';
import { setSessionCookie } from '../auth/auth.routes';
import { SESSION_COOKIE } from '../auth/auth.service';
import { finishSignIn, getSettings, listProviders, saveSettings, SsoRefused, startSignIn } from './sso.service';

const STATE_COOKIE = 'rounds_sso_state';
const CALLBACK = '/api/auth/sso/callback';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Only a path on this site is a place to return to after signing in. */
const safePath = (value: unknown) => (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value.slice(0, 500) : '/');

/** OpenID Connect single sign-on: the sign-in buttons, the redirect to the provider and back, the admin's settings. */
export async function ssoRoutes(app: App, { db, config }: Deps): Promise<void> {
  const redirectUri = (request: FastifyRequest) => `${ownOrigin(request, config.publicUrl)}${CALLBACK}`;
  const stateCookie = { path: '/api/auth/sso', httpOnly: true, sameSite: 'lax' as const, secure: config.secure };

  app.get('/api/auth/sso/providers', {
    config: { access: access.publicService },
    schema: { tags: ['auth'], summary: 'Districts that offer single sign-on (for the sign-in page)', response: { 200: SsoProviders } },
    handler: async () => listProviders(db),
  });

  app.get('/api/auth/sso/:districtId/start', {
    config: { access: access.publicService },
    schema: {
      tags: ['auth'],
      summary: "Start single sign-on with the district's identity provider: redirects there (authorization code flow with PKCE)",
      params: z.object({ districtId: z.string().regex(UUID, 'Not a district id') }),
      querystring: z.object({ redirect: z.string().max(500).optional() }),
      response: { 302: z.null(), 400: ErrorBody, 404: ErrorBody },
    },
    handler: async (request, reply) => {
      try {
        const { url, state } = await startSignIn(db, request.params.districtId, safePath(request.query.redirect), redirectUri(request));
        reply.setCookie(STATE_COOKIE, state, { ...stateCookie, maxAge: 600 });
        return reply.redirect(url, 302);
      } catch (error) {
        if (error instanceof SsoRefused) return reply.redirect(`/sign-in/refused?reason=${error.reason}`, 302);
        throw error;
      }
    },
  });

  app.get(CALLBACK, {
    config: { access: access.publicService },
    schema: {
      tags: ['auth'],
      summary: 'Where the identity provider sends the browser back: signs in, or explains the refusal',
      querystring: z.record(z.string(), z.unknown()),
      response: { 302: z.null() },
    },
    handler: async (request, reply) => {
      const callbackUrl = new URL(redirectUri(request));
      callbackUrl.search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const cookieState = request.cookies[STATE_COOKIE];
      reply.clearCookie(STATE_COOKIE, stateCookie);
      try {
        const { session, returnTo } = await finishSignIn(db, {
          callbackUrl,
          cookieState,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          sessionDays: config.sessionDays,
          previousToken: request.cookies[SESSION_COOKIE],
        });
        setSessionCookie(reply, session, config.secure);
        const next = session.stage === 'full' ? returnTo : `/sign-in/two-step${returnTo === '/' ? '' : `?redirect=${encodeURIComponent(returnTo)}`}`;
        return reply.redirect(next, 302);
      } catch (error) {
        if (!(error instanceof SsoRefused)) throw error;
        if (error.reason === 'provider_error' || error.reason === 'unavailable') request.log.warn({ reason: error.reason, detail: error.message }, 'single sign-on failed');
        return reply.redirect(`/sign-in/refused?reason=${error.reason}`, 302);
      }
    },
  });

  app.get('/api/admin/sso', {
    config: { access: access.district('district_admin') },
    schema: { tags: ['auth'], summary: "The district's single sign-on settings (the client secret is never returned)", response: { 200: SsoSettings, 401: ErrorBody, 403: ErrorBody } },
    handler: async (request) => getSettings(db, request.user!, redirectUri(request)),
  });

  app.put('/api/admin/sso', {
    config: { access: access.district('district_admin') },
    schema: {
      tags: ['auth'],
      summary: "Save the district's single sign-on settings; turning it on checks the provider's configuration",
      body: SsoSettingsBody,
      response: { 200: SsoSettings, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
    handler: async (request) => saveSettings(db, request.user!, request.body, redirectUri(request), request.ip),
  });
}
