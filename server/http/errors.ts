import { databaseTrouble, type DatabaseTrouble } from '../../db/unavailable';

/** The error vocabulary of the API: stable codes, mapped to HTTP status in one place. */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'forbidden'
  | 'csrf_rejected'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal'
  | 'database_unavailable'
  | 'database_timeout'
  | 'database_busy';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  database_unavailable: 503,
  database_timeout: 503,
  database_busy: 503,
};

/** One problem with one input field; `path` is the field's location, e.g. `body.email` or `users.csv:12:email`. */
export interface FieldError {
  path: string;
  message: string;
}

/** An error the API reports to the caller as `{error: {code, message, fields?}}`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what = 'That') => new AppError('not_found', `${what} was not found.`);
export const forbidden = (message = 'You do not have permission to do that.') => new AppError('forbidden', message);
export const validation = (fields: FieldError[], message = 'Some fields need attention.') =>
  new AppError('validation_failed', message, fields);

/** Seconds a client is asked to wait (`Retry-After`) before trying again when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The 503 answered while the database cannot be reached, does not answer in time, or has no free connection. */
export function databaseUnavailable(trouble: DatabaseTrouble): AppError {
  const extra = { retryAfterSeconds: trouble === 'busy' ? 2 : DATABASE_RETRY_AFTER_SECONDS };
  switch (trouble) {
    case 'timeout':
      return new AppError('database_timeout', 'That took too long and was stopped. Try again in a moment.', undefined, extra);
    case 'busy':
      return new AppError('database_busy', 'Rounds is very busy right now. Try again in a moment.', undefined, extra);
    default:
      return new AppError('database_unavailable', 'Rounds cannot reach its database right now. Try again in a moment.', undefined, extra);
  }
}

/**
 * Maps a PostgreSQL error (by SQLSTATE, never by message text) to an API error, or undefined. A database that is
 * down, restarting, too slow or out of connections (db/unavailable.ts) is a 503 the client may retry.
 */
export function fromDatabaseError(error: unknown): AppError | undefined {
  const trouble = databaseTrouble(error);
  if (trouble) return databaseUnavailable(trouble);
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || code.length !== 5) return undefined;
  switch (code) {
    case '23505':
      return new AppError('conflict', 'That already exists.');
    case '23503':
      return new AppError('validation_failed', 'That refers to something that does not exist.');
    case '23514':
    case '23502':
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
      return new AppError('validation_failed', 'A value is not valid.');
    case '22021': // a NUL or otherwise invalid character in text
    case '22P05':
      return new AppError('validation_failed', 'A value contains a character that cannot be stored (such as a NUL). Remove it and try again.');
    case '42501': // a row-level security policy refused a row the application's own checks let through
      return new AppError('forbidden', 'You do not have permission to do that.');
    case '40001':
    case '40P01':
      return new AppError('conflict', 'The change collided with another one. Try again.');
    default:
      return undefined;
  }
}
