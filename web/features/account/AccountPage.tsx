import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api';
import { isDistrictUser, roleList, useMe } from '../../lib/session';
import { PageTitle } from '../../lib/ui';
import { PasswordForm } from './PasswordForm';
import { TwoStepSection } from './TwoStepSection';

/** The signed-in user's profile, password change and sign-out. */
export function AccountPage() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [signOutError, setSignOutError] = useState<string>();

  const signOut = useMutation({
    mutationFn: () => api<void>('/api/auth/logout', { method: 'POST' }),
    onSuccess: async () => {
      // Leave the signed-in pages first, then forget everything cached for this user.
      await navigate({ to: '/sign-in' });
      queryClient.clear();
    },
    onError: (error) => setSignOutError(errorMessage(error)),
  });

  return (
    <>
      <PageTitle title="Account">Account</PageTitle>
      <section aria-labelledby="profile-heading" className="card section">
        <h2 id="profile-heading">Your profile</h2>
        <dl className="facts facts-wide">
          <div>
            <dt>Name</dt>
            <dd>{me.user.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{me.user.email}</dd>
          </div>
          <div>
            <dt>District</dt>
            <dd>
              {me.district.name}
              {isDistrictUser(me) ? ` (${roleList(me.district.roles)})` : ''}
            </dd>
          </div>
        </dl>
        {me.schools.length ? (
          <>
            <h3>Schools</h3>
            <ul className="plain-list">
              {me.schools.map((s) => (
                <li key={s.id}>
                  {s.name} <span className="meta">· {roleList(s.roles)}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="hint">Your name, email and roles come from the district roster; ask your administrator to correct them.</p>
      </section>
      <PasswordForm />
      <TwoStepSection />
      <section aria-labelledby="signout-heading" className="card section">
        <h2 id="signout-heading">Sign out</h2>
        <p>Sign out on shared devices when you are done.</p>
        <button type="button" className="button button-secondary" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          {signOut.isPending ? 'Signing out…' : 'Sign out'}
        </button>
        <div aria-live="assertive">{signOutError ? <p className="field-error">{signOutError}</p> : null}</div>
      </section>
    </>
  );
}
