import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, seg } from '../../lib/api';
import { Field, FormMessage } from '../../lib/ui';
import { visitChanged, type Visit } from '../conversations/api';
import { TextArea } from '../conversations/TextArea';

/** The teacher's reflection on a visit: what they think, the next step they choose (if any), and whether they want to talk. */
export function ReflectionForm({ visit, onSaved, onCancel }: { visit: Visit; onSaved: () => void; onCancel?: () => void }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState(visit.reflection?.body ?? '');
  const [nextStep, setNextStep] = useState(visit.reflection?.nextStep ?? '');
  const [wantsConversation, setWantsConversation] = useState(visit.reflection?.wantsConversation ?? false);
  const [bodyError, setBodyError] = useState<string>();
  const talkId = useId();

  const save = useMutation({
    mutationFn: (input: { body: string; nextStep: string | null; wantsConversation: boolean }) =>
      api<Visit>(`/api/visits/${seg(visit.id)}/reflection`, { method: 'PUT', json: input }),
    onSuccess: (saved) => {
      visitChanged(queryClient, saved);
      onSaved();
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    const problem = !text ? 'Write your reflection: a few words are enough' : text.length > 10_000 ? 'Keep it under 10,000 characters' : undefined;
    setBodyError(problem);
    if (problem) return;
    save.mutate({ body: text, nextStep: nextStep.trim() || null, wantsConversation });
  };

  const error = save.error instanceof ApiError ? save.error : undefined;
  return (
    <form onSubmit={onSubmit} noValidate className="loop-form">
      <TextArea
        label="Reflection"
        hint={
          visit.guidingQuestion
            ? `What do you make of the evidence? The question above may help: “${visit.guidingQuestion}”`
            : 'What do you make of the evidence? What stands out to you?'
        }
        rows={5}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={bodyError ?? error?.fieldMessage('body')}
        required
      />
      <Field
        label="Your next step (optional)"
        hint="You decide: one thing you would like to try, or nothing at all."
        value={nextStep}
        onChange={(e) => setNextStep(e.target.value)}
        error={error?.fieldMessage('nextStep')}
        maxLength={1000}
      />
      <div className="field">
        <label className="check" htmlFor={talkId}>
          <input id={talkId} type="checkbox" checked={wantsConversation} onChange={(e) => setWantsConversation(e.target.checked)} />
          <span>I’d like to talk about this</span>
        </label>
        <p className="hint">{visit.observer.name} will be asked to find a time with you.</p>
      </div>
      <FormMessage
        error={bodyError ? 'Check the highlighted field.' : save.isError ? (error?.fields.length ? 'Check the highlighted fields.' : errorMessage(save.error)) : undefined}
      />
      <div className="loop-buttons">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save reflection'}
        </button>
        {onCancel ? (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
