import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import type { LoginBody, LoginNext, SsoProviders } from '../../../schemas/auth';
import type { HealthResponse } from '../../lib/health';
import { api, ApiError, errorMessage } from '../../lib/api';
import { BrandHeader, Field, FormMessage, PageTitle } from '../../lib/ui';

const route = getRouteApi('/sign-in');

/** Email and password sign-in; errors are shown next to the fields and announced. */
export function SignInPage() {
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // The demo accounts are shown only on an install that holds the demo district.
  const health = useQuery({ queryKey: ['health'], queryFn: () => api<HealthResponse>('/api/health'), staleTime: 60_000 });

  const providers = useQuery({ queryKey: ['sso-providers'], queryFn: () => api<SsoProviders>('/api/auth/sso/providers'), staleTime: 60_000 });

  const signIn = useMutation({
    // 204 (no body): signed in; 200: a second step is owed.
    mutationFn: (body: LoginBody) => api<LoginNext | undefined>('/api/auth/login', { json: body }),
    onSuccess: async (result) => {
      queryClient.clear();
      if (result?.next) await navigate({ to: '/sign-in/two-step', search: redirect ? { redirect } : {} });
      else await navigate({ href: redirect ?? '/' });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (signIn.isPending) return;
    signIn.mutate({ email: email.trim(), password });
  };

  const error = signIn.error instanceof ApiError ? signIn.error : undefined;
  const emailError = error?.fieldMessages('email');
  const passwordError = error?.fieldMessages('password');
  const formError = signIn.isError
    ? error?.fields.length
      ? 'Check the highlighted fields.'
      : errorMessage(signIn.error)
    : undefined;

  return (
    <div className="signin-page">
      <BrandHeader />
      <main id="main" className="signin-main">
        <div className="card signin-card">
          <PageTitle title="Sign in" lead="Instructional leadership for your school: visits, evidence and conversations.">
            Sign in
          </PageTitle>
          <form onSubmit={onSubmit} noValidate aria-describedby="signin-help">
            <Field
              label="Email"
              type="email"
              name="email"
              autoComplete="username"
              inputMode="email"
              spellCheck={false}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={emailError}
              required
            />
            <Field
              label="Password"
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={passwordError}
              required
            />
            <FormMessage error={formError} />
            <button type="submit" className="button button-primary button-block" disabled={signIn.isPending}>
              {signIn.isPending ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
          {providers.data?.providers.length ? (
            <div className="sso-options" aria-labelledby="sso-heading">
              <p className="sso-divider" id="sso-heading">
                Or use your district account
              </p>
              {providers.data.providers.map((p) => (
                <a
                  key={p.districtId}
                  className="button button-secondary button-block"
                  href={`/api/auth/sso/${encodeURIComponent(p.districtId)}/start${redirect ? `?redirect=${encodeURIComponent(redirect)}` : ''}`}
                >
                  Sign in with {p.providerName}
                  {providers.data.providers.length > 1 ? ` (${p.districtName})` : ''}
                </a>
              ))}
            </div>
          ) : null}
          <p className="hint" id="signin-help">
            Forgot your password? Ask your district's Rounds administrator to reset it.
          </p>
        </div>
        {health.data?.demo ? (
          <p className="demo-note">
            Demo: <span className="mono">principal@demo.test</span> / <span className="mono">rounds-demo</span>
          </p>
        ) : null}
      </main>
    </div>
  );
}
