import type { Visit } from '../../../schemas/visits';
import { errorMessage } from '../../lib/api';
import { FormMessage } from '../../lib/ui';
import { useShareWithLeaders } from './api';

/** On the visited teacher's page of a peer visit: who sees it, and sharing it with the school's leaders if they wish. */
export function PeerVisitSharing({ visit }: { visit: Visit }) {
  const share = useShareWithLeaders();
  if (visit.kind !== 'peer') return null;
  return (
    <section aria-labelledby="peer-sharing-heading" className="card section">
      <h2 id="peer-sharing-heading">A peer visit</h2>
      {visit.sharedWithLeadersAt ? (
        <p>You shared these notes with your school leaders on {new Date(visit.sharedWithLeadersAt).toLocaleDateString()}. {visit.observer.name}’s private note stays private.</p>
      ) : (
        <>
          <p>
            {visit.observer.name} visited as a colleague. Only you and {visit.observer.name} see these notes; your principal and coach do not, unless you share them.
          </p>
          <button type="button" className="button button-secondary" disabled={share.isPending} onClick={() => share.mutate(visit.id)}>
            {share.isPending ? 'Sharing…' : 'Share with my school leaders'}
          </button>
        </>
      )}
      <FormMessage error={share.isError ? errorMessage(share.error) : undefined} success={share.isSuccess ? 'Shared with your school leaders.' : undefined} />
    </section>
  );
}
