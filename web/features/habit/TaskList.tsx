import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../lib/api';
import { EmptyState, Field, FormMessage, QueryView } from '../../lib/ui';
import { formatDay } from '../visits/format';
import { tasksQuery, type Task } from './api';
import { InstantCheck } from './InstantCheck';

const UNDO_MS = 6000;

/** The leader's task list: add, tick off, delete (with a few seconds to undo). */
export function TaskList({ today }: { today: string }) {
  const queryClient = useQueryClient();
  const query = useQuery(tasksQuery);
  const refresh = () => queryClient.invalidateQueries({ queryKey: tasksQuery.queryKey });
  // A deleted task hides at once; the DELETE goes out when the undo time is over (or on leaving the page).
  const [pending, setPending] = useState<Task>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pendingRef = useRef<Task>(undefined);
  const undoButton = useRef<HTMLButtonElement>(null);

  const remove = useMutation({
    mutationFn: (id: string) => api<void>(`/api/tasks/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => void refresh(),
  });
  const commit = () => {
    clearTimeout(timer.current);
    const task = pendingRef.current;
    pendingRef.current = undefined;
    setPending(undefined);
    if (task) remove.mutate(task.id);
  };
  const commitRef = useRef(commit);
  commitRef.current = commit;
  useEffect(() => () => commitRef.current(), []);

  const startDelete = (task: Task) => {
    if (pendingRef.current) commit();
    pendingRef.current = task;
    setPending(task);
    timer.current = setTimeout(() => commitRef.current(), UNDO_MS);
    requestAnimationFrame(() => undoButton.current?.focus());
  };
  const undo = () => {
    clearTimeout(timer.current);
    const task = pendingRef.current;
    pendingRef.current = undefined;
    setPending(undefined);
    if (task) requestAnimationFrame(() => document.getElementById(`task-${task.id}`)?.focus());
  };

  const tick = useMutation({
    mutationFn: ({ id, done }: { id: string; done: boolean }) => api<Task>(`/api/tasks/${encodeURIComponent(id)}`, { method: 'PATCH', json: { done } }),
    onMutate: async ({ id, done }) => {
      await queryClient.cancelQueries({ queryKey: tasksQuery.queryKey });
      const before = queryClient.getQueryData(tasksQuery.queryKey);
      queryClient.setQueryData(tasksQuery.queryKey, (ts) => ts?.map((t) => (t.id === id ? { ...t, done } : t)));
      return { before };
    },
    onError: (_e, _v, context) => queryClient.setQueryData(tasksQuery.queryKey, context?.before),
    onSettled: () => void refresh(),
  });
  const failure = [tick, remove].find((m) => m.isError)?.error;

  return (
    <section aria-labelledby="tasks-heading" className="card section" id="tasks">
      <h2 id="tasks-heading">Tasks</h2>
      <p className="hint">Get the rest of the job out of your head and onto this list, so it does not eat your visit blocks.</p>
      <AddTask onAdded={refresh} />
      <div role="status" className="undo-bar-slot">
        {pending ? (
          <p className="undo-bar">
            Deleted “{pending.title}”.{' '}
            <button type="button" ref={undoButton} className="button button-secondary button-compact" onClick={undo}>
              Undo
            </button>
          </p>
        ) : null}
      </div>
      <FormMessage error={failure ? errorMessage(failure) : undefined} />
      <QueryView query={query} what="tasks">
        {(tasks) => {
          const shown = tasks.filter((t) => t.id !== pending?.id);
          const open = shown.filter((t) => !t.done);
          const done = shown.filter((t) => t.done);
          const item = (t: Task) => (
            <li key={t.id} className={`task${t.done ? ' task-done' : ''}`}>
              <InstantCheck id={`task-${t.id}`} checked={t.done} onChange={(done) => tick.mutate({ id: t.id, done })}>
                {t.title}
                {t.dueOn ? (
                  <span className={`meta task-due${!t.done && t.dueOn < today ? ' task-overdue' : ''}`}>
                    {' '}
                    · {!t.done && t.dueOn < today ? 'overdue, ' : ''}due {formatDay(t.dueOn)}
                  </span>
                ) : null}
              </InstantCheck>
              <button type="button" className="button button-secondary button-compact" onClick={() => startDelete(t)}>
                Delete<span className="visually-hidden"> “{t.title}”</span>
              </button>
            </li>
          );
          return (
            <>
              {open.length === 0 ? (
                <EmptyState title="Nothing open">
                  <p>Add what is on your mind, then close this page and go visit a classroom.</p>
                </EmptyState>
              ) : (
                <ul className="task-list" aria-label="Open tasks">
                  {open.map(item)}
                </ul>
              )}
              {done.length ? (
                <>
                  <h3>Done</h3>
                  <ul className="task-list" aria-label="Done tasks">
                    {done.map(item)}
                  </ul>
                </>
              ) : null}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

function AddTask({ onAdded }: { onAdded: () => Promise<unknown> }) {
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState('');
  const add = useMutation({
    mutationFn: (body: { title: string; dueOn: string | null }) => api<Task>('/api/tasks', { json: body }),
    onSuccess: async () => {
      setTitle('');
      setDueOn('');
      await onAdded();
      document.getElementById('new-task')?.focus();
    },
  });
  const error = add.error instanceof ApiError ? add.error : undefined;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!add.isPending) add.mutate({ title: title.trim(), dueOn: dueOn || null });
  };
  return (
    <form onSubmit={onSubmit} className="add-form task-form" noValidate>
      <Field id="new-task" label="New task" value={title} onChange={(e) => setTitle(e.target.value)} error={error?.fieldMessage('title')} maxLength={200} autoComplete="off" />
      <Field label="Due (optional)" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} error={error?.fieldMessage('dueOn')} />
      <FormMessage error={add.isError && !error?.fields.length ? errorMessage(add.error) : undefined} success={add.isSuccess ? `Added “${add.data.title}”.` : undefined} />
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {add.isPending ? 'Adding…' : 'Add task'}
      </button>
    </form>
  );
}
