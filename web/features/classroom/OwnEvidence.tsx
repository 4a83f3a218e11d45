import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, seg } from '../../lib/api';
import { EmptyState, Field, FormMessage, QueryView } from '../../lib/ui';
import { formatMoment } from '../conversations/api';
import { TextArea } from '../conversations/TextArea';
import { myEvidenceQuery, type TeacherEvidence } from './api';

/** "Add evidence of my own": lesson artefacts, student work, notes the teacher wants next to the visits. */
export function OwnEvidence({ schoolId, timeZone }: { schoolId: string; timeZone: string }) {
  const query = useQuery(myEvidenceQuery);
  return (
    <section aria-labelledby="own-heading" className="card section">
      <h2 id="own-heading">Add evidence of my own</h2>
      <p className="meta">A lesson plan, student work, what you noticed yourself: it sits next to the visits and is in your download.</p>
      <QueryView query={query} what="your evidence">
        {(items) => <EvidenceList items={items} timeZone={timeZone} />}
      </QueryView>
      <AddEvidence schoolId={schoolId} />
    </section>
  );
}

function EvidenceList({ items, timeZone }: { items: TeacherEvidence[]; timeZone: string }) {
  const queryClient = useQueryClient();
  const list = useRef<HTMLUListElement>(null);
  const remove = useMutation({
    mutationFn: (item: TeacherEvidence) => api<void>(`/api/my/evidence/${seg(item.id)}`, { method: 'DELETE' }),
    onSuccess: (_void, item) => {
      queryClient.setQueryData(myEvidenceQuery.queryKey, (old) => old?.filter((x) => x.id !== item.id));
      list.current?.focus();
    },
  });
  if (items.length === 0) {
    return (
      <EmptyState title="Nothing added yet">
        <p>Add something below when you want it on record alongside the visits.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="own-list" ref={list} tabIndex={-1} aria-label="My evidence">
        {items.map((item) => (
          <li key={item.id} className="own-item">
            <p className="own-title">{item.title}</p>
            {item.body ? <p className="own-body">{item.body}</p> : null}
            <p className="meta">
              Added <time dateTime={item.createdAt}>{formatMoment(item.createdAt, timeZone)}</time> ·{' '}
              <button type="button" className="link-button" onClick={() => remove.mutate(item)} disabled={remove.isPending}>
                Delete<span className="visually-hidden"> “{item.title}”</span>
              </button>
            </p>
          </li>
        ))}
      </ul>
      <FormMessage error={remove.isError ? errorMessage(remove.error) : undefined} success={remove.isSuccess ? 'Deleted.' : undefined} />
    </>
  );
}

function AddEvidence({ schoolId }: { schoolId: string }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [titleError, setTitleError] = useState<string>();
  const add = useMutation({
    mutationFn: (input: { title: string; body: string }) => api<TeacherEvidence>('/api/my/evidence', { json: { schoolId, ...input } }),
    onSuccess: (created) => {
      queryClient.setQueryData(myEvidenceQuery.queryKey, (old) => [created, ...(old ?? [])]);
      setTitle('');
      setBody('');
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const problem = !title.trim() ? 'Give it a title' : title.trim().length > 200 ? 'Keep the title under 200 characters' : undefined;
    setTitleError(problem);
    if (problem) return;
    add.mutate({ title: title.trim(), body: body.trim() });
  };
  const error = add.error instanceof ApiError ? add.error : undefined;
  return (
    <form onSubmit={onSubmit} noValidate className="loop-add" aria-label="Add evidence of my own">
      <Field label="Title" value={title} onChange={(e) => setTitle(e.target.value)} error={titleError ?? error?.fieldMessage('title')} maxLength={200} />
      <TextArea label="What it shows (optional)" rows={3} value={body} onChange={(e) => setBody(e.target.value)} error={error?.fieldMessage('body')} />
      <FormMessage
        error={titleError ? 'Check the highlighted field.' : add.isError ? (error?.fields.length ? 'Check the highlighted fields.' : errorMessage(add.error)) : undefined}
        success={add.isSuccess ? 'Added to your evidence.' : undefined}
      />
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {add.isPending ? 'Adding…' : 'Add evidence'}
      </button>
    </form>
  );
}
