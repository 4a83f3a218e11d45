import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { TwoStepStatus } from '../../../schemas/auth';
import { api, errorMessage, seg } from '../../lib/api';
import { useMe } from '../../lib/session';
import { FormMessage, QueryView } from '../../lib/ui';
import { formatMoment, localZone } from '../conversations/api';
import type { AuditPerson } from './api';

const statusQuery = (personId: string) => ({
  queryKey: ['two-step-status', personId],
  queryFn: ({ signal }: { signal: AbortSignal }) => api<TwoStepStatus>(`/api/admin/people/${seg(personId)}/two-step`, { signal }),
});

/**
 * A staff member's two-step verification, and its reset for someone who lost their phone and their recovery codes:
 * after a confirmation, the authenticator and recovery codes are removed and they are signed out everywhere.
 */
export function TwoStepReset({ person }: { person: AuditPerson }) {
  const me = useMe();
  const client = useQueryClient();
  const status = useQuery(statusQuery(person.id));
  const [confirming, setConfirming] = useState(false);
  const headingId = useId();
  const reset = useMutation({
    mutationFn: () => api<null>(`/api/admin/people/${seg(person.id)}/two-step/reset`, { method: 'POST' }),
    onSuccess: () => {
      setConfirming(false);
      void client.invalidateQueries({ queryKey: ['two-step-status', person.id] });
    },
  });
  if (person.id === me.user.id) {
    return (
      <>
        <h3>Two-step verification</h3>
        <p className="meta">This is your own account: sign in with one of your recovery codes, or ask another district administrator to reset it.</p>
      </>
    );
  }
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>Two-step verification</h3>
      <QueryView query={status} what="the two-step verification">
        {(s) => (
          <>
            <p>
              {s.enabled
                ? `On since ${s.confirmedAt ? formatMoment(s.confirmedAt, localZone()) : 'set-up'}, ${s.recoveryCodesLeft} of 10 recovery codes unused.`
                : s.required
                  ? 'Not set up: their district role requires it, so they set it up at their next sign-in.'
                  : 'Not set up.'}
            </p>
            <FormMessage
              error={reset.isError ? errorMessage(reset.error) : undefined}
              success={reset.isSuccess ? `${person.name}’s two-step verification was reset and they were signed out everywhere.${s.required ? ' They set it up again at their next sign-in.' : ''}` : undefined}
            />
            {s.enabled && !confirming ? (
              <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
                Reset two-step verification…
              </button>
            ) : null}
            {s.enabled && confirming ? (
              <div className="notice" role="group" aria-label="Confirm the reset">
                <p>
                  Reset <strong>{person.name}</strong>’s two-step verification? Their authenticator app and recovery codes stop working and
                  they are signed out everywhere. {s.required ? 'Their role requires it, so they set up a new app at their next sign-in.' : 'They can sign in with their password alone until they turn it on again.'}{' '}
                  Do this only once you are sure who asked: anyone with their password could then set it up.
                </p>
                <p className="privacy-links">
                  <button type="button" className="button button-danger" disabled={reset.isPending} onClick={() => reset.mutate()}>
                    {reset.isPending ? 'Resetting…' : `Yes, reset ${person.name}’s two-step verification`}
                  </button>
                  <button type="button" className="button button-secondary" disabled={reset.isPending} onClick={() => setConfirming(false)}>
                    Cancel
                  </button>
                </p>
              </div>
            ) : null}
          </>
        )}
      </QueryView>
    </section>
  );
}
