import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { useMe } from '../../lib/session';
import { EmptyState, FormMessage, PageTitle, QueryView } from '../../lib/ui';
import { cycleQuery, observationLink, STATUS_LABEL, useMoveCycle, type CycleDetail } from './api';
import { BaselineForm, CloseForm, CommentForm, DebriefForm } from './CycleForms';
import { LinkVisit } from './LinkVisit';
import './coaching.css';

const route = getRouteApi('/_app/schools/$schoolId/coaching/$coachingCycleId');

const day = (iso: string) => new Date(`${iso.slice(0, 10)}T12:00:00`).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });

/** One coaching cycle: the goal and baseline, observations (visits), debriefs, comments and the outcome. */
export function CyclePage() {
  const { schoolId, coachingCycleId } = route.useParams();
  const query = useQuery(cycleQuery(coachingCycleId));
  return (
    <>
      <p className="breadcrumb">
        <Link to="/schools/$schoolId/coaching" params={{ schoolId }}>
          Coaching
        </Link>
      </p>
      <QueryView query={query} what="the coaching cycle" pageTitle="Coaching cycle">
        {(cycle) => <Cycle cycle={cycle} />}
      </QueryView>
    </>
  );
}

type Open = null | 'baseline' | 'debrief' | 'completed' | 'cancelled';

