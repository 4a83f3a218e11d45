import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, seg } from '../../lib/api';
import { FormMessage } from '../../lib/ui';
import { byFocus, guidingQuestionsQuery, visitChanged, visitQuery, type Visit } from './api';
import { TextArea } from './TextArea';

const MAX = 500;

/**
 * Shares a held visit's evidence with the teacher (never the private note), with one guiding question: picked from
 * the school's library, grouped by focus, or written here. The pick fills the question box, which stays editable.
 */
export function ShareForm({ visit }: { visit: Visit }) {
  const queryClient = useQueryClient();
  const library = useQuery(guidingQuestionsQuery(visit.schoolId));
  const [pick, setPick] = useState('');
  const [question, setQuestion] = useState(visit.guidingQuestion ?? '');
  const [tooLong, setTooLong] = useState<string>();
  const pickId = useId();

  const share = useMutation({
    mutationFn: (guidingQuestion: string | null) => api<Visit>(`/api/visits/${seg(visit.id)}/share`, { json: { guidingQuestion } }),
    onSuccess: (saved) => visitChanged(queryClient, saved),
    onError: (error) => {
      // Someone (or another tab) shared it already: show the visit as it is now.
      if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: visitQuery(visit.id).queryKey });
    },
  });

  const onPick = (id: string) => {
    setPick(id);
    const chosen = library.data?.find((q) => q.id === id);
    if (chosen) setQuestion(chosen.body);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = question.trim();
    if (text.length > MAX) {
      setTooLong(`Keep the question under ${MAX} characters (it has ${text.length})`);
      return;
    }
    setTooLong(undefined);
    share.mutate(text || null);
  };

  const error = share.error instanceof ApiError ? share.error : undefined;
  const questionError = tooLong ?? error?.fieldMessage('guidingQuestion');
  const groups = library.data ? byFocus(library.data) : [];
  return (
    <form onSubmit={onSubmit} noValidate className="loop-form" aria-label={`Share with ${visit.teacher.name}`}>
      <p>
        {visit.teacher.name} will see the evidence, the look-fors and the photos, and gets an email with a link. Your private note is never
        shared.
      </p>
      <div className="field">
        <label htmlFor={pickId}>Pick a question from the library</label>
        {library.isPending ? (
          <p className="hint" id={`${pickId}-hint`} role="status">
            Loading the question library…
          </p>
        ) : library.isError ? (
          <p className="hint" id={`${pickId}-hint`}>
            The question library could not be loaded ({errorMessage(library.error)}). You can still write your own question below.
          </p>
        ) : groups.length === 0 ? (
          <p className="hint" id={`${pickId}-hint`}>
            The library is empty. Write your own question below.
          </p>
        ) : (
          <p className="hint" id={`${pickId}-hint`}>
            Grouped by focus. The question you pick appears below, where you can change it.
          </p>
        )}
        <select id={pickId} value={pick} onChange={(e) => onPick(e.target.value)} disabled={groups.length === 0} aria-describedby={`${pickId}-hint`}>
          <option value="">— Choose a question —</option>
          {groups.map((g) => (
            <optgroup key={g.focus} label={g.focus}>
              {g.questions.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.body}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <TextArea
        label="Guiding question (optional)"
        hint="One open question that invites reflection. Leave it empty to share the evidence alone."
        rows={3}
        value={question}
        onChange={(e) => {
          setQuestion(e.target.value);
          setPick('');
        }}
        error={questionError}
      />
      <FormMessage
        error={share.isError ? (error?.fields.length ? 'Check the question above.' : errorMessage(share.error)) : undefined}
      />
      <button type="submit" className="button button-primary" disabled={share.isPending}>
        {share.isPending ? 'Sharing…' : `Share with ${visit.teacher.name}`}
      </button>
    </form>
  );
}
