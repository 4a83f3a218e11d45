import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/api';
import type { MySchool } from '../../lib/session';
import { EmptyState, Field, FormMessage, QueryView } from '../../lib/ui';
import { staffQuery } from '../people/api';
import { todayIn } from '../visits/format';
import { pdQuery, useCreatePd, usePdAttendance, usePdFeedback, type PdSession, type PlanDetail } from './api';
import { fieldError, MutationMessage, SelectField, TextArea } from './forms';

const PLANNERS = ['principal', 'assistant_principal', 'coach'];
const RATINGS = ['1 — not useful', '2 — somewhat useful', '3 — useful', '4 — very useful'];

/** Professional learning tied to the plan's goals: facilitator, attendance, and participants' feedback. */
export function PdSessions({ school, plan }: { school: MySchool; plan: PlanDetail }) {
  const sessions = useQuery(pdQuery(school.id));
  return (
    <section aria-labelledby="pd-heading" className="section plan-pd">
      <h2 id="pd-heading">Professional learning</h2>
      <QueryView query={sessions} what="professional learning sessions">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No sessions yet">
              <p>Sessions tied to the plan’s goals appear here, with who led them and what participants said.</p>
            </EmptyState>
          ) : (
            <ul className="card-list pd-list">
              {list.map((s) => (
                <SessionCard key={s.id} school={school} session={s} />
              ))}
            </ul>
          )
        }
      </QueryView>
      {school.roles.some((r) => PLANNERS.includes(r)) ? <NewSession school={school} plan={plan} /> : null}
    </section>
  );
}

function SessionCard({ school, session: s }: { school: MySchool; session: PdSession }) {
  return (
    <li className="card pd-session">
      <h3 className="card-title">{s.title}</h3>
      <p className="meta">
        {s.heldOn} · led by {s.facilitator.name}
        {s.goals.length ? ` · for ${s.goals.map((g) => `“${g.title}”`).join(', ')}` : ''}
      </p>
      {s.description ? <p className="prewrap">{s.description}</p> : null}
      <p className="meta">
        {s.attendees.length} attended
        {s.feedback.count ? ` · feedback from ${s.feedback.count}, average ${s.feedback.averageRating} of 4` : ' · no feedback yet'}
      </p>
      {s.feedback.comments.length ? (
        <ul className="pd-comments" aria-label={`Comments on “${s.title}”`}>
          {s.feedback.comments.map((c, i) => (
            <li key={i}>“{c}”</li>
          ))}
        </ul>
      ) : null}
      {s.canTakeAttendance ? <AttendanceForm school={school} session={s} /> : null}
      {s.attended ? <FeedbackForm school={school} session={s} /> : null}
    </li>
  );
}

