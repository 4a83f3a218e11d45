import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { TeacherSchedule } from '../../../schemas/people';
import type { VisitSettings as VisitSettingsSchema } from '../../../schemas/visits';
import { api, seg } from '../../lib/api';
import { newId } from '../../lib/ids';
import { flush, queueVisit, type PeerEntry } from '../../lib/outbox';
import { OutboxStatus, useOutbox } from '../../lib/OutboxStatus';
import { useMe } from '../../lib/session';
import type { z } from 'zod';
import { FormMessage, Loading, PageTitle, QueryView } from '../../lib/ui';
import { EvidenceField, LookForChips, PrivateNote } from '../../capture/Fields';
import { autoDuration, VisitTiming } from '../../capture/VisitTiming';
import { lookForsQuery, requestsQuery, type PeerRequest } from './api';
import '../../capture/capture.css';
import './expertise.css';

const route = getRouteApi('/_app/schools/$schoolId/learn/requests/$requestId/visit');

/** The visit capture, for a peer visit the colleague accepted: the visitor is the observer, the notes are the colleague's. */
export function PeerVisitPage() {
  const { schoolId, requestId } = route.useParams();
  const requests = useQuery(requestsQuery(schoolId));
  return (
    <>
      <p className="breadcrumb">
        <Link to="/schools/$schoolId/learn/requests" params={{ schoolId }}>
          Peer-visit requests
        </Link>
      </p>
      <QueryView query={requests} what="the request" pageTitle="Peer visit">
        {(lists) => {
          const request = lists.sent.find((r) => r.id === requestId);
          if (!request) {
            return (
              <>
                <PageTitle title="Peer visit">Peer visit</PageTitle>
                <p role="alert" className="notice notice-error">
                  This request is not one of yours. Open it from your peer-visit requests.
                </p>
              </>
            );
          }
          return <PeerVisit schoolId={schoolId} request={request} />;
        }}
      </QueryView>
    </>
  );
}

type Problems = Partial<Record<'evidence' | 'duration' | 'privateNote', string>>;

/**
 * A peer visit is saved like a leader's: on the device first (the outbox), then sent, so a visit written in a
 * classroom without Wi-Fi waits on the device and goes when the connection is back. Its id is made once, on the
 * device: the server stores a visit sent twice once.
 */
function PeerVisit({ schoolId, request }: { schoolId: string; request: PeerRequest }) {
  const me = useMe();
  const outbox = useOutbox();
  const client = useQueryClient();
  const title = `Visit to ${request.host.name}`;
  // This request's visit on this device (waiting, refused or just sent), if any: it is the one to fix or resend.
  const entry = outbox?.visits.find((v): v is PeerEntry => v.kind === 'peer' && v.userId === me.user.id && v.body.requestId === request.id);
  const sent = entry?.status === 'sent';
  useEffect(() => {
    if (sent) void client.invalidateQueries({ queryKey: ['peer-requests', schoolId] });
  }, [sent, client, schoolId]);

  if (request.status === 'visited' || sent) {
    const savedId = sent ? entry.id : request.visitId!;
    return (
      <>
        <PageTitle title={title}>{title}</PageTitle>
        <p className="notice notice-success" role="status">
          Saved. {request.host.name} can read your notes in their classroom page; nobody else sees them unless {request.host.name} chooses to share them.
        </p>
        <Link to="/visits/$visitId" params={{ visitId: savedId }}>
          Open my notes of the visit
        </Link>
      </>
    );
  }
  if (request.status !== 'accepted') {
    return (
      <>
        <PageTitle title={title}>{title}</PageTitle>
        <p role="alert" className="notice notice-error">
          {request.host.name} has not accepted this request{request.status === 'pending' ? ' yet' : ''}: a peer visit is recorded once they agree.
        </p>
      </>
    );
  }
  if (!outbox) {
    return (
      <>
        <PageTitle title={title}>{title}</PageTitle>
        <Loading what="the visit" />
      </>
    );
  }
  return <PeerVisitForm schoolId={schoolId} request={request} userId={me.user.id} entry={entry} />;
}

const fieldOf = (problem: PeerEntry['problem'], name: string) => problem?.fields?.find((f) => f.path === `body.${name}` || f.path.startsWith(`body.${name}.`))?.message;