function Cycle({ cycle }: { cycle: CycleDetail }) {
  const me = useMe();
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string>();
  const [linked, setLinked] = useState<string>();
  const agree = useMoveCycle(cycle.id);
  const done = (message?: string) => {
    setOpen(null);
    setNotice(message);
  };
  const isTeacher = cycle.teacher.id === me.user.id;
  // Times are the school's local times, wherever the reader is.
  const timeZone = me.schools.find((s) => s.id === cycle.schoolId)?.timezone;
  const moment = (iso: string) => new Date(iso).toLocaleString(undefined, { timeZone, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  // Agreeing comes first while the cycle is proposed; closing it comes after the record of the work.
  const next =
    cycle.can.agree || cycle.can.complete || cycle.can.cancel ? (
      <section aria-labelledby="next-heading" className="card section">
        <h2 id="next-heading">{cycle.status === 'proposed' ? 'Agree the goal' : 'Close the cycle'}</h2>
        {open === 'completed' || open === 'cancelled' ? (
          <CloseForm cycle={cycle} mode={open} onDone={done} />
        ) : (
          <>
            {cycle.status === 'proposed' ? (
              <p className="meta">{isTeacher ? `${cycle.coach.name} proposed this goal. Start the cycle when you agree with it.` : `The cycle starts when you and ${cycle.teacher.name} agree on the goal.`}</p>
            ) : (
              <p className="meta">When the cycle ends, the coach records the outcome against the baseline.</p>
            )}
            <p className="cycle-actions">
              {cycle.can.agree ? (
                <button type="button" className="button button-primary" disabled={agree.isPending} onClick={() => agree.mutate({ status: 'active' }, { onSuccess: () => setNotice('The cycle has started.') })}>
                  {agree.isPending ? 'Starting…' : isTeacher ? 'I agree: start the cycle' : 'Agreed: start the cycle'}
                </button>
              ) : null}{' '}
              {cycle.can.complete ? (
                <button type="button" className="button button-primary" onClick={() => (setNotice(undefined), setOpen('completed'))}>
                  Complete with the outcome
                </button>
              ) : null}{' '}
              {cycle.can.cancel ? (
                <button type="button" className="button button-secondary" onClick={() => (setNotice(undefined), setOpen('cancelled'))}>
                  {isTeacher && cycle.status === 'proposed' ? 'Decline' : 'Cancel the cycle'}
                </button>
              ) : null}
            </p>
          </>
        )}
      </section>
    ) : null;
  const title = isTeacher ? `My coaching cycle with ${cycle.coach.name}` : `Coaching cycle: ${cycle.teacher.name}`;
  return (
    <>
      <PageTitle
        title={title}
        lead={
          <>
            <span className={`cycle-status cycle-status-${cycle.status}`}>{STATUS_LABEL[cycle.status]}</span> · Teacher {cycle.teacher.name} · Coach {cycle.coach.name}
          </>
        }
      >
        {title}
      </PageTitle>
      <FormMessage success={notice} error={agree.isError ? errorMessage(agree.error) : undefined} />

      {cycle.status === 'proposed' ? next : null}

      {cycle.status === 'completed' || (cycle.status === 'cancelled' && cycle.outcome) ? (
        <section aria-labelledby="outcome-heading" className="card section cycle-outcome">
          <h2 id="outcome-heading">{cycle.status === 'completed' ? 'Outcome' : 'Why it was cancelled'}</h2>
          {cycle.status === 'completed' ? <p className={`goal-met goal-met-${cycle.goalMet ? 'yes' : 'no'}`}>{cycle.goalMet ? 'Goal met' : 'Goal not met yet'}</p> : null}
          <p className="cycle-pre">{cycle.outcome}</p>
          {cycle.closedAt ? <p className="meta">Closed {moment(cycle.closedAt)}</p> : null}
        </section>
      ) : null}

      <section aria-labelledby="goal-heading" className="card section">
        <h2 id="goal-heading">Goal and baseline</h2>
        {open === 'baseline' ? (
          <BaselineForm cycle={cycle} onDone={done} />
        ) : (
          <>
            <p className="cycle-goal">{cycle.goal}</p>
            {cycle.agreedAt ? <p className="meta">Agreed {moment(cycle.agreedAt)}</p> : null}
            <h3>Baseline{cycle.baselineOn ? <span className="meta"> · {day(cycle.baselineOn)}</span> : null}</h3>
            <p className="cycle-pre">{cycle.baseline ?? 'No baseline recorded yet.'}</p>
            {cycle.can.edit ? (
              <button type="button" className="button button-secondary" onClick={() => (setNotice(undefined), setOpen('baseline'))}>
                {cycle.status === 'proposed' ? 'Edit goal and baseline' : 'Edit baseline'}
              </button>
            ) : null}
          </>
        )}
      </section>

      <section aria-labelledby="observations-heading" className="card section">
        <h2 id="observations-heading" tabIndex={-1}>
          Observations
        </h2>
        {cycle.observationList.length === 0 ? (
          <EmptyState title="No observations yet">
            {cycle.can.observe ? 'Record an observation with the visit form: it is linked to this cycle.' : 'Observations the coach records for this cycle show here.'}
          </EmptyState>
        ) : (
          <ol className="cycle-timeline">
            {cycle.observationList.map((o) => (
              <li key={o.visitId}>
                <p className="meta">
                  {moment(o.startedAt)} · {o.observer.name}
                  {o.tags.length ? <> · {o.tags.map((t) => t.name).join(', ')}</> : null}
                </p>
                <p className="cycle-pre">{o.evidence || 'No written evidence.'}</p>
                {isTeacher ? (
                  <Link to="/my-classroom/visits/$visitId" params={{ visitId: o.visitId }}>
                    Open the visit and reflect
                  </Link>
                ) : (
                  <Link to="/visits/$visitId" params={{ visitId: o.visitId }}>
                    Open the visit
                  </Link>
                )}
              </li>
            ))}
          </ol>
        )}
        {cycle.can.observe ? (
          <>
            <p>
              <a className="button button-primary" href={observationLink(cycle)}>
                Record an observation
              </a>
            </p>
            <LinkVisit
              cycle={cycle}
              moment={moment}
              onLinked={(message) => {
                setLinked(message);
                document.getElementById('observations-heading')?.focus();
              }}
            />
            <FormMessage success={linked} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="debriefs-heading" className="card section">
        <h2 id="debriefs-heading">Debriefs</h2>
        {cycle.debriefList.length === 0 ? (
          <p className="meta">No debrief recorded yet.</p>
        ) : (
          <ol className="cycle-timeline">
            {cycle.debriefList.map((d) => (
              <li key={d.id}>
                <p className="meta">
                  {day(d.heldOn)} · recorded by {d.recordedBy.name}
                </p>
                <p className="cycle-pre">{d.notes}</p>
                <p className="cycle-next">
                  <strong>Next step agreed:</strong> {d.nextStep}
                </p>
              </li>
            ))}
          </ol>
        )}
        {cycle.can.debrief ? (
          open === 'debrief' ? (
            <DebriefForm cycle={cycle} onDone={done} />
          ) : (
            <button type="button" className="button button-secondary" onClick={() => (setNotice(undefined), setOpen('debrief'))}>
              Record a debrief
            </button>
          )
        ) : null}
      </section>

      <section aria-labelledby="comments-heading" className="card section">
        <h2 id="comments-heading">Comments</h2>
        {cycle.comments.length === 0 ? (
          <p className="meta">No comments yet.</p>
        ) : (
          <ul className="plain-list cycle-comments">
            {cycle.comments.map((c) => (
              <li key={c.id}>
                <p className="meta">
                  {c.author.name} · {moment(c.createdAt)}
                </p>
                <p className="cycle-pre">{c.body}</p>
              </li>
            ))}
          </ul>
        )}
        {cycle.can.comment ? <CommentForm cycle={cycle} /> : null}
      </section>
      {cycle.status === 'proposed' ? null : next}
    </>
  );
}
