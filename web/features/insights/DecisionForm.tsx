import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import type { MySchool } from '../../lib/session';
import { Field, FormMessage } from '../../lib/ui';
import { todayIn } from '../visits/format';
import { useRecordDecision, type DecisionKind, type InsightView } from './api';

export const KINDS: Record<DecisionKind, string> = {
  coaching: 'Coaching',
  pd: 'Professional learning',
  resources: 'Resources',
  schedule: 'Schedule',
  staffing: 'Staffing',
  other: 'Other',
};

/** Common ways a school decides (Seed 003: the decision log states who decides and how); "Other" asks for words. */
const MODES = [
  'Leader decided after consulting the ILT',
  'ILT by consensus',
  'ILT by vote',
  'Grade-level or subject team',
  'Whole staff',
  'Leader decided alone',
] as const;
const OTHER = 'other';

interface Props {
  school: MySchool;
  views: InsightView[];
  /** A saved view to cite, from "Record a decision from this view". */
  viewId?: string;
}

/** Records a decision: what, why, when, who decided and how, and the saved view it rests on. */
export function DecisionForm({ school, views, viewId }: Props) {
  const ids = { kind: useId(), mode: useId(), rationale: useId(), view: useId() };
  const record = useRecordDecision(school.id);
  const [kind, setKind] = useState<DecisionKind>('coaching');
  const [title, setTitle] = useState('');
  const [rationale, setRationale] = useState('');
  const [decidedOn, setDecidedOn] = useState(() => todayIn(school.timezone));
  const [decidedBy, setDecidedBy] = useState('');
  const [mode, setMode] = useState<string>(MODES[0]);
  const [details, setDetails] = useState('');
  const [view, setView] = useState(viewId ?? '');
  const [localError, setLocalError] = useState<string>();
  const [success, setSuccess] = useState<string>();

  const howDecided = mode === OTHER ? details.trim() : details.trim() ? `${mode} — ${details.trim()}` : mode;
  const error = record.error instanceof ApiError ? record.error : undefined;
  const detailsError = localError ?? (mode === OTHER ? error?.fieldMessage('howDecided') : undefined);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSuccess(undefined);
    if (mode === OTHER && !details.trim()) {
      setLocalError('Say how it was decided');
      return;
    }
    setLocalError(undefined);
    record.mutate(
      { kind, title, rationale, decidedOn, decidedBy, howDecided, viewId: view || null },
      {
        onSuccess: (decision) => {
          setTitle('');
          setRationale('');
          setDetails('');
          setSuccess(`Recorded “${decision.title}”. It is in the log below, for all staff to see.`);
        },
      },
    );
  };

  return (
    <form className="card decision-form" aria-labelledby="decision-form-heading" onSubmit={onSubmit} noValidate>
      <h2 id="decision-form-heading">Record a decision</h2>
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
      <Field label="What was decided" value={title} maxLength={200} required onChange={(e) => setTitle(e.target.value)} error={error?.fieldMessage('title')} />
      <div className={`field${error?.fieldMessage('rationale') ? ' field-invalid' : ''}`}>
        <label htmlFor={ids.rationale}>Why: the evidence and the reasoning</label>
        <textarea id={ids.rationale} value={rationale} maxLength={5000} rows={4} onChange={(e) => setRationale(e.target.value)} />
      </div>
      <div className="filters">
        <Field label="Decided on" type="date" value={decidedOn} required onChange={(e) => setDecidedOn(e.target.value)} error={error?.fieldMessage('decidedOn')} />
        <Field label="Who decided" placeholder="e.g. the principal with the ILT" value={decidedBy} maxLength={200} required onChange={(e) => setDecidedBy(e.target.value)} error={error?.fieldMessage('decidedBy')} />
      </div>
      <div className="filters">
        <div className="field">
          <label htmlFor={ids.mode}>How it was decided</label>
          <select id={ids.mode} value={mode} onChange={(e) => setMode(e.target.value)}>
            {MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
            <option value={OTHER}>Another way (describe it)</option>
          </select>
        </div>
        <Field
          label={mode === OTHER ? 'Describe how it was decided' : 'More about how (optional)'}
          value={details}
          maxLength={150}
          required={mode === OTHER}
          onChange={(e) => setDetails(e.target.value)}
          error={detailsError}
        />
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
      <button type="submit" className="button button-primary" disabled={record.isPending}>
        {record.isPending ? 'Recording…' : 'Record the decision'}
      </button>
      <FormMessage error={record.isError ? (error?.fields.length ? 'Check the fields marked above.' : errorMessage(record.error)) : undefined} success={success} />
    </form>
  );
}
