import path from 'node:path';

/** Settings read once from the environment at start-up. */
export interface Config {
  port: number;
  host: string;
  /** External PostgreSQL; when absent the embedded server is started. */
  databaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  /** NODE_ENV=production: Rounds refuses to start with demo data or default secrets. */
  production: boolean;
  logLevel: string;
  /** The public origin (scheme://host[:port]) when behind a proxy; otherwise taken from the request. */
  publicUrl: string | undefined;
  /** Serve cookies with Secure and send HSTS: on when PUBLIC_URL is https. */
  secure: boolean;
  sessionDays: number;
  /** A session unused for this many hours ends. */
  sessionIdleHours: number;
  webDir: string;
  trustProxy: boolean;
  /** SMTP server for email (smtp://user:pass@host:port or smtps://...); without it emails wait in the outbox. */
  smtpUrl: string | undefined;
  /** The From address of Rounds' email. */
  mailFrom: string;
  /** ROUNDS_SECRET_KEY: encrypts stored secrets (authenticator secrets, the SSO client secret); required in production. */
  secretKey: Buffer | undefined;
  /** ROUNDS_SECRET_KEY_PREVIOUS: the key before a rotation; values under it are re-encrypted at start-up. */
  secretKeyPrevious: Buffer | undefined;
  /**
   * How long one database statement of a request may run (PostgreSQL's statement_timeout), by kind of request:
   * reads, writes, and exports, PDFs and roster imports (server/http/timeouts.ts). Past it the request answers 503.
   */
  statementTimeoutMs: { read: number; write: number; export: number };
  /** How long a request waits for a database connection (a free one from the pool, or a new one) before a 503. */
  dbConnectTimeoutMs: number;
  /** The HTTP server's limits (Node's http.Server settings): receiving a whole request, its headers, idle sockets. */
  http: { requestTimeoutMs: number; headersTimeoutMs: number; keepAliveTimeoutMs: number; connectionTimeoutMs: number };
}

/** A whole number of milliseconds from the environment, or the default; throws with the variable's name otherwise. */
function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of milliseconds of at least ${min}, got "${text}"`);
  return value;
}

/**
 * Parses a 32-byte key given as 64 hex digits or as base64 (standard or URL-safe); undefined when unset. Throws
 * with the variable's name on anything else: a short or mistyped key must never be stretched or padded silently.
 */
export function parseSecretKey(name: string, value: string | undefined): Buffer | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const bytes = /^[0-9a-f]{64}$/i.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)
      ? Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
      : undefined;
  if (!bytes || bytes.length !== 32) {
    throw new Error(`${name} must be 32 random bytes written as 64 hex digits or base64 (make one with: openssl rand -base64 32)`);
  }
  return bytes;
}

/** Reads the configuration; throws with a clear message on an invalid value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const publicUrl = env.PUBLIC_URL?.replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\/[^/]+$/.test(publicUrl)) {
    throw new Error(`PUBLIC_URL must look like https://rounds.example.org, got "${env.PUBLIC_URL}"`);
  }
  if (env.SMTP_URL && !/^smtps?:\/\//.test(env.SMTP_URL)) throw new Error(`SMTP_URL must start with smtp:// or smtps://, got "${env.SMTP_URL}"`);
  const sessionDays = Number(env.SESSION_DAYS ?? 14);
  if (!(sessionDays > 0)) throw new Error(`SESSION_DAYS must be a positive number, got "${env.SESSION_DAYS}"`);
  const sessionIdleHours = Number(env.SESSION_IDLE_HOURS ?? 12);
  if (!(sessionIdleHours > 0)) throw new Error(`SESSION_IDLE_HOURS must be a positive number, got "${env.SESSION_IDLE_HOURS}"`);
  const http = {
    requestTimeoutMs: milliseconds(env, 'ROUNDS_HTTP_REQUEST_TIMEOUT_MS', 300_000),
    headersTimeoutMs: milliseconds(env, 'ROUNDS_HTTP_HEADERS_TIMEOUT_MS', 30_000),
    keepAliveTimeoutMs: milliseconds(env, 'ROUNDS_HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000),
    connectionTimeoutMs: milliseconds(env, 'ROUNDS_HTTP_IDLE_TIMEOUT_MS', 130_000),
  };
  // Node requires the headers to arrive within the time allowed for the whole request.
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    throw new Error('ROUNDS_HTTP_HEADERS_TIMEOUT_MS must not be longer than ROUNDS_HTTP_REQUEST_TIMEOUT_MS');
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.ROUNDS_DATA_DIR ?? 'data'),
    demo: env.ROUNDS_DEMO !== '0',
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL ?? 'info',
    publicUrl,
    secure: publicUrl?.startsWith('https://') ?? false,
    sessionDays,
    sessionIdleHours,
    webDir: path.resolve(env.ROUNDS_WEB_DIR ?? 'dist/web'),
    trustProxy: env.TRUST_PROXY === '1',
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Rounds <rounds@localhost>',
    secretKey: parseSecretKey('ROUNDS_SECRET_KEY', env.ROUNDS_SECRET_KEY),
    secretKeyPrevious: parseSecretKey('ROUNDS_SECRET_KEY_PREVIOUS', env.ROUNDS_SECRET_KEY_PREVIOUS),
    statementTimeoutMs: {
      read: milliseconds(env, 'ROUNDS_STATEMENT_TIMEOUT_MS', 5_000),
      write: milliseconds(env, 'ROUNDS_WRITE_STATEMENT_TIMEOUT_MS', 10_000),
      export: milliseconds(env, 'ROUNDS_EXPORT_STATEMENT_TIMEOUT_MS', 60_000),
    },
    dbConnectTimeoutMs: milliseconds(env, 'ROUNDS_DB_CONNECT_TIMEOUT_MS', 10_000),
    http,
  };
}
