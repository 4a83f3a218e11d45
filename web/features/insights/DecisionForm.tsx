import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import type { MySchool } from '../../lib/session';
import { Field, FormMessage } from '../../lib/ui';
import { staffQuery } from '../people/api';
import { teamsQuery } from '../teams/api';
import { todayIn } from '../visits/format';
import { useRecordDecision, type DecisionKind, type DecisionVisit, type InsightView } from './api';
import { decisionModelQuery, MODE_LABEL, MODES, type DecisionMode } from './decision-model';
import { VisitEvidencePicker } from './VisitEvidencePicker';

export const KINDS: Record<DecisionKind, string> = {
  coaching: 'Coaching',
  pd: 'Professional learning',
  resources: 'Resources',
  schedule: 'Schedule',
  staffing: 'Staffing',
  other: 'Other',
};

interface Props {
  school: MySchool;
  views: InsightView[];
  /** A saved view to cite, from "Record a decision from this view". */
  viewId?: string;
}

/**
 * Records a decision: what, why, when; the mode it was made in (the school's stated mode by default), who took part
 * (people and/or a team), the evidence (words, a saved view and visits of the school) and the follow-up.
 */
export function DecisionForm({ school, views, viewId }: Props) {
  const ids = { kind: useId(), mode: useId(), team: useId(), rationale: useId(), evidence: useId(), followUp: useId(), view: useId() };
  const record = useRecordDecision(school.id);
  const model = useQuery(decisionModelQuery(school.id));
  const teams = useQuery(teamsQuery(school.id));
  const staff = useQuery(staffQuery(school.id, {}));
  const [kind, setKind] = useState<DecisionKind>('coaching');
  const [title, setTitle] = useState('');
  const [rationale, setRationale] = useState('');
  const [decidedOn, setDecidedOn] = useState(() => todayIn(school.timezone));
  const [decidedBy, setDecidedBy] = useState('');
  const [mode, setMode] = useState<DecisionMode | ''>('');
  const [teamId, setTeamId] = useState('');
  const [participants, setParticipants] = useState<string[]>([]);
  const [evidence, setEvidence] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [followUpOn, setFollowUpOn] = useState('');
  const [view, setView] = useState(viewId ?? '');
  const [visits, setVisits] = useState<DecisionVisit[]>([]);
  const [success, setSuccess] = useState<string>();

  const stated = model.data?.find((m) => m.kind === kind);
  const effectiveMode = mode || stated?.mode || '';
  const error = record.error instanceof ApiError ? record.error : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSuccess(undefined);
    record.mutate(
      {
        kind,
        title,
        rationale,
        decidedOn,
        decidedBy: decidedBy.trim() || undefined,
        ...(effectiveMode ? { mode: effectiveMode } : { howDecided: 'Not stated' }),
        teamId: teamId || null,
        participantIds: participants,
        evidence,
        followUp,
        followUpOn: followUpOn || null,
        viewId: view || null,
        visitIds: visits.map((v) => v.id),
      },
      {
        onSuccess: (decision) => {
          setTitle('');
          setRationale('');
          setEvidence('');
          setFollowUp('');
          setFollowUpOn('');
          setParticipants([]);
          setVisits([]);
          const cited = decision.visitIds.length ? ` It cites ${decision.visitIds.length === 1 ? 'one visit' : `${decision.visitIds.length} visits`}.` : '';
          setSuccess(`Recorded “${decision.title}”.${cited} It is in the log below, for all staff to see.`);
        },
      },
    );
  };

  return (
    <form className="card decision-form" aria-labelledby="decision-form-heading" onSubmit={onSubmit} noValidate>
      <h2 id="decision-form-heading">Record a decision</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor={ids.kind}>Kind of decision</label>
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as DecisionKind)}>
            {(Object.keys(KINDS) as DecisionKind[]).map((k) => (
              <option key={k} value={k}>
                {KINDS[k]}
              </option>
            ))}
          </select>
        </div>
        <Field label="Decided on" type="date" value={decidedOn} required onChange={(e) => setDecidedOn(e.target.value)} error={error?.fieldMessage('decidedOn')} />
      </div>
      <Field label="What was decided" value={title} maxLength={200} required onChange={(e) => setTitle(e.target.value)} error={error?.fieldMessage('title')} />
      <div className="filters">
        <div className="field">
          <label htmlFor={ids.mode}>How it was decided</label>
          <select id={ids.mode} value={mode} onChange={(e) => setMode(e.target.value as DecisionMode | '')}>
            <option value="">{stated?.mode ? `As our model states: ${MODE_LABEL[stated.mode]}` : 'Choose…'}</option>
            {MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABEL[m]}
              </option>
            ))}
          </select>
          {mode && stated?.mode && mode !== stated.mode ? (
            <p className="hint">Our model says {KINDS[kind].toLowerCase()} decisions are made by “{MODE_LABEL[stated.mode]}”: the log will show this one was made another way.</p>
          ) : null}
        </div>
        <div className={`field${error?.fieldMessage('teamId') ? ' field-invalid' : ''}`}>
          <label htmlFor={ids.team}>Team that took part</label>
          <select id={ids.team} value={teamId} onChange={(e) => setTeamId(e.target.value)} aria-invalid={error?.fieldMessage('teamId') ? true : undefined}>
            <option value="">{stated?.team && (!mode || mode === stated.mode) ? `As our model states: ${stated.team.name}` : 'None'}</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          {error?.fieldMessage('teamId') ? <p className="field-error">{error.fieldMessage('teamId')}</p> : null}
        </div>
      </div>
      <fieldset className={`pd-attendees${error?.fieldMessage('participantIds') ? ' field-invalid' : ''}`}>
        <legend>Staff who took part</legend>
        {(staff.data ?? []).map((p) => (
          <label key={p.id} className="check">
            <input type="checkbox" checked={participants.includes(p.id)} onChange={(e) => setParticipants((list) => (e.target.checked ? [...list, p.id] : list.filter((x) => x !== p.id)))} /> {p.name}
          </label>
        ))}
      </fieldset>
      {error?.fieldMessage('participantIds') ? <p className="field-error">{error.fieldMessage('participantIds')}</p> : null}
      <Field label="Who decided (optional)" hint="Leave empty to name the team and the people who took part" value={decidedBy} maxLength={200} onChange={(e) => setDecidedBy(e.target.value)} error={error?.fieldMessage('decidedBy')} />
      <div className="field">
        <label htmlFor={ids.evidence}>The evidence it rests on</label>
        <textarea id={ids.evidence} value={evidence} maxLength={5000} rows={3} onChange={(e) => setEvidence(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.view}>Saved view it rests on</label>
        <select id={ids.view} value={view} onChange={(e) => setView(e.target.value)}>
          <option value="">None</option>
          {views.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </div>
      <VisitEvidencePicker school={school} chosen={visits} onChange={setVisits} errorAt={(i) => error?.fieldMessage(`visitIds.${i}`)} />
      <div className="field">
        <label htmlFor={ids.rationale}>Why: the reasoning</label>
        <textarea id={ids.rationale} value={rationale} maxLength={5000} rows={3} onChange={(e) => setRationale(e.target.value)} />
      </div>
      <div className="filters">
        <div className="field filter-grow">
          <label htmlFor={ids.followUp}>Follow-up</label>
          <textarea id={ids.followUp} value={followUp} maxLength={5000} rows={2} onChange={(e) => setFollowUp(e.target.value)} />
        </div>
        <Field label="Follow up by" type="date" value={followUpOn} onChange={(e) => setFollowUpOn(e.target.value)} error={error?.fieldMessage('followUpOn')} />
      </div>
      <button type="submit" className="button button-primary" disabled={record.isPending}>
        {record.isPending ? 'Recording…' : 'Record the decision'}
      </button>
      <FormMessage error={record.isError ? (error?.fields.length ? 'Check the fields marked above.' : errorMessage(record.error)) : undefined} success={success} />
    </form>
  );
}
