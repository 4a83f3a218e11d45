import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import type { MySchool } from '../../lib/session';
import { Field, FormMessage } from '../../lib/ui';
import { assessmentsQuery } from '../assessments/api';
import { pdQuery, STATUS_LABEL, useAddEvidence, useUpdateAction, type ActionStatus, type PlanAction, type PlanDetail } from './api';
import { fieldError, MutationMessage, SelectField, TextArea } from './forms';
import { EditAction } from './PlanEdits';

const when = (a: PlanAction) => (a.startsOn && a.dueOn ? `${a.startsOn} → ${a.dueOn}` : a.dueOn ? `Due ${a.dueOn}` : a.startsOn ? `From ${a.startsOn}` : 'No dates');

/** One action step: owner, dates, status and its evidence; its owner and leaders update it, leaders edit or remove it. */
export function ActionCard({ school, plan, action: a, mayUpdate, mayEdit }: { school: MySchool; plan: PlanDetail; action: PlanAction; mayUpdate: boolean; mayEdit: boolean }) {
  return (
    <li className="plan-action" aria-labelledby={`action-${a.id}`}>
      <div className="plan-action-main">
        <p id={`action-${a.id}`} className="plan-action-title">
          {a.title}
        </p>
        <p className="meta">
          {a.owner.name} · {when(a)}
        </p>
      </div>
      <span className={`status-pill status-${a.status}`}>{STATUS_LABEL[a.status]}</span>
      {a.evidence.length ? (
        <ul className="plan-evidence" aria-label={`Evidence for “${a.title}”`}>
          {a.evidence.map((e) => (
            <li key={e.id}>
              <span className="prewrap">{e.note}</span>{' '}
              {e.linkPath ? (
                <a href={e.linkPath} className="no-print-link">
                  (see it in Rounds)
                </a>
              ) : null}
              {e.pdSession ? <span className="meta"> · PD: {e.pdSession.title}</span> : null}
              {e.assessment ? (
                <span className="meta">
                  {' '}
                  · Assessment:{' '}
                  <Link to="/schools/$schoolId/assessments/$assessmentId" params={{ schoolId: school.id, assessmentId: e.assessment.id }}>
                    {e.assessment.name}
                  </Link>
                </span>
              ) : null}
              {e.view ? <span className="meta"> · View: {e.view.name}</span> : null}
              <span className="meta">
                {' '}
                — {e.addedBy.name}, {e.createdAt.slice(0, 10)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {mayUpdate ? <UpdateAction school={school} plan={plan} action={a} /> : null}
      {mayEdit ? <EditAction school={school} plan={plan} action={a} /> : null}
    </li>
  );
}

function UpdateAction({ school, plan, action }: { school: MySchool; plan: PlanDetail; action: PlanAction }) {
  const update = useUpdateAction(school.id, plan.id, action.id);
  const add = useAddEvidence(school.id, plan.id, action.id);
  const sessions = useQuery(pdQuery(school.id));
  const assessments = useQuery(assessmentsQuery(school.id));
  const [note, setNote] = useState('');
  const [link, setLink] = useState('');
  const [pdSessionId, setPdSessionId] = useState('');
  const [assessmentId, setAssessmentId] = useState('');
  const [done, setDone] = useState<string>();
  const onStatus = (status: ActionStatus) => update.mutate({ status });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    add.mutate(
      { note, link: link.trim() || null, pdSessionId: pdSessionId || null, assessmentId: assessmentId || null },
      {
        onSuccess: () => {
          setDone('Evidence added.');
          setNote('');
          setLink('');
          setPdSessionId('');
          setAssessmentId('');
        },
      },
    );
  };
  return (
    <div className="plan-update no-print">
      <SelectField label={`Status of “${action.title}”`} hideLabel className="plan-status" value={action.status} disabled={update.isPending} onChange={(e) => onStatus(e.target.value as ActionStatus)}>
        {(Object.keys(STATUS_LABEL) as ActionStatus[]).map((s) => (
          <option key={s} value={s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
      </SelectField>
      <details>
        <summary>Add evidence of progress</summary>
        <form onSubmit={onSubmit} noValidate aria-label={`Add evidence to “${action.title}”`}>
          <TextArea label="What shows progress" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} error={fieldError(add.error, 'note')} />
          <Field label="Link to a page in Rounds (optional)" hint="e.g. a saved insights view: copy its address" value={link} maxLength={500} onChange={(e) => setLink(e.target.value)} error={fieldError(add.error, 'link')} />
          <div className="filters">
            <SelectField label="Professional learning session (optional)" value={pdSessionId} onChange={(e) => setPdSessionId(e.target.value)} error={fieldError(add.error, 'pdSessionId')}>
              <option value="">None</option>
              {(sessions.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.heldOn}: {s.title}
                </option>
              ))}
            </SelectField>
            <SelectField label="Assessment (optional)" value={assessmentId} onChange={(e) => setAssessmentId(e.target.value)} error={fieldError(add.error, 'assessmentId')}>
              <option value="">None</option>
              {(assessments.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.givenOn}: {s.name}
                </option>
              ))}
            </SelectField>
          </div>
          <button type="submit" className="button button-primary" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add evidence'}
          </button>
          <MutationMessage error={add.error} success={done} />
        </form>
      </details>
      <FormMessage error={update.isError ? 'The status was not saved. Try again.' : undefined} success={update.isSuccess ? `Status saved: ${STATUS_LABEL[action.status]}.` : undefined} />
    </div>
  );
}
