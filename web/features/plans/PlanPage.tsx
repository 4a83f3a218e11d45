import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import type { MySchool } from '../../lib/session';
import { EmptyState, Field, PageTitle, QueryView } from '../../lib/ui';
import { todayIn } from '../visits/format';
import { SchoolGate } from '../visits/RoleGate';
import { pdfUrl, planQuery, plansQuery, schoolYearOf, useCreatePlan, type ActionStatus, type PlanDetail, type PlanSummary } from './api';
import { Checkins } from './Checkins';
import { fieldError, MutationMessage } from './forms';
import { PlanGoals } from './PlanGoals';
import { PdSessions } from './PdSessions';
import { PlanHistory } from './PlanHistory';
import './plans.css';

const route = getRouteApi('/_app/schools/$schoolId/plan');
const EDITORS = ['principal', 'assistant_principal'];
export const editsPlan = (school: MySchool) => school.roles.some((r) => EDITORS.includes(r));

/** `/schools/{id}/plan`: the school's annual work plan on one page, printable and exportable for the school board. */
export function PlanPage() {
  const { schoolId } = route.useParams();
  return (
    <SchoolGate schoolId={schoolId} title="Work plan" allow={() => true} who="">
      {(school) => <Plans school={school} />}
    </SchoolGate>
  );
}

function Plans({ school }: { school: MySchool }) {
  const { plan: chosen } = route.useSearch();
  const plans = useQuery(plansQuery(school.id));
  return (
    <QueryView query={plans} what="work plans" pageTitle="Work plan">
      {(list) => {
        // Default: this school year's plan, else the newest.
        const thisYear = schoolYearOf(todayIn(school.timezone));
        const current = list.find((p) => p.id === chosen) ?? list.find((p) => p.schoolYear === thisYear) ?? list[0];
        if (!current) {
          return (
            <>
              <PageTitle title="Work plan" lead={school.name}>
                Annual work plan
              </PageTitle>
              <EmptyState title="No work plan yet">
                <p>{editsPlan(school) ? 'Start this year’s plan: goals, the strategies that reach them, and the action steps with their owners.' : 'Your principal writes the school’s annual work plan with the leadership team; it will appear here.'}</p>
              </EmptyState>
              {editsPlan(school) ? <NewPlanForm school={school} open /> : null}
            </>
          );
        }
        return <OnePlan school={school} plans={list} current={current} />;
      }}
    </QueryView>
  );
}

function OnePlan({ school, plans, current }: { school: MySchool; plans: PlanSummary[]; current: PlanSummary }) {
  const plan = useQuery(planQuery(school.id, current.id));
  return (
    <div className="plan-page">
      <QueryView query={plan} what="the work plan" pageTitle="Work plan">
        {(p) => (
          <>
            <PlanHeader school={school} plan={p} />
            <div className="plan-tools no-print">
              {plans.length > 1 ? (
                <nav aria-label="School years" className="plan-years">
                  <span className="meta">School years:</span>
                  <ul className="inline-links">
                    {plans.map((x) => (
                      <li key={x.id}>
                        {x.id === current.id ? (
                          <strong aria-current="page">{x.schoolYear}</strong>
                        ) : (
                          <Link to="/schools/$schoolId/plan" params={{ schoolId: school.id }} search={{ plan: x.id }}>
                            {x.schoolYear}
                          </Link>
                        )}
                      </li>
                    ))}
                  </ul>
                </nav>
              ) : null}
              <div className="button-row">
                <button type="button" className="button button-secondary" onClick={() => window.print()}>
                  Print
                </button>
                <a className="button button-secondary" href={pdfUrl(school.id, p.id)} download>
                  Download PDF
                </a>
              </div>
            </div>
            <PlanGoals school={school} plan={p} />
            <Checkins school={school} plan={p} />
            <PdSessions school={school} plan={p} />
            <PlanHistory school={school} plan={p} />
            {editsPlan(school) ? <NewPlanForm school={school} /> : null}
          </>
        )}
      </QueryView>
    </div>
  );
}

function PlanHeader({ school, plan }: { school: MySchool; plan: PlanDetail }) {
  const actions = plan.goals.flatMap((g) => g.strategies.flatMap((s) => s.actions));
  const count = (s: ActionStatus) => actions.filter((a) => a.status === s).length;
  const latest = plan.checkins[0];
  return (
    <header className="plan-header">
      <p className="plan-eyebrow">
        {school.name} · Annual work plan {plan.schoolYear}
      </p>
      <PageTitle title={`Work plan ${plan.schoolYear}`}>{plan.title}</PageTitle>
      <dl className="plan-stats">
        <div>
          <dt>Goals</dt>
          <dd>{plan.goals.length}</dd>
        </div>
        <div>
          <dt>Actions</dt>
          <dd>{actions.length}</dd>
        </div>
        <div className="stat-done">
          <dt>Done</dt>
          <dd>{count('done')}</dd>
        </div>
        <div className="stat-on_track">
          <dt>On track</dt>
          <dd>{count('on_track')}</dd>
        </div>
        <div className="stat-at_risk">
          <dt>At risk</dt>
          <dd>{count('at_risk')}</dd>
        </div>
        <div>
          <dt>Not started</dt>
          <dd>{count('not_started')}</dd>
        </div>
      </dl>
      <p className="meta">
        Check-ins every {plan.checkinWeeks} weeks{latest ? `; the last on ${latest.heldOn}` : ''}; the next is due by <strong>{plan.nextCheckinOn}</strong>.
      </p>
    </header>
  );
}

function NewPlanForm({ school, open = false }: { school: MySchool; open?: boolean }) {
  const navigate = useNavigate();
  const create = useCreatePlan(school.id);
  const [year, setYear] = useState(() => schoolYearOf(todayIn(school.timezone)));
  const [title, setTitle] = useState('');
  const [weeks, setWeeks] = useState('6');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { schoolYear: year.trim(), title: title.trim() || `${school.name} work plan ${year.trim()}`, checkinWeeks: Number(weeks) },
      { onSuccess: (plan) => void navigate({ to: '/schools/$schoolId/plan', params: { schoolId: school.id }, search: { plan: plan.id } }) },
    );
  };
  const form = (
    <form className="card plan-form" onSubmit={onSubmit} noValidate aria-label="Start a work plan">
      <div className="filters">
        <Field label="School year" hint="e.g. 2026-27" value={year} onChange={(e) => setYear(e.target.value)} error={fieldError(create.error, 'schoolYear')} />
        <Field label="Plan title" placeholder={`${school.name} work plan ${year}`} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} error={fieldError(create.error, 'title')} />
        <Field label="Weeks between check-ins" type="number" min={1} max={26} value={weeks} onChange={(e) => setWeeks(e.target.value)} error={fieldError(create.error, 'checkinWeeks')} />
      </div>
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        {create.isPending ? 'Starting…' : 'Start the plan'}
      </button>
      <MutationMessage error={create.error} />
    </form>
  );
  if (open) return <section className="section">{form}</section>;
  return (
    <details className="section no-print plan-new">
      <summary>Start a plan for another school year</summary>
      {form}
    </details>
  );
}
