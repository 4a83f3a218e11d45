import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import type { SignInState } from '../../../schemas/auth';
import { api, ApiError, errorMessage } from '../../lib/api';
import { BrandHeader, ErrorBox, Field, FormMessage, Loading, PageTitle } from '../../lib/ui';
import { EnrolTwoStep } from './EnrolTwoStep';

const route = getRouteApi('/sign-in/two-step');

/** The second step of signing in: the authenticator code, or setting one up when the role requires it. */
export function TwoStepPage() {
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: ['sign-in-state'], queryFn: () => api<SignInState>('/api/auth/state'), staleTime: 0 });
  const finish = async () => {
    queryClient.clear();
    await navigate({ href: redirect ?? '/' });
  };

  let body;
  if (state.isPending) body = <Loading what="your sign-in" />;
  else if (state.isError) body = <ErrorBox error={state.error} onRetry={() => void state.refetch()} />;
  else if (state.data.stage === 'totp') body = <CodeForm onDone={finish} />;
  else if (state.data.stage === 'enrol')
    body = (
      <>
        <p>
          Your role in the district requires two-step verification: after your password, a code from an app on your phone. Set it up
          now to continue.
        </p>
        <EnrolTwoStep onDone={() => void finish()} doneLabel="Continue to Rounds" />
      </>
    );
  else if (state.data.stage === 'full') body = <p>You are signed in. <Link to="/">Go to Rounds</Link>.</p>;
  else
    body = (
      <p>
        Your sign-in has expired or was not started. <Link to="/sign-in">Sign in again</Link>.
      </p>
    );

  return (
    <div className="signin-page">
      <BrandHeader />
      <main id="main" className="signin-main">
        <div className="card signin-card">
          <PageTitle title="Two-step verification">Two-step verification</PageTitle>
          {state.data?.email ? <p className="meta">Signing in as {state.data.email}</p> : null}
          {body}
        </div>
      </main>
    </div>
  );
}

function CodeForm({ onDone }: { onDone: () => Promise<void> }) {
  const [code, setCode] = useState('');
  const verify = useMutation({ mutationFn: (body: { code: string }) => api<void>('/api/auth/two-step', { json: body }), onSuccess: onDone });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!verify.isPending) verify.mutate({ code: code.trim() });
  };
  const error = verify.error instanceof ApiError ? verify.error : undefined;
  const codeError = error?.fieldMessages('code');
  return (
    <form onSubmit={onSubmit} noValidate>
      <Field
        label="Authentication code"
        hint="The 6-digit code your authenticator app shows for Rounds. Lost your phone? Enter one of your recovery codes."
        name="code"
        autoComplete="one-time-code"
        autoFocus
        spellCheck={false}
        maxLength={40}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={codeError}
        required
      />
      <FormMessage error={verify.isError ? (codeError ? 'Check the code.' : errorMessage(verify.error)) : undefined} />
      <button type="submit" className="button button-primary button-block" disabled={verify.isPending}>
        {verify.isPending ? 'Checking…' : 'Verify'}
      </button>
      <p className="hint">
        <Link to="/sign-in">Start again</Link>
      </p>
    </form>
  );
}
