import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { RecoveryCodes, TwoStepEnrolment } from '../../../schemas/auth';
import { api, ApiError, errorMessage } from '../../lib/api';
import { Field, FormMessage } from '../../lib/ui';

/**
 * Sets up an authenticator app: shows the QR code (made by Rounds, no outside service) and the secret to type in,
 * asks for a code to confirm, then shows the recovery codes once.
 */
export function EnrolTwoStep({ onDone, doneLabel }: { onDone: () => void; doneLabel: string }) {
  const [code, setCode] = useState('');
  const start = useMutation({ mutationFn: () => api<TwoStepEnrolment>('/api/auth/two-step/enrolment', { method: 'POST' }) });
  const confirm = useMutation({ mutationFn: (body: { code: string }) => api<RecoveryCodes>('/api/auth/two-step/enrolment/confirm', { json: body }) });

  if (confirm.data) {
    return (
      <div>
        <FormMessage success="Two-step verification is on." />
        <h3 id="recovery-heading">Your recovery codes</h3>
        <p>
          Each code signs you in once if you lose your phone. Keep them somewhere safe, away from your phone: they are shown only
          now.
        </p>
        <ul className="plain-list recovery-codes mono" aria-labelledby="recovery-heading">
          {confirm.data.recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <button type="button" className="button button-primary" onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    );
  }

  if (!start.data) {
    return (
      <div>
        <p>You need an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator or 1Password.</p>
        <FormMessage error={start.isError ? errorMessage(start.error) : undefined} />
        <button type="button" className="button button-primary" onClick={() => start.mutate()} disabled={start.isPending}>
          {start.isPending ? 'Preparing…' : 'Set up an authenticator app'}
        </button>
      </div>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!confirm.isPending) confirm.mutate({ code: code.trim() });
  };
  const error = confirm.error instanceof ApiError ? confirm.error : undefined;
  const codeError = error?.fieldMessages('code');
  return (
    <form onSubmit={onSubmit} noValidate>
      <ol className="steps">
        <li>
          <p>In your authenticator app, add an account and scan this code:</p>
          <img src={start.data.qrSvg} alt="QR code to add Rounds to your authenticator app" width={200} height={200} className="qr-code" />
          <p className="hint">
            Cannot scan it? Enter this key instead: <span className="mono secret-key">{start.data.secret.replace(/(.{4})/g, '$1 ').trim()}</span>
          </p>
        </li>
        <li>
          <Field
            label="Code from the app"
            hint="The 6-digit code the app now shows for Rounds."
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={12}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={codeError}
            required
          />
        </li>
      </ol>
      <FormMessage error={confirm.isError ? (codeError ? 'Check the code.' : errorMessage(confirm.error)) : undefined} />
      <button type="submit" className="button button-primary" disabled={confirm.isPending}>
        {confirm.isPending ? 'Checking…' : 'Turn on two-step verification'}
      </button>
    </form>
  );
}
