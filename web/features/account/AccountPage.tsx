import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../lib/api';
import { flush, forgetUser, unsentFor } from '../../lib/outbox';
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
  // Visits captured on this device that have not reached the server: signing out would delete them, so ask first.
  const [unsent, setUnsent] = useState<{ visits: number; photos: number } | null>(null);
  const unsentHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (unsent) unsentHeading.current?.focus();
  }, [unsent]);

  const signOut = useMutation({
    mutationFn: async (deleteUnsent: boolean) => {
      if (!deleteUnsent) {
        // Give what is waiting one more chance to go, then count what is still only on this device.
        if (navigator.onLine) await flush({ force: true }).catch(() => undefined);
        const left = await unsentFor(me.user.id);
        if (left.visits + left.photos > 0) return left;
      }
      await api<void>('/api/auth/logout', { method: 'POST' });
      // A shared phone keeps nothing of this user: queued visits, photos, names and schedules.
      await forgetUser(me.user.id).catch(() => undefined);
      return null;
    },
    onSuccess: async (left) => {
      if (left) {
        setUnsent(left);
        return;
      }
      // Leave the signed-in pages first, then forget everything cached for this user.
      await navigate({ to: '/sign-in' });
      queryClient.clear();
    },
    onError: (error) => setSignOutError(errorMessage(error)),
  });
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const oneLeft = unsent ? unsent.visits + unsent.photos === 1 : false;

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
        <p>Sign out on shared devices when you are done: Rounds then removes what it kept on this device for you.</p>
        {unsent ? (
          <div className="notice notice-error" role="group" aria-labelledby="unsent-heading">
            <h3 id="unsent-heading" className="notice-title" tabIndex={-1} ref={unsentHeading}>
              {unsent.visits > 0 ? plural(unsent.visits, 'visit has', 'visits have') : plural(unsent.photos, 'photo has', 'photos have')} not reached
              Rounds yet
            </h3>
            <p>
              {unsent.visits > 0 && unsent.photos > 0 ? `With ${plural(unsent.photos, 'photo', 'photos')}. ` : ''}
              {oneLeft ? 'It is' : 'They are'} saved only on this device, and signing out deletes {oneLeft ? 'it' : 'them'}. Stay
              signed in until {oneLeft ? 'it is' : 'they are'} sent (connect to the internet and open Rounds), or sign out anyway.
            </p>
            <div className="button-row">
              <button type="button" className="button button-primary" onClick={() => setUnsent(null)}>
                Stay signed in
              </button>
              <button type="button" className="button button-danger" onClick={() => signOut.mutate(true)} disabled={signOut.isPending}>
                Sign out and delete {oneLeft ? 'it' : 'them'}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="button button-secondary" onClick={() => signOut.mutate(false)} disabled={signOut.isPending}>
            {signOut.isPending ? 'Signing out…' : 'Sign out'}
          </button>
        )}
        <div aria-live="assertive">{signOutError ? <p className="field-error">{signOutError}</p> : null}</div>
      </section>
    </>
  );
}