/** Who attended a session, changed afterwards (leaders, coaches and the facilitator): the whole list is replaced. */
function AttendanceForm({ school, session }: { school: MySchool; session: PdSession }) {
  const save = usePdAttendance(school.id, session.id);
  const staff = useQuery(staffQuery(school.id, {}));
  const [attendees, setAttendees] = useState<string[]>(() => session.attendees.map((a) => a.id));
  const [done, setDone] = useState<string>();
  // Attendees no longer on the staff list stay listed (and can be unticked).
  const people = [...(staff.data ?? []).map((p) => ({ id: p.id, name: p.name })), ...session.attendees.filter((a) => !(staff.data ?? []).some((p) => p.id === a.id))];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    save.mutate(attendees, { onSuccess: (s) => setDone(`Attendance saved: ${s.attendees.length} attended.`) });
  };
  // The server names a refused person by position (`attendeeIds.3`): say it once for the whole list.
  const problem = save.error instanceof ApiError ? save.error.fields[0]?.message : undefined;
  return (
    <details className="no-print">
      <summary>
        Update who attended<span className="visually-hidden"> “{session.title}”</span>
      </summary>
      <form onSubmit={onSubmit} noValidate aria-label={`Who attended “${session.title}”`}>
        {staff.isPending ? (
          <p className="hint">Loading the staff list…</p>
        ) : staff.isError ? (
          <FormMessage error="The staff list did not load. Close and open this again." />
        ) : (
          <fieldset className="pd-attendees">
            <legend>Who attended</legend>
            {people.map((p) => (
              <label key={p.id} className="check">
                <input type="checkbox" checked={attendees.includes(p.id)} onChange={(e) => setAttendees((list) => (e.target.checked ? [...list, p.id] : list.filter((x) => x !== p.id)))} /> {p.name}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" className="button button-primary" disabled={save.isPending || !staff.isSuccess}>
          {save.isPending ? 'Saving…' : 'Save attendance'}
        </button>
        {problem ? <FormMessage error={`Attendance not saved: ${problem}`} /> : <MutationMessage error={save.error} success={done} />}
      </form>
    </details>
  );
}

function FeedbackForm({ school, session }: { school: MySchool; session: PdSession }) {
  const save = usePdFeedback(school.id, session.id);
  const [rating, setRating] = useState(String(session.myFeedback?.rating ?? ''));
  const [comment, setComment] = useState(session.myFeedback?.comment ?? '');
  const [localError, setLocalError] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!rating) {
      setLocalError('Choose a rating from 1 to 4');
      return;
    }
    setLocalError(undefined);
    save.mutate({ rating: Number(rating), comment });
  };
  return (
    <details className="no-print">
      <summary>{session.myFeedback ? 'Change my feedback' : 'Leave feedback'}</summary>
      <form onSubmit={onSubmit} noValidate aria-label={`Feedback on “${session.title}”`}>
        <SelectField label="How useful was it?" value={rating} onChange={(e) => setRating(e.target.value)} error={localError ?? fieldError(save.error, 'rating')}>
          <option value="">Choose…</option>
          {RATINGS.map((r, i) => (
            <option key={r} value={i + 1}>
              {r}
            </option>
          ))}
        </SelectField>
        <TextArea label="Comment (shown without your name)" value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} error={fieldError(save.error, 'comment')} />
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save my feedback'}
        </button>
        <MutationMessage error={save.error} success={save.isSuccess ? 'Thank you: your feedback is saved.' : undefined} />
      </form>
    </details>
  );
}

function NewSession({ school, plan }: { school: MySchool; plan: PlanDetail }) {
  const create = useCreatePd(school.id, plan.id);
  const staff = useQuery(staffQuery(school.id, {}));
  const [title, setTitle] = useState('');
  const [heldOn, setHeldOn] = useState(() => todayIn(school.timezone));
  const [facilitatorId, setFacilitatorId] = useState('');
  const [goalId, setGoalId] = useState('');
  const [attendees, setAttendees] = useState<string[]>([]);
  const [done, setDone] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    create.mutate(
      { title, heldOn, facilitatorId, goalIds: goalId ? [goalId] : [], attendeeIds: attendees },
      {
        onSuccess: (s) => {
          setDone(`Added “${s.title}”.`);
          setTitle('');
          setAttendees([]);
        },
      },
    );
  };
  return (
    <details className="plan-add no-print">
      <summary>Add a professional learning session</summary>
      <form onSubmit={onSubmit} noValidate aria-label="Add a professional learning session">
        <div className="filters">
          <Field label="Session title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} error={fieldError(create.error, 'title')} />
          <Field label="Session date" type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} error={fieldError(create.error, 'heldOn')} />
        </div>
        <div className="filters">
          <SelectField label="Facilitator" value={facilitatorId} onChange={(e) => setFacilitatorId(e.target.value)} error={fieldError(create.error, 'facilitatorId') ? 'Choose the facilitator: any staff member, often a teacher' : undefined}>
            <option value="">Choose a staff member…</option>
            {(staff.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Goal it serves" value={goalId} onChange={(e) => setGoalId(e.target.value)}>
            <option value="">None</option>
            {plan.goals.map((g) => (
              <option key={g.id} value={g.id}>
                {g.title}
              </option>
            ))}
          </SelectField>
        </div>
        <fieldset className="pd-attendees">
          <legend>Who attended</legend>
          {(staff.data ?? []).map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={attendees.includes(p.id)} onChange={(e) => setAttendees((list) => (e.target.checked ? [...list, p.id] : list.filter((x) => x !== p.id)))} /> {p.name}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add the session'}
        </button>
        <MutationMessage error={create.error} success={done} />
      </form>
    </details>
  );
}
