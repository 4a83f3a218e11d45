import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, seg } from '../../lib/api';
import { EmptyState, Field, FormMessage, QueryView } from '../../lib/ui';
import { byFocus, guidingQuestionsQuery, type GuidingQuestion } from './api';
import { TextArea } from './TextArea';

interface Props {
  schoolId: string;
  canAdd: boolean;
  canDelete: boolean;
}

/** The school's library of guiding questions, grouped by focus: leaders pick from it when they share a visit. */
export function GuidingQuestionsEditor({ schoolId, canAdd, canDelete }: Props) {
  const query = useQuery(guidingQuestionsQuery(schoolId));
  return (
    <section aria-labelledby="questions-heading" className="card section">
      <h2 id="questions-heading">Guiding questions</h2>
      <p className="meta">Open, non-judgemental questions that invite a teacher to reflect. Leaders pick one when they share a visit.</p>
      <QueryView query={query} what="guiding questions">
        {(questions) => (
          <>
            <QuestionList schoolId={schoolId} questions={questions} canDelete={canDelete} />
            {canAdd ? <AddQuestion schoolId={schoolId} focuses={[...new Set(questions.map((q) => q.focus))]} /> : null}
          </>
        )}
      </QueryView>
    </section>
  );
}

function QuestionList({ schoolId, questions, canDelete }: { schoolId: string; questions: GuidingQuestion[]; canDelete: boolean }) {
  const queryClient = useQueryClient();
  const [removed, setRemoved] = useState<string>();
  const list = useRef<HTMLDivElement>(null);
  const remove = useMutation({
    mutationFn: (q: GuidingQuestion) => api<void>(`/api/schools/${seg(schoolId)}/guiding-questions/${seg(q.id)}`, { method: 'DELETE' }),
    onSuccess: (_void, q) => {
      queryClient.setQueryData(guidingQuestionsQuery(schoolId).queryKey, (old) => old?.filter((x) => x.id !== q.id));
      setRemoved(`Removed “${q.body}”.`);
      // The button that had focus is gone: keep keyboard users in the list.
      list.current?.focus();
    },
  });
  if (questions.length === 0) {
    return (
      <EmptyState title="The library is empty">
        <p>Add a first question below; leaders can also write their own when they share.</p>
      </EmptyState>
    );
  }
  return (
    <div ref={list} tabIndex={-1} className="loop-library">
      {byFocus(questions).map((group) => (
        <div key={group.focus} className="loop-library-group">
          <h3>{group.focus}</h3>
          <ul className="loop-library-list">
            {group.questions.map((q) => (
              <li key={q.id}>
                <span>{q.body}</span>
                {canDelete ? (
                  <button
                    type="button"
                    className="button button-secondary loop-small"
                    onClick={() => remove.mutate(q)}
                    disabled={remove.isPending && remove.variables?.id === q.id}
                  >
                    Remove<span className="visually-hidden"> “{q.body}”</span>
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <FormMessage error={remove.isError ? errorMessage(remove.error) : undefined} success={remove.isSuccess ? removed : undefined} />
    </div>
  );
}

function AddQuestion({ schoolId, focuses }: { schoolId: string; focuses: string[] }) {
  const queryClient = useQueryClient();
  const [focus, setFocus] = useState('');
  const [body, setBody] = useState('');
  const [problems, setProblems] = useState<{ focus?: string; body?: string }>({});
  const listId = useId();
  const add = useMutation({
    mutationFn: (input: { focus: string; body: string }) =>
      api<GuidingQuestion>(`/api/schools/${seg(schoolId)}/guiding-questions`, { json: input }),
    onSuccess: (created) => {
      queryClient.setQueryData(guidingQuestionsQuery(schoolId).queryKey, (old) => [...(old ?? []), created]);
      setBody('');
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: { focus?: string; body?: string } = {};
    if (!focus.trim()) found.focus = 'Name the focus area, like “Student talk”';
    if (!body.trim()) found.body = 'Write the question';
    else if (body.trim().length > 300) found.body = 'Keep the question under 300 characters';
    setProblems(found);
    if (found.focus || found.body) return;
    add.mutate({ focus: focus.trim(), body: body.trim() });
  };
  const error = add.error instanceof ApiError ? add.error : undefined;
  const invalid = Boolean(problems.focus || problems.body);
  return (
    <form onSubmit={onSubmit} noValidate className="loop-add">
      <h3>Add a question</h3>
      <Field
        label="Focus"
        hint="Pick an existing focus or type a new one."
        list={listId}
        value={focus}
        onChange={(e) => setFocus(e.target.value)}
        error={problems.focus ?? error?.fieldMessage('focus')}
        autoComplete="off"
      />
      <datalist id={listId}>
        {focuses.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      <TextArea label="Question" rows={2} value={body} onChange={(e) => setBody(e.target.value)} error={problems.body ?? error?.fieldMessage('body')} />
      <FormMessage
        error={invalid ? 'Check the highlighted fields.' : add.isError ? (error?.fields.length ? 'Check the highlighted fields.' : errorMessage(add.error)) : undefined}
        success={add.isSuccess ? 'Question added to the library.' : undefined}
      />
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {add.isPending ? 'Adding…' : 'Add question'}
      </button>
    </form>
  );
}
