import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, seg } from '../../lib/api';
import { Field, FormMessage, QueryView } from '../../lib/ui';
import { visitSettingsQuery, type VisitSettings } from './api';

const wordsOf = (text: string) => text.split('\n').map((w) => w.trim()).filter(Boolean);

/** The evaluative word list (one per line) and the days before a teacher is flagged; the principal changes them. */
export function VisitSettingsForm({ schoolId, canEdit }: { schoolId: string; canEdit: boolean }) {
  const query = useQuery(visitSettingsQuery(schoolId));
  return (
    <section aria-labelledby="settings-heading" className="card section">
      <h2 id="settings-heading">Visit settings</h2>
      <QueryView query={query} what="visit settings">
        {(settings) => <SettingsForm schoolId={schoolId} settings={settings} canEdit={canEdit} />}
      </QueryView>
    </section>
  );
}

function SettingsForm({ schoolId, settings, canEdit }: { schoolId: string; settings: VisitSettings; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [words, setWords] = useState(settings.evaluativeWords.join('\n'));
  const [days, setDays] = useState(String(settings.unvisitedDays));
  const [daysError, setDaysError] = useState<string>();
  const [sent, setSent] = useState<string[]>([]);
  useEffect(() => {
    setWords(settings.evaluativeWords.join('\n'));
    setDays(String(settings.unvisitedDays));
  }, [settings]);
  const wordsId = useId();

  const save = useMutation({
    mutationFn: (body: { evaluativeWords: string[]; unvisitedDays: number }) =>
      api<VisitSettings>(`/api/schools/${seg(schoolId)}/visit-settings`, { method: 'PUT', json: body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(visitSettingsQuery(schoolId).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['coverage', schoolId] });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 365) {
      setDaysError('Use a whole number of days from 1 to 365');
      return;
    }
    setDaysError(undefined);
    const list = wordsOf(words);
    setSent(list);
    save.mutate({ evaluativeWords: list, unvisitedDays: n });
  };

  const error = save.error instanceof ApiError ? save.error : undefined;
  // Field paths name the word by its place in the list sent: say which line it was.
  const wordErrors = (error?.fields ?? [])
    .filter((f) => f.path.startsWith('body.evaluativeWords'))
    .map((f) => {
      const index = Number(f.path.split('.')[2]);
      return Number.isInteger(index) && sent[index] !== undefined ? `“${sent[index]}”: ${f.message}` : f.message;
    });
  const wordsError = wordErrors.length ? wordErrors.join('. ') : undefined;
  const serverDaysError = error?.fieldMessage('unvisitedDays');
  const describedBy = [`${wordsId}-hint`, wordsError ? `${wordsId}-error` : null].filter(Boolean).join(' ');

  return (
    <form onSubmit={onSubmit} noValidate>
      <div className={`field${wordsError ? ' field-invalid' : ''}`}>
        <label htmlFor={wordsId}>Evaluative words (one per line)</label>
        <p className="hint" id={`${wordsId}-hint`}>
          While someone types evidence, these words are pointed out as judgements rather than what was seen and heard.{' '}
          {wordsOf(words).length} words.
        </p>
        <textarea
          id={wordsId}
          rows={10}
          value={words}
          onChange={(e) => setWords(e.target.value)}
          readOnly={!canEdit}
          aria-invalid={wordsError ? true : undefined}
          aria-describedby={describedBy}
          spellCheck={false}
        />
        {wordsError ? (
          <p className="field-error" id={`${wordsId}-error`}>
            <span aria-hidden="true">⚠ </span>
            {wordsError}
          </p>
        ) : null}
      </div>
      <Field
        label="Flag teachers not visited in (days)"
        hint="On the coverage page, a teacher with no visit for this long is marked as needing one."
        type="number"
        inputMode="numeric"
        min={1}
        max={365}
        value={days}
        onChange={(e) => setDays(e.target.value)}
        readOnly={!canEdit}
        error={daysError ?? serverDaysError}
      />
      {canEdit ? (
        <>
          <FormMessage
            error={save.isError ? (error?.fields.length ? 'Check the highlighted fields.' : errorMessage(save.error)) : undefined}
            success={save.isSuccess ? 'Visit settings saved.' : undefined}
          />
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save visit settings'}
          </button>
        </>
      ) : (
        <p className="meta">Only the principal changes these settings.</p>
      )}
    </form>
  );
}
