import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import type { MySchool } from '../../lib/session';
import { EmptyState, Field, FormMessage, PageTitle, QueryView } from '../../lib/ui';
import { todayIn } from '../visits/format';
import { visitsAt } from '../visits/roles';
import { SchoolGate } from '../visits/RoleGate';
import { decisionsQuery, useRecordEffect, viewsQuery, type Decision, type InsightView } from './api';
import { DecisionForm, KINDS } from './DecisionForm';
import { MODE_LABEL } from './decision-model';
import { DecisionModel } from './DecisionModel';
import { CitedVisitLine } from './VisitEvidencePicker';
import { dayLabel } from './format';
import { useDescribeFilters } from './SavedViews';
import { searchOfFilters } from './search';
import './insights.css';

const route = getRouteApi('/_app/schools/$schoolId/decisions');

/** `/schools/{id}/decisions`: the school's decision log, for all staff; leaders record decisions and, later, their effect. */
export function DecisionsPage() {
  const { schoolId } = route.useParams();
  return (
    <SchoolGate schoolId={schoolId} title="Decisions" allow={() => true} who="">
      {(school) => <DecisionLog school={school} />}
    </SchoolGate>
  );
}

function DecisionLog({ school }: { school: MySchool }) {
  const { viewId } = route.useSearch();
  const leader = visitsAt(school);
  const decisions = useQuery(decisionsQuery(school.id));
  // Saved views are the leaders' (the API keeps them to the school's visiting roles).
  const views = useQuery({ ...viewsQuery(school.id), enabled: leader });
  return (
    <>
      <PageTitle title="Decisions" lead={school.name}>
        Decisions
      </PageTitle>
      <p className="hint">
        What the school decided from the patterns in its visits: coaching, professional learning, resources, schedules, staffing. Each says
        who decided, how, why, and later what it changed. Every member of staff can read the log.
      </p>
      <DecisionModel school={school} />
      {leader ? (
        views.isError ? (
          <FormMessage error={`Saved views could not be loaded (${errorMessage(views.error)}); you can still record a decision without one.`} />
        ) : (
          <DecisionForm
            key={viewId ?? 'none'}
            school={school}
            views={views.data ?? []}
            viewId={viewId}
          />
        )
      ) : null}
      <section aria-labelledby="log-heading" className="section">
        <h2 id="log-heading">Decision log</h2>
        <QueryView query={decisions} what="decisions">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="No decisions recorded yet">
                <p>{leader ? 'Record the first one above, ideally from a saved insight view.' : 'Decisions your school leaders record appear here.'}</p>
              </EmptyState>
            ) : (
              <ul className="decision-list" aria-label="Decisions, newest first">
                {list.map((d) => (
                  <DecisionItem key={d.id} school={school} decision={d} views={views.data} leader={leader} />
                ))}
              </ul>
            )
          }
        </QueryView>
      </section>
    </>
  );
}