function PeerVisitForm({ schoolId, request, userId, entry }: { schoolId: string; request: PeerRequest; userId: string; entry: PeerEntry | undefined }) {
  const id = useId();
  const title = `Visit to ${request.host.name}`;
  const schedule = useQuery({
    queryKey: ['schedule', schoolId, request.host.id],
    queryFn: ({ signal }) => api<TeacherSchedule>(`/api/schools/${seg(schoolId)}/teachers/${seg(request.host.id)}/schedule`, { signal }),
  });
  const lookFors = useQuery(lookForsQuery(schoolId));
  const settings = useQuery({ queryKey: ['visit-settings', schoolId], queryFn: ({ signal }) => api<z.infer<typeof VisitSettingsSchema>>(`/api/schools/${seg(schoolId)}/visit-settings`, { signal }) });
  // The id is made once (or is the one already waiting on this device): a retry after a lost answer stores the visit once.
  const visitId = useRef(entry?.id ?? newId());
  // A visit refused by the server comes back into the form as it was written, with the server's messages.
  const from = entry?.body;
  const [classId, setClassId] = useState(from?.classId ?? '');
  const [evidence, setEvidence] = useState(from?.evidence ?? '');
  const [tags, setTags] = useState<string[]>(from ? [...from.tags] : request.lookFor ? [request.lookFor.id] : []);
  const [privateNote, setPrivateNote] = useState(from?.privateNote ?? '');
  const [startedAt, setStartedAt] = useState(() => (from ? new Date(from.startedAt) : new Date()));
  const [duration, setDuration] = useState<number | null>(from?.durationMinutes ?? null);
  const [problems, setProblems] = useState<Problems>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState('');
  const refused = entry?.status === 'failed' ? entry.problem : undefined;

  if (entry?.status === 'pending' && !sending) {
    return (
      <>
        <PageTitle title={title}>{title}</PageTitle>
        <OutboxStatus quietWhenEmpty userId={userId} />
        <p className="notice notice-offline" role="status">
          <strong>Saved on this device.</strong> Your notes are sent to Rounds as soon as there is a connection: nothing is lost if you close this page.
        </p>
      </>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const minutes = duration ?? autoDuration(startedAt, new Date());
    const found: Problems = {};
    if (!evidence.trim() && tags.length === 0) found.evidence = 'Write what you saw or heard, or tag a look-for.';
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) found.duration = 'Use whole minutes from 1 to 240.';
    setProblems(found);
    if (Object.keys(found).length) return;
    setSending(true);
    setFailure('');
    try {
      await queueVisit({
        kind: 'peer',
        userId,
        schoolId,
        teacherName: request.host.name,
        body: {
          id: visitId.current,
          requestId: request.id,
          classId: classId || null,
          startedAt: startedAt.toISOString(),
          durationMinutes: minutes,
          evidence,
          tags,
          privateNote: privateNote.trim() ? privateNote : null,
        },
      });
      // Sent now if the network allows; otherwise it waits on the device (shown above the form) and goes later.
      await flush({ force: true });
    } catch (error) {
      setFailure(`The visit could not be saved on this device: ${(error as Error).message}. Nothing was lost from the form; try again.`);
    } finally {
      setSending(false);
    }
  };
  const shown: Problems = {
    evidence: problems.evidence ?? fieldOf(refused, 'evidence') ?? fieldOf(refused, 'tags'),
    duration: problems.duration ?? fieldOf(refused, 'durationMinutes') ?? fieldOf(refused, 'startedAt'),
    privateNote: fieldOf(refused, 'privateNote'),
  };
  const classProblem = fieldOf(refused, 'classId');
  const invalid = Object.values(shown).some(Boolean) || Boolean(classProblem);
  const message = failure || (invalid ? 'Check the highlighted fields.' : refused ? `Not accepted: ${refused.message}` : undefined);
  return (
    <>
      <PageTitle title={title} lead={<>About “{request.topic}”. What you note goes to {request.host.name} only: not to school leaders, and it never counts as a leader’s visit.</>}>
        {title}
      </PageTitle>
      <OutboxStatus quietWhenEmpty userId={userId} />
      <form className="capture-form peer-visit-form" noValidate onSubmit={(e) => void submit(e)} aria-label="Peer visit">
        <div className={`field${classProblem ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-class`}>Class</label>
          <select id={`${id}-class`} value={classId} onChange={(e) => setClassId(e.target.value)}>
            <option value="">{schedule.isPending ? 'Loading classes…' : 'No class (not on the schedule)'}</option>
            {(schedule.data?.classes ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
          {classProblem ? <p className="field-error">{classProblem}</p> : null}
        </div>
        <EvidenceField value={evidence} onChange={setEvidence} words={settings.data?.evaluativeWords ?? []} error={shown.evidence} />
        <LookForChips lookFors={lookFors.data ?? []} value={tags} onToggle={(tag) => setTags((t) => (t.includes(tag) ? t.filter((x) => x !== tag) : [...t, tag]))} />
        <PrivateNote value={privateNote} onChange={setPrivateNote} error={shown.privateNote} />
        <VisitTiming startedAt={startedAt} onStartedAt={setStartedAt} duration={duration} onDuration={setDuration} running={!from} error={shown.duration} />
        <FormMessage error={message} />
        <div className="save-bar">
          <button type="submit" className="button button-primary button-block button-save" disabled={sending}>
            {sending ? 'Saving…' : 'Save peer visit'}
          </button>
        </div>
      </form>
    </>
  );
}
