import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { useCurrentSchool } from '../../lib/school';
import { useMe } from '../../lib/session';
import { EmptyState, Field, FormMessage, PageTitle, QueryView, plural } from '../../lib/ui';
import { TextArea } from '../conversations/TextArea';
import { coaches, cyclesQuery, STATUS_LABEL, teachersQuery, useProposeCycle, type CycleSummary } from './api';
import './coaching.css';

const route = getRouteApi('/_app/schools/$schoolId/coaching');

/** Coaching cycles of the school: a teacher sees their own; coaches and leaders see the school's and propose new ones. */
export function CyclesPage() {
  const { schoolId } = route.useParams();
  const school = useCurrentSchool();
  const me = useMe();
  const query = useQuery(cyclesQuery(schoolId));
  const coach = coaches(school);
  const [proposing, setProposing] = useState(false);
  const [notice, setNotice] = useState<string>();
  const proposeButton = useRef<HTMLButtonElement>(null);
  return (
    <>
      <PageTitle title="Coaching" lead="A teacher and a coach agree a goal, look at a baseline, observe, talk it over and see what changed.">
        Coaching cycles
      </PageTitle>
      <FormMessage success={notice} />
      {coach ? (
        proposing ? (
          <ProposeForm
            schoolId={schoolId}
            myId={me.user.id}
            onDone={(message) => {
              setProposing(false);
              setNotice(message);
              requestAnimationFrame(() => proposeButton.current?.focus());
            }}
          />
        ) : (
          <p>
            <button ref={proposeButton} type="button" className="button button-primary" onClick={() => (setNotice(undefined), setProposing(true))}>
              Propose a cycle
            </button>
          </p>
        )
      ) : null}
      <QueryView query={query} what="coaching cycles">
        {(cycles) =>
          cycles.length === 0 ? (
            <EmptyState title="No coaching cycles yet">
              {coach ? 'Propose a cycle to a teacher: agree a goal together, then record a baseline and observe.' : 'When a coach proposes a coaching cycle with you, it shows here.'}
            </EmptyState>
          ) : (
            <ul className="card-list cycle-list">
              {cycles.map((c) => (
                <CycleCard key={c.id} cycle={c} schoolId={schoolId} myId={me.user.id} />
              ))}
            </ul>
          )
        }
      </QueryView>
    </>
  );
}

function CycleCard({ cycle, schoolId, myId }: { cycle: CycleSummary; schoolId: string; myId: string }) {
  const who = cycle.teacher.id === myId ? `With ${cycle.coach.name} (coach)` : cycle.coach.id === myId ? `With ${cycle.teacher.name}` : `${cycle.teacher.name} with ${cycle.coach.name}`;
  return (
    <li className="card">
      <h2 className="card-title">
        <Link to="/schools/$schoolId/coaching/$coachingCycleId" params={{ schoolId, coachingCycleId: cycle.id }}>
          {cycle.goal}
        </Link>
      </h2>
      <p className="meta">
        <span className={`cycle-status cycle-status-${cycle.status}`}>{STATUS_LABEL[cycle.status]}</span> · {who} · {plural(cycle.observations, 'observation')} ·{' '}
        {plural(cycle.debriefs, 'debrief')}
        {cycle.status === 'completed' ? <> · {cycle.goalMet ? 'Goal met' : 'Goal not met yet'}</> : null}
      </p>
    </li>
  );
}

interface Problems {
  teacherId?: string;
  goal?: string;
  baseline?: string;
  baselineOn?: string;
}

function ProposeForm({ schoolId, myId, onDone }: { schoolId: string; myId: string; onDone: (message?: string) => void }) {
  const id = useId();
  const teachers = useQuery(teachersQuery(schoolId));
  const propose = useProposeCycle(schoolId);
  const [teacherId, setTeacherId] = useState('');
  const [goal, setGoal] = useState('');
  const [baseline, setBaseline] = useState('');
  const [baselineOn, setBaselineOn] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const server = propose.error instanceof ApiError ? propose.error : undefined;
  const shown: Problems = {
    teacherId: problems.teacherId ?? server?.fieldMessage('teacherId'),
    goal: problems.goal ?? server?.fieldMessage('goal'),
    baseline: server?.fieldMessage('baseline'),
    baselineOn: server?.fieldMessage('baselineOn'),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Problems = {};
    if (!teacherId) found.teacherId = 'Choose the teacher';
    if (!goal.trim()) found.goal = 'Say what you and the teacher want to work on';
    setProblems(found);
    if (Object.keys(found).length) return;
    propose.mutate(
      { teacherId, goal, baseline: baseline.trim() || null, baselineOn: baselineOn || null },
      { onSuccess: (cycle) => onDone(`Cycle proposed to ${cycle.teacher.name}. It starts when you both agree on the goal.`) },
    );
  };
  const invalid = Object.values(shown).some(Boolean);
  return (
    <form className="card section cycle-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Propose a coaching cycle</h2>
      <div className={`field${shown.teacherId ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-teacher`}>Teacher</label>
        <select id={`${id}-teacher`} value={teacherId} onChange={(e) => setTeacherId(e.target.value)} aria-invalid={shown.teacherId ? true : undefined} aria-describedby={shown.teacherId ? `${id}-teacher-error` : undefined}>
          <option value="">{teachers.isPending ? 'Loading teachers…' : 'Choose a teacher'}</option>
          {(teachers.data ?? [])
            .filter((t) => t.id !== myId)
            .map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
        </select>
        {shown.teacherId ? (
          <p className="field-error" id={`${id}-teacher-error`}>
            <span aria-hidden="true">⚠ </span>
            {shown.teacherId}
          </p>
        ) : null}
      </div>
      <TextArea label="Goal" hint="What the teacher wants students to do, in observable terms." value={goal} onChange={(e) => setGoal(e.target.value)} error={shown.goal} maxLength={1000} rows={3} />
      <TextArea label="Baseline (optional)" hint="Where things stand now: a count, a quote, a result." value={baseline} onChange={(e) => setBaseline(e.target.value)} error={shown.baseline} maxLength={5000} rows={3} />
      <Field label="Baseline date (optional)" type="date" value={baselineOn} onChange={(e) => setBaselineOn(e.target.value)} error={shown.baselineOn} />
      <FormMessage error={invalid ? 'Check the highlighted fields.' : propose.isError ? errorMessage(propose.error) : undefined} />
      <p className="cycle-actions">
        <button type="submit" className="button button-primary" disabled={propose.isPending}>
          {propose.isPending ? 'Proposing…' : 'Propose cycle'}
        </button>{' '}
        <button type="button" className="button button-secondary" onClick={() => onDone()}>
          Cancel
        </button>
      </p>
    </form>
  );
}