function DecisionItem({ school, decision: d, views, leader }: { school: MySchool; decision: Decision; views?: InsightView[]; leader: boolean }) {
  const view = d.viewId ? views?.find((v) => v.id === d.viewId) : undefined;
  const describe = useDescribeFilters(school.id);
  const headingId = `decision-${d.id}`;
  return (
    <li className="card decision">
      <p className="badge">{KINDS[d.kind]}</p>
      <h3 id={headingId} className="card-title">
        {d.title}
      </h3>
      <dl className="facts facts-wide">
        <div>
          <dt>Decided on</dt>
          <dd>{dayLabel(d.decidedOn)}</dd>
        </div>
        <div>
          <dt>Who decided</dt>
          <dd>{d.decidedBy}</dd>
        </div>
        <div>
          <dt>How</dt>
          <dd>
            <span>{d.mode ? MODE_LABEL[d.mode] : d.howDecided}</span>
            {d.mode && d.howDecided !== MODE_LABEL[d.mode] ? <span className="meta"> ({d.howDecided})</span> : null}
            {d.departsFromModel && d.statedMode ? (
              <span className="departs">Not as stated: our model says “{MODE_LABEL[d.statedMode]}”</span>
            ) : null}
          </dd>
        </div>
        {d.team || d.participants.length ? (
          <div>
            <dt>Took part</dt>
            <dd>{[d.team?.name, ...d.participants.map((p) => p.name)].filter(Boolean).join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      {d.evidence ? (
        <p className="prewrap">
          <strong>Evidence: </strong>
          {d.evidence}
        </p>
      ) : null}
      {d.rationale ? <p className="prewrap">{d.rationale}</p> : null}
      {d.followUp || d.followUpOn ? (
        <p className="prewrap">
          <strong>Follow-up{d.followUpOn ? ` by ${dayLabel(d.followUpOn)}` : ''}: </strong>
          {d.followUp}
        </p>
      ) : null}
      {d.viewId ? (
        <p className="meta">
          Rests on the saved view{' '}
          {view ? (
            <>
              <Link to="/schools/$schoolId/insights" params={{ schoolId: school.id }} search={searchOfFilters(view.filters)}>
                {view.name}
              </Link>
              : {describe(view.filters)}
            </>
          ) : (
            'of the school’s insights'
          )}
          .
        </p>
      ) : null}
      {d.visitIds.length ? (
        <div className="cited-visits">
          <h4 id={`${headingId}-visits`}>Visits it rests on</h4>
          {d.visits.length ? (
            <ul aria-labelledby={`${headingId}-visits`}>
              {d.visits.map((v) => (
                <li key={v.id}>
                  <CitedVisitLine visit={v} school={school} leader={leader} />
                </li>
              ))}
            </ul>
          ) : null}
          {d.visitIds.length > d.visits.length ? (
            <p className="meta">
              {d.visits.length ? 'And ' : 'Cites '}
              {d.visitIds.length - d.visits.length === 1 ? 'one visit' : `${d.visitIds.length - d.visits.length} visits`} you cannot open.
            </p>
          ) : null}
        </div>
      ) : null}
      {d.effect ? (
        <div className="effect">
          <h4>Effect observed{d.effectRecordedOn ? `, ${dayLabel(d.effectRecordedOn)}` : ''}</h4>
          <p className="prewrap">{d.effect}</p>
        </div>
      ) : leader ? (
        <EffectForm school={school} decision={d} />
      ) : (
        <p className="meta">No effect recorded yet.</p>
      )}
      <p className="meta">Recorded by {d.recordedBy.name}</p>
    </li>
  );
}

/** "Record the effect", later: what changed after the decision, and when it was seen. */
function EffectForm({ school, decision }: { school: MySchool; decision: Decision }) {
  const save = useRecordEffect(school.id, decision.id);
  const [effect, setEffect] = useState('');
  const [on, setOn] = useState(() => todayIn(school.timezone));
  const error = save.error instanceof ApiError ? save.error : undefined;
  const effectError = error?.fieldMessage('effect');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ effect, effectRecordedOn: on });
  };
  return (
    <details className="effect-form">
      <summary>Record the effect of “{decision.title}”</summary>
      <form onSubmit={onSubmit} noValidate>
        <div className={`field${effectError ? ' field-invalid' : ''}`}>
          <label htmlFor={`effect-${decision.id}`}>What changed, as seen in visits or results</label>
          <textarea
            id={`effect-${decision.id}`}
            value={effect}
            rows={3}
            maxLength={5000}
            aria-invalid={effectError ? true : undefined}
            aria-describedby={effectError ? `effect-${decision.id}-error` : undefined}
            onChange={(e) => setEffect(e.target.value)}
          />
          {effectError ? (
            <p className="field-error" id={`effect-${decision.id}-error`}>
              <span aria-hidden="true">⚠ </span>
              {effectError}
            </p>
          ) : null}
        </div>
        <Field label="Seen on" type="date" value={on} onChange={(e) => setOn(e.target.value)} error={error?.fieldMessage('effectRecordedOn')} />
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save the effect'}
        </button>
        <FormMessage error={save.isError && !error?.fields.length ? errorMessage(save.error) : undefined} />
      </form>
    </details>
  );
}
