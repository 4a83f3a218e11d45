import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyReply } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { access, accessPlugin, type RouteRule } from './http/access';
import { checkOrigin } from './http/csrf';
import { statementTimeoutFor } from './http/timeouts';
import { AppError, fromDatabaseError, type FieldError } from './http/errors';
import type { App, Deps } from './http/types';
import { authRoutes } from './modules/auth/auth.routes';
import { SESSION_COOKIE, userForToken } from './modules/auth/auth.service';
import { healthRoutes } from './modules/health/health.routes';
import { peopleRoutes } from './modules/people/people.routes';
import { rosterRoutes } from './modules/rosters/rosters.routes';
import { visitsRoutes } from './modules/visits/visits.routes';
import { habitRoutes } from './modules/habit/habit.routes';
import { conversationRoutes } from './modules/conversations/conversations.routes';
import { insightsRoutes } from './modules/insights/insights.routes';
import { goalRoutes } from './modules/goals/goals.routes';
import { assessmentRoutes } from './modules/assessments/assessments.routes';
import { curriculumRoutes } from './modules/curriculum/curriculum.routes';
import { cultureRoutes } from './modules/culture/culture.routes';
import { teamRoutes } from './modules/teams/teams.routes';
import { planRoutes } from './modules/plans/plans.routes';
import { evaluationRoutes } from './modules/evaluation/evaluation.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { privacyRoutes } from './modules/privacy/privacy.routes';
import { ssoRoutes } from './modules/sso/sso.routes';
import { coachingRoutes } from './modules/coaching/coaching.routes';
import { expertiseRoutes } from './modules/expertise/expertise.routes';

/** Route modules, each registering its own routes with their access rules. */
const MODULES = [healthRoutes, authRoutes, peopleRoutes, rosterRoutes, visitsRoutes, habitRoutes, conversationRoutes, insightsRoutes, goalRoutes, assessmentRoutes, curriculumRoutes, cultureRoutes, teamRoutes, planRoutes, auditRoutes, privacyRoutes, evaluationRoutes, coachingRoutes, expertiseRoutes, ssoRoutes];

export interface BuiltApp {
  app: App;
  /** Every registered route with its access rule (the authorization matrix walks these). */
  rules: RouteRule[];
}

/** Builds the HTTP application around an open database; the caller listens and closes. */
export async function buildApp(
  deps: Deps,
  options: { logger?: FastifyBaseLogger; extraRoutes?: (app: App) => void } = {},
): Promise<BuiltApp> {
  const rules: RouteRule[] = [];
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    // No client holds a socket for ever: the whole request must arrive in time, idle sockets are closed.
    requestTimeout: deps.config.http.requestTimeoutMs,
    connectionTimeout: deps.config.http.connectionTimeoutMs,
    keepAliveTimeout: deps.config.http.keepAliveTimeoutMs,
    http: {
      headersTimeout: deps.config.http.headersTimeoutMs,
      // Node checks the request and header limits this often (30 s by default, which would double a 30 s limit).
      connectionsCheckingInterval: Math.min(5_000, deps.config.http.headersTimeoutMs),
    },
    routerOptions: { ignoreTrailingSlash: true },
    // Malformed addresses and over-long path parameters answer in the API's error shape too.
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void (reply as FastifyReply)
        .code(tooLong ? 414 : 400)
        .send({ error: { code: 'validation_failed', message: tooLong ? 'A part of the address is too long.' : 'The address is not valid.' } });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    // HSTS and upgrade-insecure-requests only over HTTPS: they break a plain-http install on a school LAN.
    hsts: deps.config.secure,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // No inline styles: charts drop Plot's <style> elements (web/features/insights/Chart.tsx); React's style
        // props set properties through the CSSOM, which style-src does not govern.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        ...(deps.config.secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Rounds API', description: 'Instructional leadership: visits, evidence, conversations.', version: deps.version },
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/')) checkOrigin(request, deps.config.publicUrl, request.cookies[SESSION_COOKIE] !== undefined);
  });
  // API answers are about one person's data at one moment: no browser or proxy keeps them. Routes with a reason to be
  // cached say so themselves (the calendar feed, visit photos).
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  await app.register(accessPlugin, {
    db: deps.db,
    rules,
    loadUser: (request) => userForToken(deps.db, request.cookies[SESSION_COOKIE], deps.config.sessionIdleHours),
    statementTimeoutFor: (request) => statementTimeoutFor(request, deps.config),
  });

  const unavailable = { loggedAt: 0, count: 0 };
  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: FieldError[] = error.validation.map((issue) => ({
        path: [error.validationContext ?? 'body', ...String(issue.instancePath).split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'is not valid',
      }));
      return reply.code(400).send({ error: { code: 'validation_failed', message: 'Some fields need attention.', fields } });
    }
    const appError = error instanceof AppError ? error : fromDatabaseError(error);
    if ((error as { code?: unknown }).code === '42501') request.log.warn({ err: error }, 'row-level security refused a query the application allowed');
    if (appError) {
      if (appError.status === 503) {
        // The database is down, restarting, too slow or out of connections: the client tries again shortly. One
        // line every few seconds says so, with how many requests it turned away, rather than one line per request.
        unavailable.count++;
        if (Date.now() - unavailable.loggedAt >= 5_000) {
          request.log.warn({ code: appError.code, reason: error instanceof Error ? error.message : String(error), requests: unavailable.count }, 'database unavailable: requests answered 503');
          unavailable.loggedAt = Date.now();
          unavailable.count = 0;
        }
      }
      if ((appError.code === 'rate_limited' || appError.status === 503) && typeof appError.extra?.retryAfterSeconds === 'number') {
        reply.header('retry-after', String(appError.extra.retryAfterSeconds));
      }
      return reply
        .code(appError.status)
        .send({ error: { code: appError.code, message: appError.message, ...(appError.fields ? { fields: appError.fields } : {}), ...appError.extra } });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'validation_failed';
      const message =
        status === 413 ? 'The upload is too large.' : status === 415 ? 'That content type is not accepted here.' : `The request is not valid: ${(error as Error).message}`;
      return reply.code(status).send({ error: { code, message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'Something went wrong on our side. It has been logged; try again.' } });
  });

  app.get('/api/openapi.json', {
    config: { access: access.public },
    schema: { tags: ['operations'], summary: 'This OpenAPI 3 document' },
    handler: async () => app.swagger(),
  });

  for (const register of MODULES) await register(app, deps);
  options.extraRoutes?.(app);

  const webDir = deps.config.webDir;
  const hasWeb = existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: true, // files from a rebuild are served without a restart
      index: false,
      schemaHide: true,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        // Hashed build assets never change; everything else (HTML, service worker, manifest) is revalidated.
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return reply.code(404).send({ error: { code: 'not_found', message: `No API route ${request.method} ${request.url.split('?')[0]}.` } });
    }
    if (!hasWeb) return reply.code(404).type('text/plain').send('The web app is not built. Run `npm run build`.');
    const pathname = request.url.split('?')[0]!;
    // The visit capture screen is its own small page (fast on a phone); the single-page app handles the rest.
    const page = pathname.startsWith('/visits/new') && existsSync(path.join(webDir, 'capture.html')) ? 'capture.html' : 'index.html';
    return reply.header('cache-control', 'no-cache').sendFile(page);
  });

  await app.ready();
  return { app, rules };
}
