import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../lib/api';
import { meQuery, useMe } from '../../lib/session';
import { Field, FormMessage } from '../../lib/ui';
import { EnrolTwoStep } from '../auth/EnrolTwoStep';

/** Two-step verification on the account page: its state, setting it up (or on a new phone), turning it off. */
export function TwoStepSection() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
  return (
    <section aria-labelledby="two-step-heading" className="card section">
      <h2 id="two-step-heading">Two-step verification</h2>
      <p>
        {me.twoStep.enabled
          ? 'On: after your password, Rounds asks for a code from your authenticator app.'
          : 'Off: add a code from your phone to your password, so a stolen password is not enough.'}
        {me.twoStep.required ? ' Your district role requires it.' : ''}
      </p>
      {enrolling ? (
        <EnrolTwoStep
          doneLabel="Done"
          onDone={() => {
            setEnrolling(false);
            refresh();
          }}
        />
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setEnrolling(true)}>
          {me.twoStep.enabled ? 'Move to a new phone' : 'Turn on two-step verification'}
        </button>
      )}
      {me.twoStep.enabled && !me.twoStep.required && !enrolling ? <TurnOff onDone={refresh} /> : null}
    </section>
  );
}

function TurnOff({ onDone }: { onDone: () => void }) {
  const [code, setCode] = useState('');
  const off = useMutation({ mutationFn: (body: { code: string }) => api<void>('/api/me/two-step/disable', { json: body }), onSuccess: onDone });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!off.isPending) off.mutate({ code: code.trim() });
  };
  const error = off.error instanceof ApiError ? off.error : undefined;
  return (
    <form onSubmit={onSubmit} noValidate className="section">
      <h3>Turn it off</h3>
      <Field label="Current code" name="disableCode" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} error={error?.fieldMessages('code')} required />
      <FormMessage error={off.isError && !error?.fields.length ? errorMessage(off.error) : undefined} />
      <button type="submit" className="button button-secondary" disabled={off.isPending}>
        Turn off two-step verification
      </button>
    </form>
  );
}
