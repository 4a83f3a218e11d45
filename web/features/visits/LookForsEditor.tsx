import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, seg } from '../../lib/api';
import { EmptyState, Field, FormMessage, QueryView } from '../../lib/ui';
import { lookForsQuery, type LookFor } from './api';
import { LookForItem } from './LookForItem';

type Change = { id: string; name?: string; description?: string | null; active?: boolean; position?: number };

/** The school's look-fors: add, rename, retire or restore, and put in order. */
export function LookForsEditor({ schoolId, canEdit }: { schoolId: string; canEdit: boolean }) {
  const query = useQuery(lookForsQuery(schoolId));
  const queryClient = useQueryClient();
  const [announce, setAnnounce] = useState('');
  const url = (id?: string) => `/api/schools/${seg(schoolId)}/look-fors${id ? `/${seg(id)}` : ''}`;
  const refresh = () => queryClient.invalidateQueries({ queryKey: lookForsQuery(schoolId).queryKey });

  // One mutation for every change, so two never race; a reorder sends each moved look-for its new place.
  const change = useMutation({
    mutationFn: async ({ changes }: { changes: Change[]; message: string; focus?: string }) => {
      for (const { id, ...body } of changes) await api<LookFor>(url(id), { method: 'PATCH', json: body });
    },
    onSuccess: async (_data, { message, focus }) => {
      await refresh();
      setAnnounce(message);
      if (focus) requestAnimationFrame(() => document.getElementById(focus)?.focus());
    },
    onError: () => void refresh(),
  });

  return (
    <section aria-labelledby="look-fors-heading" className="card section">
      <h2 id="look-fors-heading">Look-fors</h2>
      <p className="hint">The focus areas visits are tagged with, in the order the capture page shows them. Retired look-fors stay on past visits.</p>
      <p role="status" className="visually-hidden">
        {announce}
      </p>
      <FormMessage error={change.isError ? errorMessage(change.error) : undefined} />
      <QueryView query={query} what="look-fors">
        {(lookFors) => {
          const active = lookFors.filter((l) => l.active);
          const retired = lookFors.filter((l) => !l.active);
          const move = (index: number, by: -1 | 1) => {
            const order = [...active];
            const [item] = order.splice(index, 1);
            order.splice(index + by, 0, item!);
            const changes = order.flatMap((l, position) => (l.position === position ? [] : [{ id: l.id, position }]));
            const edge = index + by === 0 ? 'down' : index + by === active.length - 1 ? 'up' : by === -1 ? 'up' : 'down';
            change.mutate({
              changes,
              message: `Moved “${item!.name}” to place ${index + by + 1} of ${active.length}.`,
              focus: `lf-${item!.id}-${edge}`,
            });
          };
          return (
            <>
              {active.length === 0 ? (
                <EmptyState title="No look-fors yet">
                  <p>{canEdit ? 'Add the first one below, for example “Student discourse”.' : 'The principal adds them.'}</p>
                </EmptyState>
              ) : (
                <ol className="look-for-list">
                  {active.map((l, i) => (
                    <LookForItem
                      key={l.id}
                      lookFor={l}
                      canEdit={canEdit}
                      busy={change.isPending}
                      first={i === 0}
                      last={i === active.length - 1}
                      onMove={(by) => move(i, by)}
                      onSave={(name, description) =>
                        change.mutateAsync({ changes: [{ id: l.id, name, description }], message: `Saved “${name}”.`, focus: `lf-${l.id}-rename` })
                      }
                      onRetire={() => change.mutate({ changes: [{ id: l.id, active: false }], message: `Retired “${l.name}”. It stays on past visits.` })}
                    />
                  ))}
                </ol>
              )}
              {retired.length ? (
                <>
                  <h3>Retired</h3>
                  <ul className="look-for-list">
                    {retired.map((l) => (
                      <LookForItem
                        key={l.id}
                        lookFor={l}
                        canEdit={canEdit}
                        busy={change.isPending}
                        onRestore={() =>
                          change.mutate({
                            changes: [{ id: l.id, active: true, position: active.length }],
                            message: `Restored “${l.name}” at the end of the list.`,
                          })
                        }
                      />
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          );
        }}
      </QueryView>
      {canEdit ? <AddLookFor url={url()} onAdded={refresh} /> : <p className="meta">The principal and assistant principals change the look-fors.</p>}
    </section>
  );
}

function AddLookFor({ url, onAdded }: { url: string; onAdded: () => Promise<unknown> }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const add = useMutation({
    mutationFn: (body: { name: string; description?: string }) => api<LookFor>(url, { json: body }),
    onSuccess: async () => {
      setName('');
      setDescription('');
      await onAdded();
    },
  });
  const error = add.error instanceof ApiError ? add.error : undefined;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!add.isPending) add.mutate({ name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) });
  };
  return (
    <form onSubmit={onSubmit} className="add-form" noValidate>
      <h3>Add a look-for</h3>
      <Field label="Look-for name" value={name} onChange={(e) => setName(e.target.value)} error={error?.fieldMessage('name')} maxLength={80} required />
      <Field
        label="Description (optional)"
        hint="What it looks like in a classroom."
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={error?.fieldMessage('description')}
        maxLength={500}
      />
      <FormMessage
        error={add.isError ? (error?.fields.length ? 'Check the highlighted field.' : errorMessage(add.error)) : undefined}
        success={add.isSuccess ? `Added “${add.data.name}”.` : undefined}
      />
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {add.isPending ? 'Adding…' : 'Add look-for'}
      </button>
    </form>
  );
}
