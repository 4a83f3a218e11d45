import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { MySchool } from '../../lib/session';
import { plural } from '../../lib/ui';
import { followUpQuery } from './api';

/** On a leader's home: how many shared visits wait for a conversation, the ones a teacher asked about first. */
export function FollowUpCard({ school }: { school: MySchool }) {
  const query = useQuery(followUpQuery(school.id));
  if (!query.data) return null;
  const waiting = query.data.length;
  const requested = query.data.filter((i) => i.requested).length;
  return (
    <section aria-labelledby="follow-up-heading" className="card section">
      <h2 id="follow-up-heading">Needs follow-up</h2>
      {waiting === 0 ? (
        <p className="meta">No shared visit is waiting for a conversation.</p>
      ) : (
        <p>
          <Link to="/schools/$schoolId/follow-up" params={{ schoolId: school.id }}>
            {plural(waiting, 'visit')} waiting for a conversation
          </Link>
          {requested ? <span className="meta"> · {plural(requested, 'teacher')} asked to talk</span> : null}
        </p>
      )}
    </section>
  );
}
