import { useId, useState } from 'react';
import type { DATA_CONVERSATION_QUESTIONS } from '../../../schemas/assessments';
import { ApiError, errorMessage } from '../../lib/api';
import { useCurrentSchool } from '../../lib/school';
import { Field, FormMessage } from '../../lib/ui';
import { TextArea } from '../conversations/TextArea';
import { useRecordDataConversation } from './analysis-api';

/** The schema's guiding questions (web imports only types from schemas/: the type keeps this copy identical). */
export const GUIDING_QUESTIONS: typeof DATA_CONVERSATION_QUESTIONS = [
  'What do the results tell us that students can already do?',
  'Where do the results differ between groups of students, and by how much?',
  'Which items or standards were hardest, and what did students do on them?',
  'What about our teaching might explain what we see?',
  'What will we try before the next assessment, and how will we know it helped?',
];

const todayIn = (timeZone: string | undefined) => {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  }
};
const splitNames = (text: string) => text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);

/** The data-conversation protocol: notice, wonder, try, next step, who took part; guiding questions as prompts. */
export function DataConversationForm({ schoolId, assessmentId }: { schoolId: string; assessmentId: string }) {
  const id = useId();
  const record = useRecordDataConversation(schoolId, assessmentId);
  const timeZone = useCurrentSchool()?.timezone;
  const [heldOn, setHeldOn] = useState(() => todayIn(timeZone));
  const [participants, setParticipants] = useState('');
  const [questions, setQuestions] = useState<string[]>([]);
  const [notice, setNotice] = useState('');
  const [wonder, setWonder] = useState('');
  const [tryNext, setTryNext] = useState('');
  const [nextStep, setNextStep] = useState('');
  const [saved, setSaved] = useState(false);
  const failure = record.error instanceof ApiError ? record.error : undefined;
  const fieldError = (name: string) => failure?.fieldMessages(name);
  const toggle = (q: string, on: boolean) => setQuestions((list) => (on ? [...list, q] : list.filter((x) => x !== q)));

  return (
    <form
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        record.mutate(
          { heldOn, participants: splitNames(participants), questions, notice, wonder, tryNext, nextStep },
          {
            onSuccess: () => {
              setSaved(true);
              setQuestions([]);
              setNotice('');
              setWonder('');
              setTryNext('');
              setNextStep('');
            },
          },
        );
      }}
    >
      <h3 id={`${id}-title`}>Record a data conversation</h3>
      <Field label="Date held" type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} error={fieldError('heldOn')} required />
      <Field
        label="Who took part"
        hint="Names, separated by commas"
        value={participants}
        onChange={(e) => setParticipants(e.target.value)}
        error={fieldError('participants')}
        required
      />
      <fieldset className="class-choices">
        <legend>Guiding questions we used</legend>
        {GUIDING_QUESTIONS.map((q) => (
          <label key={q}>
            <input type="checkbox" checked={questions.includes(q)} onChange={(e) => toggle(q, e.target.checked)} />
            {q}
          </label>
        ))}
      </fieldset>
      <TextArea
        label="What do we notice?"
        hint="Facts from the results, without explanations yet. Prompt: what can students already do?"
        value={notice}
        onChange={(e) => setNotice(e.target.value)}
        maxLength={5000}
        error={fieldError('notice')}
      />
      <TextArea
        label="What do we wonder?"
        hint="Questions the results raise. Prompt: where do results differ, and what about our teaching might explain it?"
        value={wonder}
        onChange={(e) => setWonder(e.target.value)}
        maxLength={5000}
        error={fieldError('wonder')}
      />
      <TextArea
        label="What will we try?"
        hint="Changes in our teaching before the next assessment, and how we will know they helped."
        value={tryNext}
        onChange={(e) => setTryNext(e.target.value)}
        maxLength={5000}
        error={fieldError('tryNext')}
      />
      <TextArea label="Next step" hint="Who does what, by when." rows={2} value={nextStep} onChange={(e) => setNextStep(e.target.value)} maxLength={2000} error={fieldError('nextStep')} />
      <button type="submit" className="button button-primary" disabled={record.isPending}>
        {record.isPending ? 'Saving…' : 'Save conversation'}
      </button>
      <FormMessage error={record.isError ? errorMessage(record.error) : undefined} success={saved ? 'Conversation saved.' : undefined} />
    </form>
  );
}
