import { useState, type FormEvent } from 'react';
import { useMe, type MySchool } from '../../lib/session';
import { EmptyState, Field } from '../../lib/ui';
import { useAddAction, useAddGoal, useAddStrategy, type PlanDetail, type PlanGoal } from './api';
import { ActionCard } from './ActionCard';
import { EditGoal, EditStrategy } from './PlanEdits';
import { fieldError, MutationMessage } from './forms';
import { ActionFields, GoalFields, type ActionValues, type GoalValues } from './PlanFields';
import { editsPlan } from './PlanPage';

/** Goals → strategies → action steps; leaders add to every level, owners update their own actions. */
export function PlanGoals({ school, plan }: { school: MySchool; plan: PlanDetail }) {
  const editor = editsPlan(school);
  return (
    <section aria-labelledby="plan-goals-heading" className="section">
      <h2 id="plan-goals-heading" className="visually-hidden">
        Goals, strategies and actions
      </h2>
      {plan.goals.length === 0 ? (
        <EmptyState title="No goals yet">{editor ? 'Add the plan’s first goal below.' : 'The plan’s goals will appear here.'}</EmptyState>
      ) : (
        <ol className="plan-goals">
          {plan.goals.map((g, i) => (
            <GoalSection key={g.id} school={school} plan={plan} goal={g} number={i + 1} />
          ))}
        </ol>
      )}
      {editor ? <AddGoal school={school} plan={plan} /> : null}
    </section>
  );
}

function GoalSection({ school, plan, goal, number }: { school: MySchool; plan: PlanDetail; goal: PlanGoal; number: number }) {
  const editor = editsPlan(school);
  const me = useMe();
  return (
    <li className="card plan-goal" aria-labelledby={`goal-${goal.id}`}>
      <p className="plan-eyebrow">Goal {number}</p>
      <h3 id={`goal-${goal.id}`} className="plan-goal-title">
        {goal.title}
      </h3>
      {goal.visionGoal ? <p className="meta">Serves the vision goal “{goal.visionGoal.title}”</p> : null}
      {goal.description ? <p className="prewrap">{goal.description}</p> : null}
      {goal.pdSessions.length ? (
        <p className="meta">Professional learning: {goal.pdSessions.map((s) => `${s.title} (${s.heldOn})`).join('; ')}</p>
      ) : null}
      {editor ? <EditGoal school={school} plan={plan} goal={goal} /> : null}
      {goal.strategies.map((s) => (
        <div key={s.id} className="plan-strategy">
          <h4>
            <span className="plan-label">Strategy</span> {s.title}
          </h4>
          {s.description ? <p className="meta prewrap">{s.description}</p> : null}
          {editor ? <EditStrategy school={school} plan={plan} strategy={s} /> : null}
          {s.actions.length === 0 ? (
            <p className="meta">No action steps yet.</p>
          ) : (
            <ul className="plan-actions" aria-label={`Actions of “${s.title}”`}>
              {s.actions.map((a) => (
                <ActionCard key={a.id} school={school} plan={plan} action={a} mayUpdate={editor || a.owner.id === me.user.id} mayEdit={editor} />
              ))}
            </ul>
          )}
          {editor ? <AddAction school={school} plan={plan} strategyId={s.id} strategyTitle={s.title} /> : null}
        </div>
      ))}
      {editor ? <AddStrategy school={school} plan={plan} goal={goal} /> : null}
    </li>
  );
}

function AddGoal({ school, plan }: { school: MySchool; plan: PlanDetail }) {
  const add = useAddGoal(school.id, plan.id);
  const [values, setValues] = useState<GoalValues>({ title: '', description: '', visionGoalId: '' });
  const [done, setDone] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    add.mutate(
      { ...values, visionGoalId: values.visionGoalId || null },
      {
        onSuccess: () => {
          setDone(`Added the goal “${values.title.trim()}”.`);
          setValues({ ...values, title: '', description: '' });
        },
      },
    );
  };
  return (
    <details className="plan-add no-print" open={plan.goals.length === 0}>
      <summary>Add a goal</summary>
      <form onSubmit={onSubmit} noValidate aria-label="Add a goal">
        <GoalFields schoolId={school.id} values={values} onChange={setValues} error={add.error} />
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add the goal'}
        </button>
        <MutationMessage error={add.error} success={done} />
      </form>
    </details>
  );
}

function AddStrategy({ school, plan, goal }: { school: MySchool; plan: PlanDetail; goal: PlanGoal }) {
  const add = useAddStrategy(school.id, plan.id, goal.id);
  const [title, setTitle] = useState('');
  const [done, setDone] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    add.mutate(
      { title },
      {
        onSuccess: () => {
          setDone(`Added the strategy “${title.trim()}”.`);
          setTitle('');
        },
      },
    );
  };
  return (
    <details className="plan-add no-print" open={goal.strategies.length === 0}>
      <summary>Add a strategy to “{goal.title}”</summary>
      <form onSubmit={onSubmit} noValidate aria-label={`Add a strategy to “${goal.title}”`}>
        <Field label="Strategy" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} error={fieldError(add.error, 'title')} />
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add the strategy'}
        </button>
        <MutationMessage error={add.error} success={done} />
      </form>
    </details>
  );
}

function AddAction({ school, plan, strategyId, strategyTitle }: { school: MySchool; plan: PlanDetail; strategyId: string; strategyTitle: string }) {
  const add = useAddAction(school.id, plan.id, strategyId);
  const empty: ActionValues = { title: '', ownerId: '', startsOn: '', dueOn: '' };
  const [values, setValues] = useState<ActionValues>(empty);
  const [done, setDone] = useState<string>();
  const [localError, setLocalError] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    if (!values.ownerId) {
      setLocalError('Choose who owns this action');
      return;
    }
    setLocalError(undefined);
    add.mutate(
      { ...values, startsOn: values.startsOn || null, dueOn: values.dueOn || null },
      {
        onSuccess: () => {
          setDone(`Added the action “${values.title.trim()}”.`);
          setValues(empty);
        },
      },
    );
  };
  return (
    <details className="plan-add no-print">
      <summary>Add an action to “{strategyTitle}”</summary>
      <form onSubmit={onSubmit} noValidate aria-label={`Add an action to “${strategyTitle}”`}>
        <ActionFields schoolId={school.id} values={values} onChange={setValues} error={add.error} ownerError={localError} />
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add the action'}
        </button>
        <MutationMessage error={add.error} success={done} />
      </form>
    </details>
  );
}
