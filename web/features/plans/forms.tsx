import { useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { FormMessage } from '../../lib/ui';

/** The field-level message of a failed mutation for one body field. */
export const fieldError = (error: unknown, name: string) => (error instanceof ApiError ? error.fieldMessage(name) : undefined);

/** The form-level message: "check the fields" when the server named fields, else its message. */
export function MutationMessage({ error, success }: { error: unknown; success?: string }) {
  const text = error ? (error instanceof ApiError && error.fields.length ? 'Check the fields marked above.' : errorMessage(error)) : undefined;
  return <FormMessage error={text} success={error ? undefined : success} />;
}

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  /** Keep the label for screen readers only (where the context already says it). */
  hideLabel?: boolean;
  error?: string;
  children: ReactNode;
}
/** A labelled select with its inline error. */
export function SelectField({ label, hideLabel, error, children, className, ...select }: SelectProps) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select}>
        {children}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface AreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  error?: string;
}
/** A labelled textarea with its inline error. */
export function TextArea({ label, error, className, ...area }: AreaProps) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={3} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...area} />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}
