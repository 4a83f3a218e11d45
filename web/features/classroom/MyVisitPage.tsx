import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, Navigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useMe } from '../../lib/session';
import { PageTitle, QueryView } from '../../lib/ui';
import { formatMoment, localZone, visitQuery, type Visit } from '../conversations/api';
import { ConversationList, ReflectionView } from '../conversations/Conversations';
import { EvidenceBlock, GuidingQuestionBox, StatusBadge, VisitMeta } from '../conversations/VisitDetails';
import { NOT_AN_EVALUATION } from './api';
import { PeerVisitSharing } from '../expertise/PeerVisitSharing';
import { ReflectionForm } from './ReflectionForm';
import './classroom.css';

const route = getRouteApi('/_app/my-classroom/visits/$visitId');

/** `/my-classroom/visits/{id}` (the link in the email): one visit shared with me, my reflection and our conversations. */
export function MyVisitPage() {
  const { visitId } = route.useParams();
  const query = useQuery(visitQuery(visitId));
  return (
    <>
      <p className="breadcrumb">
        <Link to="/my-classroom">My classroom</Link>
      </p>
      <QueryView query={query} what="the visit" pageTitle="Visit">
        {(visit) => <MyVisit visit={visit} />}
      </QueryView>
    </>
  );
}

function MyVisit({ visit }: { visit: Visit }) {
  const me = useMe();
  // A leader following a teacher's link lands on the leader's page of the visit.
  if (visit.teacher.id !== me.user.id) return <Navigate to="/visits/$visitId" params={{ visitId: visit.id }} replace />;
  const timeZone = me.schools.find((s) => s.id === visit.schoolId)?.timezone ?? localZone();
  const title = `Visit of ${new Date(visit.startedAt).toLocaleDateString('en-US', { timeZone, month: 'long', day: 'numeric' })}`;
  return (
    <>
      <PageTitle title={title} lead={<StatusBadge status={visit.status} />}>
        {title}
      </PageTitle>
      <p className="not-evaluation">{NOT_AN_EVALUATION}</p>
      <section aria-labelledby="evidence-heading" className="card section loop-card">
        <h2 id="evidence-heading">What {visit.observer.name} saw</h2>
        <VisitMeta visit={visit} timeZone={timeZone} />
        <EvidenceBlock visit={visit} timeZone={timeZone} />
        {visit.guidingQuestion ? <GuidingQuestionBox question={visit.guidingQuestion} /> : null}
        {visit.sharedAt ? (
          <p className="meta">
            Shared with you on <time dateTime={visit.sharedAt}>{formatMoment(visit.sharedAt, timeZone)}</time>.
          </p>
        ) : null}
      </section>
      <PeerVisitSharing visit={visit} />
      <ReflectionSection visit={visit} timeZone={timeZone} />
      <section aria-labelledby="talk-heading" className="card section loop-card">
        <h2 id="talk-heading">Conversations</h2>
        {visit.conversations.length ? (
          <ConversationList visit={visit} forTeacher />
        ) : (
          <p className="meta">
            No conversation recorded yet.
            {visit.reflection?.wantsConversation ? ` ${visit.observer.name} knows you would like to talk.` : ''}
          </p>
        )}
      </section>
    </>
  );
}

function ReflectionSection({ visit, timeZone }: { visit: Visit; timeZone: string }) {
  const [editing, setEditing] = useState(!visit.reflection);
  const [saved, setSaved] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const [focusEdit, setFocusEdit] = useState(false);
  useEffect(() => {
    if (focusEdit && !editing) editButton.current?.focus();
    setFocusEdit(false);
  }, [focusEdit, editing]);
  return (
    <section aria-labelledby="reflection-heading" className="card section loop-card">
      <h2 id="reflection-heading">Your reflection</h2>
      <div role="status" className="form-message">
        {saved && !editing ? <p className="notice notice-success">Reflection saved. {visit.observer.name} can read it now.</p> : null}
      </div>
      {editing ? (
        <ReflectionForm
          visit={visit}
          onSaved={() => {
            setSaved(true);
            setEditing(false);
            setFocusEdit(true);
          }}
          onCancel={
            visit.reflection
              ? () => {
                  setEditing(false);
                  setFocusEdit(true);
                }
              : undefined
          }
        />
      ) : (
        <>
          <ReflectionView visit={visit} timeZone={timeZone} mine />
          <button
            type="button"
            ref={editButton}
            className="button button-secondary"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            Edit my reflection
          </button>
        </>
      )}
    </section>
  );
}
