import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, Navigate } from '@tanstack/react-router';
import { useMe } from '../../lib/session';
import { EmptyState, PageTitle, QueryView } from '../../lib/ui';
import { visitsAt } from '../visits/roles';
import { formatMoment, localZone, visitQuery, type Visit } from './api';
import { ConversationForm } from './ConversationForm';
import { ConversationList, ReflectionView } from './Conversations';
import { ShareForm } from './ShareForm';
import { EvidenceBlock, GuidingQuestionBox, PrivateNote, StatusBadge, VisitMeta } from './VisitDetails';

const route = getRouteApi('/_app/visits/$visitId');

/** `/visits/{id}`: one visit for the leader who recorded it (and leaders who may read it): share, reflection, conversations. */
export function VisitPage() {
  const { visitId } = route.useParams();
  const query = useQuery(visitQuery(visitId));
  return (
    <QueryView query={query} what="the visit" pageTitle="Visit">
      {(visit) => <VisitView visit={visit} />}
    </QueryView>
  );
}

function VisitView({ visit }: { visit: Visit }) {
  const me = useMe();
  // The visited teacher reads their own visits in My classroom (links in notifications may land here).
  if (visit.teacher.id === me.user.id) return <Navigate to="/my-classroom/visits/$visitId" params={{ visitId: visit.id }} replace />;
  const school = me.schools.find((s) => s.id === visit.schoolId);
  const timeZone = school?.timezone ?? localZone();
  const isAuthor = visit.observer.id === me.user.id;
  const teacher = visit.teacher.name;
  const title = `Visit to ${teacher}`;
  return (
    <>
      {school && visitsAt(school) ? (
        <p className="breadcrumb">
          <Link to="/schools/$schoolId/visits" params={{ schoolId: school.id }}>
            Visits
          </Link>
        </p>
      ) : null}
      <PageTitle title={title} lead={<StatusBadge status={visit.status} />}>
        {title}
      </PageTitle>

      <section aria-labelledby="seen-heading" className="card section loop-card">
        <h2 id="seen-heading">What {isAuthor ? 'you' : visit.observer.name} saw</h2>
        <VisitMeta visit={visit} timeZone={timeZone} />
        <EvidenceBlock visit={visit} timeZone={timeZone} />
        <PrivateNote note={isAuthor ? visit.privateNote : null} />
        {visit.kind === 'peer' ? (
          <p className="meta">
            A peer visit: {teacher} {visit.sharedWithLeadersAt ? 'shared it with the school leaders' : `and ${isAuthor ? 'you' : visit.observer.name} are the only ones who see it`}.
          </p>
        ) : null}
        {isAuthor && visit.kind === 'leader' ? (
          <p className="loop-actions">
            <a href={`/visits/new?edit=${encodeURIComponent(visit.id)}`} className="button button-secondary">
              Edit the visit
            </a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="share-heading" className="card section loop-card">
        <h2 id="share-heading">{visit.sharedAt ? `Shared with ${teacher}` : `Share with ${teacher}`}</h2>
        {visit.sharedAt ? (
          <>
            <p>
              Shared on <time dateTime={visit.sharedAt}>{formatMoment(visit.sharedAt, timeZone)}</time>. {teacher} sees the evidence, look-fors and
              photos{visit.guidingQuestion ? ', with this question' : ''}.
            </p>
            {visit.guidingQuestion ? <GuidingQuestionBox question={visit.guidingQuestion} /> : null}
          </>
        ) : isAuthor ? (
          <ShareForm visit={visit} />
        ) : (
          <p>Not shared yet. Only {visit.observer.name}, who recorded the visit, can share it with {teacher}.</p>
        )}
      </section>

      <section aria-labelledby="reflection-heading" className="card section loop-card">
        <h2 id="reflection-heading">{teacher}’s reflection</h2>
        {visit.reflection ? (
          <ReflectionView visit={visit} timeZone={timeZone} mine={false} />
        ) : (
          <EmptyState title="No reflection yet">
            <p>
              {visit.sharedAt
                ? `${teacher} has not reflected on this visit yet. You can still talk; the next step stays theirs to choose.`
                : `${teacher} can reflect once the evidence is shared.`}
            </p>
          </EmptyState>
        )}
      </section>

      <section aria-labelledby="conversations-heading" className="card section loop-card">
        <h2 id="conversations-heading">Conversations</h2>
        {visit.conversations.length ? <ConversationList visit={visit} forTeacher={false} /> : <p className="meta">No conversation recorded yet.</p>}
        {visit.sharedAt ? (
          <ConversationForm key={visit.reflection?.updatedAt ?? 'no-reflection'} visit={visit} timeZone={timeZone} />
        ) : (
          <p>Share the evidence with {teacher} before recording a conversation about it.</p>
        )}
      </section>
    </>
  );
}
