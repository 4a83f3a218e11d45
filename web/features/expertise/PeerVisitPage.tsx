import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { TeacherSchedule } from '../../../schemas/people';
import type { VisitSettings as VisitSettingsSchema } from '../../../schemas/visits';
import { ApiError, api, errorMessage, seg } from '../../lib/api';
import { newId } from '../../lib/ids';
import type { z } from 'zod';
import { FormMessage, PageTitle, QueryView } from '../../lib/ui';
import { EvidenceField, LookForChips, PrivateNote } from '../../capture/Fields';
import { autoDuration, VisitTiming } from '../../capture/VisitTiming';
import { lookForsQuery, requestsQuery, useRecordPeerVisit, type PeerRequest } from './api';
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

function PeerVisit({ schoolId, request }: { schoolId: string; request: PeerRequest }) {
  const id = useId();
  const title = `Visit to ${request.host.name}`;
  const schedule = useQuery({
    queryKey: ['schedule', schoolId, request.host.id],
    queryFn: ({ signal }) => api<TeacherSchedule>(`/api/schools/${seg(schoolId)}/teachers/${seg(request.host.id)}/schedule`, { signal }),
  });
  const lookFors = useQuery(lookForsQuery(schoolId));
  const settings = useQuery({ queryKey: ['visit-settings', schoolId], queryFn: ({ signal }) => api<z.infer<typeof VisitSettingsSchema>>(`/api/schools/${seg(schoolId)}/visit-settings`, { signal }) });
  const record = useRecordPeerVisit(schoolId);
  // The id is made once: a retry after a lost answer stores the visit once.
  const visitId = useRef(newId());
  const [classId, setClassId] = useState('');
  const [evidence, setEvidence] = useState('');
  const [tags, setTags] = useState<string[]>(request.lookFor ? [request.lookFor.id] : []);
  const [privateNote, setPrivateNote] = useState('');
  const [startedAt, setStartedAt] = useState(() => new Date());
  const [duration, setDuration] = useState<number | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const server = record.error instanceof ApiError ? record.error : undefined;

  if (request.status === 'visited' || record.isSuccess) {
    const savedId = record.data?.id ?? request.visitId!;
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const minutes = duration ?? autoDuration(startedAt, new Date());
    const found: Problems = {};
    if (!evidence.trim() && tags.length === 0) found.evidence = 'Write what you saw or heard, or tag a look-for.';
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) found.duration = 'Use whole minutes from 1 to 240.';
    setProblems(found);
    if (Object.keys(found).length) return;
    record.mutate({
      id: visitId.current,
      requestId: request.id,
      classId: classId || null,
      startedAt: startedAt.toISOString(),
      durationMinutes: minutes,
      evidence,
      tags,
      privateNote: privateNote.trim() ? privateNote : null,
    });
  };
  const shown: Problems = {
    evidence: problems.evidence ?? server?.fieldMessage('evidence') ?? server?.fields.find((f) => f.path.startsWith('body.tags'))?.message,
    duration: problems.duration ?? server?.fieldMessage('durationMinutes') ?? server?.fieldMessage('startedAt'),
    privateNote: server?.fieldMessage('privateNote'),
  };
  const invalid = Object.values(shown).some(Boolean) || Boolean(server?.fieldMessage('classId'));
  return (
    <>
      <PageTitle title={title} lead={<>About “{request.topic}”. What you note goes to {request.host.name} only: not to school leaders, and it never counts as a leader’s visit.</>}>
        {title}
      </PageTitle>
      <form className="capture-form peer-visit-form" noValidate onSubmit={submit} aria-label="Peer visit">
        <div className={`field${server?.fieldMessage('classId') ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-class`}>Class</label>
          <select id={`${id}-class`} value={classId} onChange={(e) => setClassId(e.target.value)}>
            <option value="">{schedule.isPending ? 'Loading classes…' : 'No class (not on the schedule)'}</option>
            {(schedule.data?.classes ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
          {server?.fieldMessage('classId') ? <p className="field-error">{server.fieldMessage('classId')}</p> : null}
        </div>
        <EvidenceField value={evidence} onChange={setEvidence} words={settings.data?.evaluativeWords ?? []} error={shown.evidence} />
        <LookForChips lookFors={lookFors.data ?? []} value={tags} onToggle={(tag) => setTags((t) => (t.includes(tag) ? t.filter((x) => x !== tag) : [...t, tag]))} />
        <PrivateNote value={privateNote} onChange={setPrivateNote} error={shown.privateNote} />
        <VisitTiming startedAt={startedAt} onStartedAt={setStartedAt} duration={duration} onDuration={setDuration} running error={shown.duration} />
        <FormMessage error={invalid ? 'Check the highlighted fields.' : record.isError ? errorMessage(record.error) : undefined} />
        <div className="save-bar">
          <button type="submit" className="button button-primary button-block button-save" disabled={record.isPending}>
            {record.isPending ? 'Saving…' : 'Save peer visit'}
          </button>
        </div>
      </form>
    </>
  );
}
