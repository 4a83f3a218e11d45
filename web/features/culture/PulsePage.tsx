import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { AGREEMENT_LABELS, PULSE_MINIMUM_RESPONSES, PULSE_STATEMENTS } from '../../../schemas/culture';
import { ApiError, errorMessage } from '../../lib/api';
import { useCurrentSchool } from '../../lib/school';
import { EmptyState, Field, FormMessage, PageTitle, plural, QueryView } from '../../lib/ui';
import { pulseExportHref, pulseResultsQuery, pulsesQuery, useClosePulse, useOpenPulse, useRespond, type Pulse } from './api';
import { CultureNav } from './CultureNav';
import '../insights/insights.css';
import './culture.css';

const route = getRouteApi('/_app/schools/$schoolId/pulse');

/** The anonymous staff pulse: respond once, see results when a closed pulse has enough responses. */
export function PulsePage() {
  const { schoolId } = route.useParams();
  const pulses = useQuery(pulsesQuery(schoolId));
  const school = useCurrentSchool();
  const owns = Boolean(school?.roles.includes('principal'));
  return (
    <>
      <PageTitle title="Staff pulse" lead={`Six statements on trust, collaboration and our learning culture. Responses are anonymous: who responded is kept apart from what they answered, and results appear only when a closed pulse has at least ${PULSE_MINIMUM_RESPONSES} responses.`}>
        Staff pulse
      </PageTitle>
      <CultureNav schoolId={schoolId} />
      {owns ? <OpenPulseForm schoolId={schoolId} /> : null}
      <QueryView query={pulses} what="pulses">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No pulse yet">The principal opens a pulse for a few days, then closes it.</EmptyState>
          ) : (
            <ul className="pulse-list">
              {list.map((p) => (
                <PulseCard key={p.id} schoolId={schoolId} pulse={p} owns={owns} />
              ))}
            </ul>
          )
        }
      </QueryView>
    </>
  );
}

function PulseCard({ schoolId, pulse: p, owns }: { schoolId: string; pulse: Pulse; owns: boolean }) {
  const close = useClosePulse(schoolId);
  const headingId = useId();
  return (
    <li className="card pulse" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {p.title} <span className={`badge${p.status === 'closed' ? ' badge-muted' : ''}`}>{p.status === 'open' ? 'Open' : 'Closed'}</span>
      </h2>
      <p className="meta">
        Opened {p.openedOn}
        {p.status === 'open' ? (p.closesOn ? ` · closes ${p.closesOn}` : '') : ` · closed ${p.closedOn}`} · {plural(p.responses, 'response')}
        {p.responded ? ' · you have responded' : ''}
      </p>
      {p.canRespond ? <RespondForm schoolId={schoolId} pulseId={p.id} /> : null}
      {owns && p.status === 'open' ? (
        <>
          <FormMessage error={close.isError ? errorMessage(close.error) : undefined} />
          <button type="button" className="button button-secondary" disabled={close.isPending} onClick={() => window.confirm(`Close “${p.title}”? Staff can no longer respond.`) && close.mutate(p.id)}>
            Close pulse
          </button>
        </>
      ) : null}
      {p.status === 'closed' ? <Results schoolId={schoolId} pulse={p} /> : <p className="meta">Results appear once the pulse is closed.</p>}
    </li>
  );
}

