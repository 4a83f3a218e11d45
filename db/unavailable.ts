/**
 * Why the database could not answer: it cannot be reached (stopped, restarting, connection lost), it did not
 * answer in time (a statement over its limit, or a server that stopped responding), or every connection is busy.
 */
export type DatabaseTrouble = 'unreachable' | 'timeout' | 'busy';

/** Thrown by the connection pools (db/database.ts) when the database is not there to answer. */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly trouble: DatabaseTrouble,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Socket errors that mean the server is not there (any more). */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether an error means the database is unavailable, and why; undefined for every other error (a constraint, a
 * bug). By SQLSTATE or socket error code, never by message text.
 */
export function databaseTrouble(error: unknown, depth = 0): DatabaseTrouble | undefined {
  if (error instanceof DatabaseUnavailableError) return error.trouble;
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: unknown };
  // An error wrapped by the code that met it (`new Error(..., {cause})`) still says what happened.
  if (typeof code !== 'string') return cause !== undefined && depth < 3 ? databaseTrouble(cause, depth + 1) : undefined;
  if (NETWORK.has(code)) return 'unreachable';
  switch (code) {
    case '57014': // query_canceled: the statement ran past statement_timeout
      return 'timeout';
    case '53300': // too_many_connections
      return 'busy';
    case '57P01': // admin_shutdown: the server is shutting down (or terminated the connection)
    case '57P02': // crash_shutdown: another server process crashed
    case '57P03': // cannot_connect_now: starting up or in recovery
      return 'unreachable';
    default:
      return code.length === 5 && code.startsWith('08') ? 'unreachable' : undefined; // connection exceptions
  }
}
