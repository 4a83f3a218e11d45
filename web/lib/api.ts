import type { ErrorBody } from '../../schemas/common';

/** One problem with one input, as the API reports it (`body.email`, `users.csv:12:email`, ...). */
export type FieldError = NonNullable<ErrorBody['error']['fields']>[number];

/** An API failure with the server's code, message and field-level problems. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }

  /** The first message for a body field (`currentPassword` matches `body.currentPassword`). */
  fieldMessage(name: string): string | undefined {
    return this.fields.find((f) => f.path === name || f.path === `body.${name}` || f.path.endsWith(`.${name}`))?.message;
  }

  /** All messages for one field, joined into one sentence list. */
  fieldMessages(name: string): string | undefined {
    const messages = [
      ...new Set(this.fields.filter((f) => f.path === name || f.path === `body.${name}` || f.path.endsWith(`.${name}`)).map((f) => f.message)),
    ];
    return messages.length ? messages.join('. ') : undefined;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401 && this.code === 'unauthenticated';
  }
}

const FALLBACK: Record<number, string> = {
  400: 'The request was not accepted. Check what you entered and try again.',
  401: 'Sign in to continue.',
  403: 'You do not have permission to do that.',
  404: 'That was not found. It may have been removed, or the link is out of date.',
  413: 'The upload is too large.',
  429: 'Too many attempts. Wait a few minutes and try again.',
  // A proxy in front of Rounds answers these when Rounds itself is restarting or out of reach.
  502: 'Rounds is not available right now. Try again in a moment.',
  503: 'Rounds is not available right now. Try again in a moment.',
  504: 'Rounds did not answer in time. Try again in a moment.',
};

function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown } | undefined;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}

/** Turns a failed response into an ApiError, using the server's error shape when it has one. */
async function toApiError(response: Response): Promise<ApiError> {
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    parsed = undefined;
  }
  if (isErrorBody(parsed)) {
    const { code, message, fields, ...details } = parsed.error;
    return new ApiError(response.status, code, message, Array.isArray(fields) ? fields : [], details);
  }
  const message = FALLBACK[response.status] ?? `Something went wrong on our side (HTTP ${response.status}). Try again in a moment.`;
  return new ApiError(response.status, `http_${response.status}`, message);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as multipart/form-data (the browser sets the boundary). */
  form?: FormData;
  signal?: AbortSignal;
}

/** Calls the Rounds API: same-origin cookies, JSON in and out, errors as ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Could not reach Rounds. Check your connection and try again.');
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Encodes one path segment. */
export const seg = (value: string) => encodeURIComponent(value);

/** A readable message for any error a query or mutation can throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Try again.';
}
