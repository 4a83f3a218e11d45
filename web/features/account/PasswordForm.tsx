import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ChangePasswordBody } from '../../../schemas/auth';
import { api, ApiError, errorMessage } from '../../lib/api';
import { Field, FormMessage } from '../../lib/ui';

const MIN_LENGTH = 12;

/** Change password: current, new and repeat; the server's field errors appear next to each input. */
export function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [repeatError, setRepeatError] = useState<string>();

  const change = useMutation({
    mutationFn: (body: ChangePasswordBody) => api<void>('/api/me/password', { json: body }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeat('');
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (change.isPending) return;
    if (next !== repeat) {
      change.reset();
      setRepeatError('The two new passwords are not the same');
      return;
    }
    setRepeatError(undefined);
    change.mutate({ currentPassword: current, newPassword: next });
  };

  const error = change.error instanceof ApiError ? change.error : undefined;
  const currentError = error?.fieldMessages('currentPassword');
  const newError = error?.fieldMessages('newPassword');
  const formError = repeatError
    ? 'Check the highlighted fields.'
    : change.isError
      ? error?.fields.length
        ? `Check the highlighted fields: ${error.fields.map((f) => f.message).join('; ')}.`
        : errorMessage(change.error)
      : undefined;

  return (
    <section aria-labelledby="password-heading" className="card section">
      <h2 id="password-heading">Change password</h2>
      <form onSubmit={onSubmit} noValidate>
        <Field
          label="Current password"
          type="password"
          name="currentPassword"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={currentError}
          required
        />
        <Field
          label="New password"
          hint={`At least ${MIN_LENGTH} characters. A few unrelated words make a strong, memorable password.`}
          type="password"
          name="newPassword"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={newError}
          minLength={MIN_LENGTH}
          required
        />
        <Field
          label="Repeat new password"
          type="password"
          name="repeatPassword"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => {
            setRepeat(e.target.value);
            setRepeatError(undefined);
          }}
          error={repeatError}
          required
        />
        <FormMessage
          error={formError}
          success={change.isSuccess ? 'Your password was changed. Other devices where you were signed in have been signed out.' : undefined}
        />
        <button type="submit" className="button button-primary" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
