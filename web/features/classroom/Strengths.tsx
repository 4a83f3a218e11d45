import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, seg } from '../../lib/api';
import { EmptyState, Field, FormMessage, QueryView } from '../../lib/ui';
import { myStrengthsQuery, type Strength } from './api';

/** "Strengths I'm glad to share": what colleagues could learn from this teacher (peer visits, teacher-led PD). */
export function Strengths({ schoolId }: { schoolId: string }) {
  const query = useQuery(myStrengthsQuery);
  return (
    <section aria-labelledby="strengths-heading" className="card section">
      <h2 id="strengths-heading">Strengths I’m glad to share</h2>
      <p className="meta">Name what you do well and would welcome colleagues to see or learn from.</p>
      <QueryView query={query} what="your strengths">
        {(items) => <StrengthList items={items} />}
      </QueryView>
      <AddStrength schoolId={schoolId} />
    </section>
  );
}

function StrengthList({ items }: { items: Strength[] }) {
  const queryClient = useQueryClient();
  const list = useRef<HTMLUListElement>(null);
  const remove = useMutation({
    mutationFn: (item: Strength) => api<void>(`/api/my/strengths/${seg(item.id)}`, { method: 'DELETE' }),
    onSuccess: (_void, item) => {
      queryClient.setQueryData(myStrengthsQuery.queryKey, (old) => old?.filter((x) => x.id !== item.id));
      list.current?.focus();
    },
  });
  if (items.length === 0) {
    return (
      <EmptyState title="No strengths named yet">
        <p>For example: “Turn-and-talk routines in math” or “Small-group reading with running records”.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="strength-list" ref={list} tabIndex={-1} aria-label="My strengths">
        {items.map((item) => (
          <li key={item.id} className="strength">
            <span>{item.body}</span>
            <button type="button" className="link-button" onClick={() => remove.mutate(item)} disabled={remove.isPending}>
              Remove<span className="visually-hidden"> “{item.body}”</span>
            </button>
          </li>
        ))}
      </ul>
      <FormMessage error={remove.isError ? errorMessage(remove.error) : undefined} />
    </>
  );
}

function AddStrength({ schoolId }: { schoolId: string }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string>();
  const add = useMutation({
    mutationFn: (text: string) => api<Strength>('/api/my/strengths', { json: { schoolId, body: text } }),
    onSuccess: (created) => {
      queryClient.setQueryData(myStrengthsQuery.queryKey, (old) => [...(old ?? []), created].sort((a, b) => a.body.localeCompare(b.body)));
      setBody('');
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    const found = !text ? 'Name the strength' : text.length > 200 ? 'Keep it under 200 characters' : undefined;
    setProblem(found);
    if (!found) add.mutate(text);
  };
  const error = add.error instanceof ApiError ? add.error : undefined;
  return (
    <form onSubmit={onSubmit} noValidate className="loop-add" aria-label="Add a strength">
      <Field label="A strength" value={body} onChange={(e) => setBody(e.target.value)} error={problem ?? error?.fieldMessage('body')} maxLength={200} />
      <FormMessage
        error={problem ? 'Check the highlighted field.' : add.isError ? (error?.fields.length ? 'Check the highlighted field.' : errorMessage(add.error)) : undefined}
        success={add.isSuccess ? 'Strength added.' : undefined}
      />
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {add.isPending ? 'Adding…' : 'Add strength'}
      </button>
    </form>
  );
}
