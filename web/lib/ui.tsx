import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { SCHOOL_DATE_MAX, SCHOOL_DATE_MIN } from '../../schemas/bounds';
import { ApiError, errorMessage } from './api';

// The page loaded first keeps the browser's own focus; every later page moves focus to its h1, so screen
// reader and keyboard users start reading at the new page (a loading title replaced by the real one hands focus on).
let focusedPath = typeof window === 'undefined' ? '' : window.location.pathname;
let movedFocus = false;

/** The page's single h1; sets the document title and, after a client-side navigation, takes focus. */
export function PageTitle({ children, title, lead }: { children: ReactNode; title: string; lead?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Rounds`;
    const path = window.location.pathname;
    const focusLost = document.activeElement === null || document.activeElement === document.body;
    if (path !== focusedPath || (movedFocus && focusLost)) {
      focusedPath = path;
      movedFocus = true;
      ref.current?.focus();
    }
  }, [title]);
  return (
    <div className="page-title">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {lead ? <p className="lead">{lead}</p> : null}
    </div>
  );
}

/** A polite "loading" line for screen readers and sighted users alike. */
export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="loading">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** An error box with the server's message and a retry button. */
export function ErrorBox({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const status = error instanceof ApiError ? error.status : 0;
  const notFound = status === 404 || status === 403 || status === 400;
  // A GET answered 400 means the address itself is malformed (a cut-off id, say).
  const message = status === 400 ? 'This address is not valid; the link may have been cut short. Go back and try again.' : errorMessage(error);
  return (
    <div role="alert" className="notice notice-error">
      <p className="notice-title">{title ?? (notFound ? 'Not available' : 'This could not be loaded')}</p>
      <p>{message}</p>
      {onRetry && !notFound ? (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

interface QueryViewProps<T> {
  query: UseQueryResult<T>;
  what: string;
  /** For pages whose h1 comes from the data: the h1 shown while loading or on error. */
  pageTitle?: string;
  children: (data: T) => ReactNode;
}

/** Renders loading and error states of a query, and its data once there. */
export function QueryView<T>({ query, what, pageTitle, children }: QueryViewProps<T>) {
  if (query.isPending || query.isError) {
    return (
      <>
        {pageTitle ? <PageTitle title={pageTitle}>{pageTitle}</PageTitle> : null}
        {query.isPending ? <Loading what={what} /> : <ErrorBox error={query.error} onRetry={() => void query.refetch()} />}
      </>
    );
  }
  return <>{children(query.data)}</>;
}

/** What to do when there is nothing to show yet. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      <div>{children}</div>
    </div>
  );
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: string;
  error?: string;
}

/** A date field offers only the school days Rounds accepts (unless the page narrows them further). */
const withDateBounds = (input: InputHTMLAttributes<HTMLInputElement>) =>
  input.type === 'date' ? { ...input, min: input.min ?? SCHOOL_DATE_MIN, max: input.max ?? SCHOOL_DATE_MAX } : input;

/** A labelled input with its hint and inline error, wired up with aria-describedby and aria-invalid. */
export function Field({ label, hint, error, id, className, ...input }: FieldProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input id={inputId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...withDateBounds(input)} />
      {error ? (
        <p className="field-error" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A form-level message region: always in the DOM so screen readers announce changes. */
export function FormMessage({ error, success }: { error?: string; success?: string }) {
  return (
    <div role="alert" aria-atomic="true" className="form-message">
      {error ? (
        <p className="notice notice-error">{error}</p>
      ) : success ? (
        <p className="notice notice-success">{success}</p>
      ) : null}
    </div>
  );
}

/** The header of pages outside the signed-in layout (sign-in, not found, start-up errors). */
export function BrandHeader() {
  return (
    <header className="signin-header">
      <p className="brand brand-large">
        <span className="brand-mark" aria-hidden="true">
          R
        </span>
        Rounds
      </p>
    </header>
  );
}

/** A count with its label: "3 classes". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