function Results({ schoolId, pulse }: { schoolId: string; pulse: Pulse }) {
  const results = useQuery(pulseResultsQuery(schoolId, pulse.id));
  return (
    <QueryView query={results} what="results">
      {(r) =>
        !r.shown ? (
          <p className="notice">{r.reason}</p>
        ) : (
          <>
            <div className="table-wrap scroll-table" tabIndex={0} role="region" aria-label={`Results of ${pulse.title}`}>
              <table className="table insight-table pulse-table">
                <caption>
                  Agreement with each statement <span className="caption-note">({plural(r.responses, 'response')}; 1 strongly disagree – 5 strongly agree)</span>
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Statement</th>
                    <th scope="col" className="num-head">
                      Mean
                    </th>
                    {AGREEMENT_LABELS.map((l, i) => (
                      <th key={l} scope="col" className="num-head">
                        {i + 1}
                        <span className="group-share">{l}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {r.statements.map((s) => (
                    <tr key={s.key}>
                      <th scope="row">
                        <span className="group-share">{s.theme}</span>
                        {s.text}
                      </th>
                      <td className="num strong">
                        {s.mean.toFixed(2)}
                        <span className="mean-bar" aria-hidden="true">
                          <span style={{ width: `${((s.mean - 1) / 4) * 100}%` }} />
                        </span>
                      </td>
                      {s.distribution.map((n, i) => (
                        <td key={i} className="num">
                          {n}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h3>Comments</h3>
            {r.comments.length === 0 ? <p className="meta">No comments.</p> : null}
            <ul className="comment-list">
              {r.comments.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
            <p className="meta">Comments are listed alphabetically, never in the order they came in.</p>
            <p>
              <a href={pulseExportHref(schoolId, pulse.id)} download>
                Download the results (CSV)
              </a>
            </p>
          </>
        )
      }
    </QueryView>
  );
}

function RespondForm({ schoolId, pulseId }: { schoolId: string; pulseId: string }) {
  const id = useId();
  const respond = useRespond(schoolId, pulseId);
  const [answers, setAnswers] = useState<(number | null)[]>(PULSE_STATEMENTS.map(() => null));
  const [comment, setComment] = useState('');
  const failure = respond.error instanceof ApiError ? respond.error : undefined;
  const missing = answers.some((a) => a === null);
  return (
    <form
      className="respond-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        respond.mutate({ answers: answers.map((a) => a ?? 0), comment });
      }}
    >
      <p>Your answers are stored without your name. You can respond once.</p>
      {PULSE_STATEMENTS.map((s, i) => (
        <fieldset key={s.key} className="rating">
          <legend>{s.text}</legend>
          <div className="level-choices">
            {AGREEMENT_LABELS.map((label, v) => (
              <label key={label}>
                <input type="radio" name={`${id}-${s.key}`} checked={answers[i] === v + 1} onChange={() => setAnswers(answers.map((a, j) => (j === i ? v + 1 : a)))} /> {label}
              </label>
            ))}
          </div>
          {failure?.fields.find((f) => f.path === `body.answers.${i}`) ? <p className="field-error">{failure.fields.find((f) => f.path === `body.answers.${i}`)!.message}</p> : null}
        </fieldset>
      ))}
      <div className="field">
        <label htmlFor={`${id}-comment`}>Comment (optional)</label>
        <p className="hint" id={`${id}-comment-hint`}>
          Shown to staff with the results, in alphabetical order. Leave out anything that would identify you.
        </p>
        <textarea id={`${id}-comment`} rows={3} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} aria-describedby={`${id}-comment-hint`} />
      </div>
      <FormMessage error={respond.isError ? errorMessage(respond.error) : undefined} />
      <button type="submit" className="button" disabled={respond.isPending || missing}>
        {respond.isPending ? 'Sending…' : missing ? 'Answer every statement to send' : 'Send my response'}
      </button>
    </form>
  );
}

function OpenPulseForm({ schoolId }: { schoolId: string }) {
  const id = useId();
  const open = useOpenPulse(schoolId);
  const [title, setTitle] = useState('');
  const [closesOn, setClosesOn] = useState('');
  const failure = open.error instanceof ApiError ? open.error : undefined;
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Open a pulse</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          open.mutate({ title, closesOn: closesOn || null }, { onSuccess: () => (setTitle(''), setClosesOn('')) });
        }}
      >
        <div className="filters">
          <Field label="Title" hint="For example: December staff pulse" value={title} onChange={(e) => setTitle(e.target.value)} error={failure?.fieldMessages('title')} required />
          <Field label="Planned last day" hint="Optional; you close it yourself" type="date" value={closesOn} onChange={(e) => setClosesOn(e.target.value)} error={failure?.fieldMessages('closesOn')} />
        </div>
        <FormMessage error={open.isError ? errorMessage(open.error) : undefined} />
        <button type="submit" className="button" disabled={open.isPending}>
          Open pulse
        </button>
      </form>
    </section>
  );
}
