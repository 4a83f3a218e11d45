import { useState, type FormEvent, type ReactNode } from 'react';
import type { MySchool } from '../../lib/session';
import { Field } from '../../lib/ui';
import {
  useDeleteAction,
  useDeleteGoal,
  useDeleteStrategy,
  useUpdateAction,
  useUpdateGoal,
  useUpdateStrategy,
  type PlanAction,
  type PlanDetail,
  type PlanGoal,
} from './api';
import { fieldError, MutationMessage, TextArea } from './forms';
import { ActionFields, GoalFields, type ActionValues, type GoalValues } from './PlanFields';

type Strategy = PlanGoal['strategies'][number];
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "Edit" under a goal, strategy or action of the work plan (leaders only): its fields, and removing it after an
 * explicit confirmation that says what goes with it. Every change lands in the plan's history.
 */
function EditPanel({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="plan-edit no-print">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** The remove button and its confirmation. */
function RemoveZone({ what, consequence, pending, error, onRemove }: { what: string; consequence: string; pending: boolean; error: unknown; onRemove: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button button-secondary plan-remove" onClick={() => setAsking(true)}>
        Remove {what}…
      </button>
    );
  }
  return (
    <div className="notice notice-error plan-remove-confirm" role="group" aria-label={`Remove ${what}?`}>
      <p className="notice-title">Remove {what}?</p>
      <p>{consequence} The plan’s history keeps a record of the removal.</p>
      <div className="button-row">
        <button type="button" className="button button-danger" disabled={pending} onClick={onRemove}>
          {pending ? 'Removing…' : `Remove ${what}`}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setAsking(false)} autoFocus>
          Keep it
        </button>
      </div>
      <MutationMessage error={error} />
    </div>
  );
}

export function EditGoal({ school, plan, goal }: { school: MySchool; plan: PlanDetail; goal: PlanGoal }) {
  const update = useUpdateGoal(school.id, plan.id, goal.id);
  const remove = useDeleteGoal(school.id, plan.id, goal.id);
  const [values, setValues] = useState<GoalValues>({ title: goal.title, description: goal.description, visionGoalId: goal.visionGoal?.id ?? '' });
  const [done, setDone] = useState<string>();
  const actions = goal.strategies.reduce((n, s) => n + s.actions.length, 0);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    update.mutate({ ...values, visionGoalId: values.visionGoalId || null }, { onSuccess: () => setDone('Goal saved.') });
  };
  return (
    <EditPanel summary="Edit this goal">
      <form onSubmit={onSubmit} noValidate aria-label={`Edit the goal “${goal.title}”`}>
        <GoalFields schoolId={school.id} values={values} onChange={setValues} error={update.error} />
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save the goal'}
        </button>
        <MutationMessage error={update.error} success={done} />
      </form>
      <RemoveZone
        what="this goal"
        consequence={`“${goal.title}” goes with its ${plural(goal.strategies.length, 'strategy', 'strategies')} and ${plural(actions, 'action', 'actions')}.`}
        pending={remove.isPending}
        error={remove.error}
        onRemove={() => remove.mutate(undefined)}
      />
    </EditPanel>
  );
}

export function EditStrategy({ school, plan, strategy }: { school: MySchool; plan: PlanDetail; strategy: Strategy }) {
  const update = useUpdateStrategy(school.id, plan.id, strategy.id);
  const remove = useDeleteStrategy(school.id, plan.id, strategy.id);
  const [title, setTitle] = useState(strategy.title);
  const [description, setDescription] = useState(strategy.description);
  const [done, setDone] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    update.mutate({ title, description }, { onSuccess: () => setDone('Strategy saved.') });
  };
  return (
    <EditPanel summary="Edit this strategy">
      <form onSubmit={onSubmit} noValidate aria-label={`Edit the strategy “${strategy.title}”`}>
        <Field label="Strategy" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} error={fieldError(update.error, 'title')} />
        <TextArea label="Description (optional)" value={description} maxLength={5000} onChange={(e) => setDescription(e.target.value)} error={fieldError(update.error, 'description')} />
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save the strategy'}
        </button>
        <MutationMessage error={update.error} success={done} />
      </form>
      <RemoveZone
        what="this strategy"
        consequence={`“${strategy.title}” goes with its ${plural(strategy.actions.length, 'action', 'actions')}.`}
        pending={remove.isPending}
        error={remove.error}
        onRemove={() => remove.mutate(undefined)}
      />
    </EditPanel>
  );
}

export function EditAction({ school, plan, action }: { school: MySchool; plan: PlanDetail; action: PlanAction }) {
  const update = useUpdateAction(school.id, plan.id, action.id);
  const remove = useDeleteAction(school.id, plan.id, action.id);
  const [values, setValues] = useState<ActionValues>({ title: action.title, ownerId: action.owner.id, startsOn: action.startsOn ?? '', dueOn: action.dueOn ?? '' });
  const [done, setDone] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    update.mutate({ ...values, startsOn: values.startsOn || null, dueOn: values.dueOn || null }, { onSuccess: () => setDone('Action saved.') });
  };
  return (
    <EditPanel summary="Edit this action">
      <form onSubmit={onSubmit} noValidate aria-label={`Edit the action “${action.title}”`}>
        <ActionFields schoolId={school.id} values={values} onChange={setValues} error={update.error} currentOwner={action.owner} />
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save the action'}
        </button>
        <MutationMessage error={update.error} success={done} />
      </form>
      <RemoveZone
        what="this action"
        consequence={`“${action.title}” goes with its ${plural(action.evidence.length, 'piece', 'pieces')} of evidence.`}
        pending={remove.isPending}
        error={remove.error}
        onRemove={() => remove.mutate(undefined)}
      />
    </EditPanel>
  );
}
