import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { useCurrentSchool } from '../../lib/school';
import { useMe } from '../../lib/session';
import { EmptyState, Field, FormMessage, PageTitle, QueryView } from '../../lib/ui';
import { TextArea } from '../conversations/TextArea';
import { asksForPeerVisits, lookForsQuery, suggestionsQuery, useRequestPeerVisit, type Ask, type Suggestion } from './api';
import { ExpertiseMapSection } from './ExpertiseMapSection';
import './expertise.css';

const route = getRouteApi('/_app/schools/$schoolId/learn');
const WINDOWS = [4, 8, 12, 26, 52];

/** "Who could I learn from?": colleagues with evidence of a practice, and a request to visit their classroom. */
export function LearnPage() {
  const { schoolId } = route.useParams();
  const [ask, setAsk] = useState<Ask | null>(null);
  const teacher = asksForPeerVisits(useCurrentSchool());
  return (
    <>
      <PageTitle title="Learn from colleagues" lead="Expertise is in every building: find colleagues whose classrooms show a practice, and ask to visit.">
        Learn from colleagues
      </PageTitle>
      {teacher ? (
        <p>
          <Link to="/schools/$schoolId/learn/requests" params={{ schoolId }}>
            My peer-visit requests
          </Link>
        </p>
      ) : null}
      <AskForm schoolId={schoolId} onAsk={setAsk} />
      {ask ? <Results schoolId={schoolId} ask={ask} canRequest={teacher} /> : null}
      <ExpertiseMapSection schoolId={schoolId} />
    </>
  );
}

function AskForm({ schoolId, onAsk }: { schoolId: string; onAsk: (ask: Ask) => void }) {
  const id = useId();
  const lookFors = useQuery(lookForsQuery(schoolId));
  const [lookForId, setLookForId] = useState('');
  const [topic, setTopic] = useState('');
  const [weeks, setWeeks] = useState(12);
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = topic.trim();
    const missing = !lookForId && text.length < 2 ? 'Choose a look-for or type a topic' : undefined;
    setProblem(missing);
    if (!missing) onAsk(lookForId ? { lookForId, weeks } : { topic: text, weeks });
  };
  return (
    <form className="card section learn-ask" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Who could I learn from about…</h2>
      <div className="field">
        <label htmlFor={`${id}-lookfor`}>A look-for of our school</label>
        <select id={`${id}-lookfor`} value={lookForId} onChange={(e) => setLookForId(e.target.value)}>
          <option value="">— a topic in my own words —</option>
          {(lookFors.data ?? [])
            .filter((l) => l.active)
            .map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
        </select>
      </div>
      {!lookForId ? (
        <Field label="Topic" hint="For example: questioning, number talks, small-group reading." value={topic} onChange={(e) => setTopic(e.target.value)} error={problem} maxLength={200} />
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-weeks`}>Visit evidence from the last</label>
        <select id={`${id}-weeks`} value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
          {WINDOWS.map((w) => (
            <option key={w} value={w}>
              {w} weeks
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-primary">
        Find colleagues
      </button>
    </form>
  );
}

function Results({ schoolId, ask, canRequest }: { schoolId: string; ask: Ask; canRequest: boolean }) {
  const query = useQuery(suggestionsQuery(schoolId, ask));
  return (
    <section aria-labelledby="results-heading" className="section" aria-live="polite">
      <h2 id="results-heading">Colleagues to learn from</h2>
      <QueryView query={query} what="suggestions">
        {(result) =>
          result.suggestions.length === 0 ? (
            <EmptyState title={`Nobody found for “${result.topic}” yet`}>
              Nothing in shared visit evidence of the last {result.weeks} weeks or in the strengths colleagues named matches. Try another word or a longer window.
            </EmptyState>
          ) : (
            <>
              <p className="meta">
                For “{result.topic}”
                {result.lookFors.length ? <> (look-fors: {result.lookFors.map((l) => l.name).join(', ')})</> : null}, ranked by the evidence. Private notes and visits not
                shared with the teacher never count.
              </p>
              <ol className="card-list suggestion-list">
                {result.suggestions.map((s) => (
                  <SuggestionCard key={s.teacher.id} schoolId={schoolId} suggestion={s} topic={result.topic} lookForId={ask.lookForId ?? result.lookFors[0]?.id} canRequest={canRequest} />
                ))}
              </ol>
            </>
          )
        }
      </QueryView>
    </section>
  );
}

function SuggestionCard({ schoolId, suggestion, topic, lookForId, canRequest }: { schoolId: string; suggestion: Suggestion; topic: string; lookForId?: string; canRequest: boolean }) {
  const me = useMe();
  const [asking, setAsking] = useState(false);
  const [sent, setSent] = useState(false);
  return (
    <li className="card suggestion">
      <h3 className="card-title">{suggestion.teacher.name}</h3>
      <ul className="suggestion-reasons">
        {suggestion.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {canRequest && suggestion.teacher.id !== me.user.id ? (
        sent ? (
          <p className="notice notice-success" role="status">
            Request sent to {suggestion.teacher.name}. Their answer shows in{' '}
            <Link to="/schools/$schoolId/learn/requests" params={{ schoolId }}>
              My peer-visit requests
            </Link>
            .
          </p>
        ) : asking ? (
          <RequestForm schoolId={schoolId} hostId={suggestion.teacher.id} hostName={suggestion.teacher.name} topic={topic} lookForId={lookForId} onDone={(ok) => (setAsking(false), setSent(ok))} />
        ) : (
          <button type="button" className="button button-secondary" onClick={() => setAsking(true)}>
            Ask to visit<span className="visually-hidden"> {suggestion.teacher.name}’s classroom</span>
          </button>
        )
      ) : null}
    </li>
  );
}

function RequestForm(props: { schoolId: string; hostId: string; hostName: string; topic: string; lookForId?: string; onDone: (sent: boolean) => void }) {
  const request = useRequestPeerVisit(props.schoolId);
  const [message, setMessage] = useState('');
  const [proposedOn, setProposedOn] = useState('');
  const server = request.error instanceof ApiError ? request.error : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate(
      { hostId: props.hostId, topic: props.topic.slice(0, 200), lookForId: props.lookForId ?? null, message: message.trim() || null, proposedOn: proposedOn || null },
      { onSuccess: () => props.onDone(true) },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label={`Ask ${props.hostName} for a peer visit`} className="request-form">
      <TextArea label={`Message to ${props.hostName} (optional)`} hint="What you would like to see, and when suits you." value={message} onChange={(e) => setMessage(e.target.value)} error={server?.fieldMessage('message')} maxLength={1000} rows={3} />
      <Field label="A day that suits you (optional)" type="date" value={proposedOn} onChange={(e) => setProposedOn(e.target.value)} error={server?.fieldMessage('proposedOn')} />
      <FormMessage error={request.isError ? (server?.fields.length ? 'Check the highlighted fields.' : errorMessage(request.error)) : undefined} />
      <p className="learn-actions">
        <button type="submit" className="button button-primary" disabled={request.isPending}>
          {request.isPending ? 'Sending…' : 'Send request'}
        </button>
        <button type="button" className="button button-secondary" onClick={() => props.onDone(false)}>
          Cancel
        </button>
      </p>
    </form>
  );
}
