import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useCurrentSchool } from '../../lib/school';
import type { MySchool } from '../../lib/session';
import { EmptyState, QueryView } from '../../lib/ui';
import { dataConversationsQuery, type DataConversation } from './analysis-api';
import { ConversationPlanAction, makesPlanActions } from './ConversationPlanAction';
import { DataConversationForm } from './DataConversationForm';

const PARTS: { key: 'notice' | 'wonder' | 'tryNext' | 'nextStep'; label: string }[] = [
  { key: 'notice', label: 'We noticed' },
  { key: 'wonder', label: 'We wondered' },
  { key: 'tryNext', label: 'We will try' },
  { key: 'nextStep', label: 'Next step' },
];

function PastConversation({ c, schoolId, school }: { c: DataConversation; schoolId: string; school: MySchool | undefined }) {
  return (
    <li id={`conversation-${c.id}`}>
      <p className="meta">
        {c.heldOn} · {c.participants.join(', ')} · recorded by {c.recordedBy.name}
      </p>
      <dl>
        {c.questions.length ? (
          <>
            <dt>Guiding questions</dt>
            <dd>{c.questions.join('\n')}</dd>
          </>
        ) : null}
        {PARTS.filter((p) => c[p.key].trim() !== '').map((p) => (
          <div key={p.key}>
            <dt>{p.label}</dt>
            <dd>{c[p.key]}</dd>
          </div>
        ))}
      </dl>
      {c.planActions.length ? (
        <ul className="plain-list conversation-plan-links" aria-label={`Work-plan actions from the conversation of ${c.heldOn}`}>
          {c.planActions.map((a) => (
            <li key={a.id}>
              In the work plan:{' '}
              <Link to="/schools/$schoolId/plan" params={{ schoolId }} search={{ plan: a.planId }} hash={`action-${a.id}`}>
                {a.title}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {school && makesPlanActions(school) ? <ConversationPlanAction school={school} conversation={c} /> : null}
    </li>
  );
}

/** Data conversations about one assessment: the protocol form and the conversations recorded so far, newest first. */
export function DataConversations({ schoolId, assessmentId }: { schoolId: string; assessmentId: string }) {
  const query = useQuery(dataConversationsQuery(schoolId, assessmentId));
  const school = useCurrentSchool();
  return (
    <section className="section data-conversations" aria-labelledby="data-conversations-title">
      <h2 id="data-conversations-title">Data conversations</h2>
      <DataConversationForm schoolId={schoolId} assessmentId={assessmentId} />
      <h3 id="past-conversations-title">Past conversations</h3>
      <QueryView query={query} what="conversations">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No conversations recorded yet">After the team looks at these results together, note what you saw and what you will try.</EmptyState>
          ) : (
            <ul className="past" aria-labelledby="past-conversations-title">
              {list.map((c) => (
                <PastConversation key={c.id} c={c} schoolId={schoolId} school={school} />
              ))}
            </ul>
          )
        }
      </QueryView>
    </section>
  );
}
