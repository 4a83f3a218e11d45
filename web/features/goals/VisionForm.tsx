import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { FormMessage } from '../../lib/ui';
import { TextArea } from '../conversations/TextArea';
import { useSaveVision, type Vision } from './api';

/** The roles action statements are written for, with their labels and what the statement asks of them. */
export const ACTIONS = [
  ['students', 'Students', 'What students do, e.g. “We explain our thinking and use feedback to improve.”'],
  ['teachers', 'Teachers', 'What teachers do, e.g. “We check for understanding every day.”'],
  ['principals', 'Principals', 'What school leaders do, e.g. “We are in classrooms every day.”'],
  ['staff', 'Other staff', 'What everyone else in the building does.'],
] as const;

/** Edits the vision and the action statements per role; saves them all at once. */
export function VisionForm({ schoolId, vision, onDone }: { schoolId: string; vision: Vision; onDone: (saved: boolean) => void }) {
  const id = useId();
  const save = useSaveVision(schoolId);
  const [text, setText] = useState(vision.vision);
  const [actions, setActions] = useState({ ...vision.actions });
  const failure = save.error instanceof ApiError ? save.error : undefined;
  const fieldError = (path: string) => failure?.fields.filter((f) => f.path === `body.${path}`).map((f) => f.message).join('. ') || undefined;

  return (
    <form
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ vision: text, actions }, { onSuccess: () => onDone(true) });
      }}
    >
      <h3 id={`${id}-title`}>Edit the vision</h3>
      <TextArea
        label="Vision for teaching and learning"
        hint="A shared, high-expectation statement, e.g. “Every child reads at grade level by 3rd grade.”"
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={5000}
        error={fieldError('vision')}
        required
      />
      <fieldset className="goal-fieldset">
        <legend>Action statements</legend>
        {ACTIONS.map(([key, label, hint]) => (
          <TextArea
            key={key}
            label={label}
            hint={hint}
            rows={2}
            value={actions[key]}
            onChange={(e) => setActions((a) => ({ ...a, [key]: e.target.value }))}
            maxLength={2000}
            error={fieldError(`actions.${key}`)}
          />
        ))}
      </fieldset>
      <FormMessage error={save.isError ? (failure?.fields.length ? 'Check the fields marked above. Nothing was saved.' : errorMessage(save.error)) : undefined} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save vision'}
        </button>
        <button type="button" className="button button-secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
