import { useNavigate } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../../lib/api';
import { FormMessage } from '../../lib/ui';
import { useDeleteGoal, useUpdateGoal, type GoalDetail } from './api';
import { GoalForm } from './GoalForm';
import './goals.css';

/** "Change goal" (the goal form, filled in) and "Delete goal" (after a confirmation that says it cannot be undone). */
export function GoalEditor({ schoolId, goal }: { schoolId: string; goal: GoalDetail }) {
  const id = useId();
  const update = useUpdateGoal(schoolId, goal.id);
  const remove = useDeleteGoal(schoolId, goal.id);
  const navigate = useNavigate();
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const [saved, setSaved] = useState(false);
  const changeButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  // Focus follows the mode: the button that opened a form gets it back; a confirmation starts on "Keep it".
  const [focus, setFocusState] = useState<{ target: { current: HTMLButtonElement | null } } | null>(null);
  const setFocus = (target: { current: HTMLButtonElement | null }) => setFocusState({ target });
  useEffect(() => {
    focus?.target.current?.focus();
  }, [focus]);
  const back = (button: { current: HTMLButtonElement | null }) => {
    setMode('view');
    setFocus(button);
  };

  if (mode === 'edit') {
    return (
      <div className="card goal-editor">
        <GoalForm
          schoolId={schoolId}
          goal={goal}
          title="Change this goal"
          submitLabel="Save changes"
          pending={update.isPending}
          error={update.error}
          onSubmit={(input) =>
            update.mutate(input, {
              onSuccess: () => {
                update.reset();
                setSaved(true);
                back(changeButton);
              },
            })
          }
          onCancel={() => {
            update.reset();
            back(changeButton);
          }}
        />
      </div>
    );
  }
  return (
    <>
      <FormMessage success={saved ? 'Goal saved.' : undefined} />
      {mode === 'confirm' ? (
        <div className="goal-delete" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            Delete the goal “{goal.title}”? This cannot be undone. Its links to look-fors go with it; the assessments, results and visits stay.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button button-danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate(undefined, { onSuccess: () => void navigate({ to: '/schools/$schoolId/goals', params: { schoolId } }) })}
            >
              {remove.isPending ? 'Deleting…' : 'Delete goal'}
            </button>
            <button ref={keepButton} type="button" className="button button-secondary" onClick={() => back(deleteButton)}>
              Keep it
            </button>
          </div>
          <FormMessage error={remove.isError ? errorMessage(remove.error) : undefined} />
        </div>
      ) : (
        <p className="goal-actions">
          <button
            ref={changeButton}
            type="button"
            className="button button-secondary"
            onClick={() => {
              setSaved(false);
              setMode('edit');
            }}
          >
            Change goal
          </button>
          <button
            ref={deleteButton}
            type="button"
            className="button button-secondary"
            onClick={() => {
              setSaved(false);
              remove.reset();
              setMode('confirm');
              setFocus(keepButton);
            }}
          >
            Delete goal…
          </button>
        </p>
      )}
    </>
  );
}
