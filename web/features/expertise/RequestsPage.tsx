import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { OutboxStatus } from '../../lib/OutboxStatus';
import { useMe } from '../../lib/session';
import { EmptyState, FormMessage, PageTitle, QueryView } from '../../lib/ui';
import { TextArea } from '../conversations/TextArea';
import { REQUEST_STATUS, requestsQuery, useAnswerRequest, useCancelRequest, type PeerRequest } from './api';
import './expertise.css';

const route = getRouteApi('/_app/schools/$schoolId/learn/requests');
const day = (iso: string) => new Date(`${iso}T12:00:00`).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });

/** Peer-visit requests: those colleagues sent me (accept or decline) and those I sent (record the visit once accepted). */
export function RequestsPage() {
  const { schoolId } = route.useParams();
  const query = useQuery(requestsQuery(schoolId));
  const me = useMe();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/schools/$schoolId/learn" params={{ schoolId }}>
          Learn from colleagues
        </Link>
      </p>
      <PageTitle title="Peer-visit requests" lead="A peer visit is between two colleagues: what the visitor notes goes to the visited teacher only.">
        Peer-visit requests
      </PageTitle>
      {/* A peer visit saved without a connection waits on this device: say so, and what was refused. */}
      <OutboxStatus quietWhenEmpty userId={me.user.id} />
      <QueryView query={query} what="requests">
        {(lists) => (
          <>
            <section aria-labelledby="received-heading" className="section">
              <h2 id="received-heading">Colleagues who asked to visit me</h2>
              {lists.received.length === 0 ? (
                <EmptyState title="No requests yet">When a colleague asks to visit your classroom, you accept or decline here.</EmptyState>
              ) : (
                <ul className="card-list">
                  {lists.received.map((r) => (
                    <Received key={r.id} schoolId={schoolId} request={r} />
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="sent-heading" className="section">
              <h2 id="sent-heading">My requests</h2>
              {lists.sent.length === 0 ? (
                <EmptyState title="You have not asked anyone yet">
                  <Link to="/schools/$schoolId/learn" params={{ schoolId }}>
                    Find a colleague to learn from
                  </Link>
                  .
                </EmptyState>
              ) : (
                <ul className="card-list">
                  {lists.sent.map((r) => (
                    <Sent key={r.id} schoolId={schoolId} request={r} />
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </QueryView>
    </>
  );
}

function Status({ request }: { request: PeerRequest }) {
  return <span className={`request-status request-status-${request.status}`}>{REQUEST_STATUS[request.status]}</span>;
}

function Details({ request }: { request: PeerRequest }) {
  return (
    <>
      <p className="meta">
        <Status request={request} /> · about “{request.topic}”{request.proposedOn ? <> · suggested day {day(request.proposedOn)}</> : null}
      </p>
      {request.message ? <p className="peer-note">{request.message}</p> : null}
      {request.responseNote ? (
        <p>
          <strong>Answer:</strong> {request.responseNote}
        </p>
      ) : null}
    </>
  );
}

function Received({ schoolId, request }: { schoolId: string; request: PeerRequest }) {
  const answer = useAnswerRequest(schoolId);
  const [note, setNote] = useState('');
  return (
    <li className="card">
      <h3 className="card-title">{request.requester.name}</h3>
      <Details request={request} />
      {request.status === 'pending' ? (
        <>
          <TextArea label={`Note to ${request.requester.name} (optional)`} hint="A time that works, or why not now." value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} rows={2} />
          <FormMessage error={answer.isError ? errorMessage(answer.error) : undefined} />
          <p className="learn-actions">
            <button type="button" className="button button-primary" disabled={answer.isPending} onClick={() => answer.mutate({ id: request.id, decision: 'accepted', note })}>
              Accept<span className="visually-hidden"> {request.requester.name}’s request</span>
            </button>
            <button type="button" className="button button-secondary" disabled={answer.isPending} onClick={() => answer.mutate({ id: request.id, decision: 'declined', note })}>
              Decline<span className="visually-hidden"> {request.requester.name}’s request</span>
            </button>
          </p>
        </>
      ) : null}
      {request.visitId ? (
        <Link to="/my-classroom/visits/$visitId" params={{ visitId: request.visitId }}>
          Read what {request.requester.name} noted
        </Link>
      ) : null}
    </li>
  );
}

function Sent({ schoolId, request }: { schoolId: string; request: PeerRequest }) {
  const cancel = useCancelRequest(schoolId);
  return (
    <li className="card">
      <h3 className="card-title">{request.host.name}</h3>
      <Details request={request} />
      <FormMessage error={cancel.isError ? errorMessage(cancel.error) : undefined} />
      <p className="learn-actions">
        {request.status === 'accepted' ? (
          <Link className="button button-primary" to="/schools/$schoolId/learn/requests/$requestId/visit" params={{ schoolId, requestId: request.id }}>
            Record the visit
          </Link>
        ) : null}
        {request.status === 'pending' || request.status === 'accepted' ? (
          <button type="button" className="button button-secondary" disabled={cancel.isPending} onClick={() => cancel.mutate(request.id)}>
            Withdraw<span className="visually-hidden"> the request to {request.host.name}</span>
          </button>
        ) : null}
        {request.visitId ? (
          <Link to="/visits/$visitId" params={{ visitId: request.visitId }}>
            Open my notes of the visit
          </Link>
        ) : null}
      </p>
    </li>
  );
}
