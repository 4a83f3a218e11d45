import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, seg } from '../../lib/api';
import { Field, FormMessage } from '../../lib/ui';
import { todayIn, visitChanged, type Visit } from './api';
import { TextArea } from './TextArea';

interface Problems {
  heldOn?: string;
  notes?: string;
  followUpOn?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Records a follow-up conversation: when, what was said (the teacher sees it), the teacher's own next step, a follow-up date. */
export function ConversationForm({ visit, timeZone }: { visit: Visit; timeZone: string }) {
  const queryClient = useQueryClient();
  const today = todayIn(timeZone);
  const [heldOn, setHeldOn] = useState(today);
  const [notes, setNotes] = useState('');
  const [nextStep, setNextStep] = useState(visit.reflection?.nextStep ?? '');
  const [followUpOn, setFollowUpOn] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [done, setDone] = useState<string>();

  const record = useMutation({
    mutationFn: (body: { heldOn: string; notes: string; nextStep: string | null; followUpOn: string | null }) =>
      api<Visit>(`/api/visits/${seg(visit.id)}/conversations`, { json: body }),
    onSuccess: (saved) => {
      visitChanged(queryClient, saved);
      setNotes('');
      setFollowUpOn('');
      setDone(`Conversation recorded. ${visit.teacher.name} can read the notes in My classroom.`);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    const found: Problems = {};
    if (!DATE.test(heldOn)) found.heldOn = 'Enter the date you talked, like 2026-11-24';
    else if (heldOn > today) found.heldOn = 'The conversation cannot be in the future';
    if (!notes.trim()) found.notes = 'Write what you talked about';
    if (followUpOn && !DATE.test(followUpOn)) found.followUpOn = 'Use a date like 2026-12-01, or leave it empty';
    setProblems(found);
    if (Object.keys(found).length) return;
    record.mutate({ heldOn, notes: notes.trim(), nextStep: nextStep.trim() || null, followUpOn: followUpOn || null });
  };

  const error = record.error instanceof ApiError ? record.error : undefined;
  const field = (name: keyof Problems | 'nextStep') => (name === 'nextStep' ? undefined : problems[name]) ?? error?.fieldMessage(name);
  const invalid = Object.keys(problems).length > 0;
  return (
    <form onSubmit={onSubmit} noValidate className="loop-form loop-add" aria-labelledby="record-heading">
      <h3 id="record-heading" className="loop-subheading">
        Record conversation
      </h3>
      <Field label="Date you talked" type="date" value={heldOn} max={today} onChange={(e) => setHeldOn(e.target.value)} error={field('heldOn')} required />
      <TextArea
        label="Notes"
        hint={`Visible to both of you: ${visit.teacher.name} reads these notes. Describe what you talked about, not a judgement.`}
        rows={5}
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        error={field('notes')}
        required
      />
      <TextArea
        label={`${visit.teacher.name}’s next step`}
        hint="The teacher decides it. Write it in their words, or leave it empty if they did not choose one."
        rows={2}
        value={nextStep}
        onChange={(e) => setNextStep(e.target.value)}
        error={error?.fieldMessage('nextStep')}
      />
      <Field
        label="Follow-up visit (optional)"
        hint="A day to come back and see how the next step is going."
        type="date"
        min={today}
        value={followUpOn}
        onChange={(e) => setFollowUpOn(e.target.value)}
        error={field('followUpOn')}
      />
      <FormMessage
        error={
          invalid
            ? 'Check the highlighted fields.'
            : record.isError
              ? error?.fields.length
                ? `Check the highlighted fields. ${error.message}`
                : errorMessage(record.error)
              : undefined
        }
        success={done}
      />
      <button type="submit" className="button button-primary" disabled={record.isPending}>
        {record.isPending ? 'Saving…' : 'Record conversation'}
      </button>
    </form>
  );
}
