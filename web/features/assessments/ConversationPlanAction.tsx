import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { MySchool } from '../../lib/session';
import { Field, FormMessage } from '../../lib/ui';
import { staffQuery } from '../people/api';
import { planQuery, plansQuery, schoolYearOf, useActionFromConversation } from '../plans/api';
import { fieldError, MutationMessage, SelectField } from '../plans/forms';
import { todayIn } from '../visits/format';
import { dataConversationsQuery, type DataConversation } from './analysis-api';

/** Who turns a conversation's next step into an action of the work plan: the plan's editors. */
export const makesPlanActions = (school: MySchool | undefined) => Boolean(school?.roles.some((r) => r === 'principal' || r === 'assistant_principal'));

/**
 * "Make the next step a plan action": the leader picks the plan's strategy, the owner and the due date; the action
 * lands in the work plan with the conversation as its evidence, and the conversation links to it.
 */
export function ConversationPlanAction({ school, conversation: c }: { school: MySchool; conversation: DataConversation }) {
  const [open, setOpen] = useState(false);
  const formId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  return (
    <div className="conversation-plan-action">
      <button
        ref={toggle}
        type="button"
        className="button button-secondary button-small"
        aria-expanded={open}
        aria-controls={open ? formId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {c.planActions.length ? 'Make another plan action' : 'Make the next step a plan action'}
        <span className="visually-hidden"> (conversation of {c.heldOn})</span>
      </button>
      {open ? (
        <ActionForm
          id={formId}
          school={school}
          conversation={c}
          onCancel={() => {
            setOpen(false);
            toggle.current?.focus();
          }}
        />
      ) : null}
    </div>
  );
}

function ActionForm({ id, school, conversation: c, onCancel }: { id: string; school: MySchool; conversation: DataConversation; onCancel: () => void }) {
  const client = useQueryClient();
  const plans = useQuery(plansQuery(school.id));
  const staff = useQuery(staffQuery(school.id, {}));
  const [planId, setPlanId] = useState('');
  const list = plans.data ?? [];
  const thisYear = schoolYearOf(todayIn(school.timezone));
  const chosen = planId || (list.find((p) => p.schoolYear === thisYear) ?? list[0])?.id || '';
  const plan = useQuery({ ...planQuery(school.id, chosen), enabled: Boolean(chosen) });
  const create = useActionFromConversation(school.id, c.id);
  const [strategyId, setStrategyId] = useState('');
  const [title, setTitle] = useState(c.nextStep);
  const [ownerId, setOwnerId] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [made, setMade] = useState<{ planId: string; title: string }>();
  const first = useRef<HTMLDivElement>(null);
  const doneLink = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    first.current?.querySelector('select')?.focus();
  }, [plans.isSuccess]);
  useEffect(() => {
    if (made) doneLink.current?.focus();
  }, [made]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMade(undefined);
    create.mutate(
      { strategyId, ownerId, title, dueOn: dueOn || null },
      {
        onSuccess: (p) => {
          setMade({ planId: p.id, title: title.trim() });
          void client.invalidateQueries({ queryKey: dataConversationsQuery(school.id, c.assessmentId).queryKey });
        },
      },
    );
  };

  if (plans.isPending) return <p className="hint" id={id}>Loading the work plans…</p>;
  if (plans.isError) return <FormMessage error="The work plans did not load. Try again in a moment." />;
  if (list.length === 0) {
    return (
      <p className="notice" id={id}>
        The school has no work plan yet.{' '}
        <Link to="/schools/$schoolId/plan" params={{ schoolId: school.id }}>
          Start one
        </Link>{' '}
        with a goal and a strategy, then come back.
      </p>
    );
  }
  const strategies = plan.data?.goals.flatMap((g) => g.strategies.map((s) => ({ ...s, goal: g.title }))) ?? [];
  const strategyProblem = fieldError(create.error, 'strategyId');
  return (
    <form id={id} className="card" onSubmit={onSubmit} noValidate aria-label={`Plan action from the conversation of ${c.heldOn}`}>
      <div className="filters" ref={first}>
        {list.length > 1 ? (
          <SelectField
            label="Work plan"
            value={chosen}
            onChange={(e) => {
              setPlanId(e.target.value);
              setStrategyId('');
            }}
          >
            {list.map((p) => (
              <option key={p.id} value={p.id}>
                {p.schoolYear} · {p.title}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField label="Strategy" value={strategyId} onChange={(e) => setStrategyId(e.target.value)} error={strategyProblem ? 'Choose a strategy of the plan' : undefined} disabled={!plan.isSuccess}>
          <option value="">{plan.isPending ? 'Loading the plan…' : strategies.length ? 'Choose a strategy…' : 'This plan has no strategies yet'}</option>
          {plan.data?.goals.map((g) =>
            g.strategies.length ? (
              <optgroup key={g.id} label={g.title}>
                {g.strategies.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title}
                  </option>
                ))}
              </optgroup>
            ) : null,
          )}
        </SelectField>
      </div>
      {plan.isError ? <FormMessage error="The plan did not load. Try again in a moment." /> : null}
      {plan.isSuccess && strategies.length === 0 ? (
        <p className="hint">
          Add a goal and a strategy to{' '}
          <Link to="/schools/$schoolId/plan" params={{ schoolId: school.id }} search={{ plan: chosen }}>
            the work plan
          </Link>{' '}
          first.
        </p>
      ) : null}
      <Field label="Action step" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} error={fieldError(create.error, 'title')} />
      <div className="filters">
        <SelectField label="Owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)} error={fieldError(create.error, 'ownerId') ? 'Choose the staff member who owns it' : undefined}>
          <option value="">{staff.isPending ? 'Loading the staff…' : 'Choose a staff member…'}</option>
          {(staff.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <Field label="Due (optional)" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} error={fieldError(create.error, 'dueOn')} />
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={create.isPending || !plan.isSuccess}>
          {create.isPending ? 'Adding…' : 'Add to the work plan'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Close
        </button>
      </div>
      <MutationMessage error={create.error} />
      {made && !create.error ? (
        <p className="notice notice-success" role="status">
          Added “{made.title}” to the work plan.{' '}
          <Link ref={doneLink} to="/schools/$schoolId/plan" params={{ schoolId: school.id }} search={{ plan: made.planId }}>
            See it in the work plan
          </Link>
        </p>
      ) : null}
    </form>
  );
}
