import { useState, type FormEvent } from 'react';
import type { MySchool } from '../../lib/session';
import { Field } from '../../lib/ui';
import { fieldError, MutationMessage, TextArea } from '../plans/forms';
import { useUpdateMeeting, useUpdateTeam, type TeamDetail } from './api';

type Meeting = TeamDetail['meetings'][number];

/** "Edit this team" (principal, assistant principal): its name and purpose. */
export function EditTeam({ school, team }: { school: MySchool; team: TeamDetail }) {
  const update = useUpdateTeam(school.id, team.id);
  const [name, setName] = useState(team.name);
  const [purpose, setPurpose] = useState(team.purpose);
  const [done, setDone] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    update.mutate({ name, purpose }, { onSuccess: (t) => setDone(`Team saved as “${t?.name ?? name.trim()}”.`) });
  };
  return (
    <details className="plan-edit no-print">
      <summary>Edit this team</summary>
      <form onSubmit={onSubmit} noValidate aria-label="Edit the team">
        <Field label="Team name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} error={fieldError(update.error, 'name')} />
        <TextArea label="Purpose (optional)" value={purpose} maxLength={2000} onChange={(e) => setPurpose(e.target.value)} error={fieldError(update.error, 'purpose')} />
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save the team'}
        </button>
        <MutationMessage error={update.error} success={done} />
      </form>
    </details>
  );
}

/** Writing up a meeting afterwards: its notes and agenda (leaders and the team's staff members). */
export function EditMeetingNotes({ school, team, meeting }: { school: MySchool; team: TeamDetail; meeting: Meeting }) {
  const update = useUpdateMeeting(school.id, team.id, meeting.id);
  const [agenda, setAgenda] = useState(meeting.agenda);
  const [notes, setNotes] = useState(meeting.notes);
  const [done, setDone] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    update.mutate({ agenda, notes }, { onSuccess: () => setDone('Meeting notes saved.') });
  };
  return (
    <details className="plan-edit no-print">
      <summary>
        {meeting.notes ? 'Edit the notes' : 'Write the notes'}
        <span className="visually-hidden"> of the meeting of {meeting.heldOn}</span>
      </summary>
      <form onSubmit={onSubmit} noValidate aria-label={`Notes of the meeting of ${meeting.heldOn}`}>
        <TextArea label="Agenda" value={agenda} maxLength={5000} onChange={(e) => setAgenda(e.target.value)} error={fieldError(update.error, 'agenda')} />
        <TextArea label="Notes" rows={6} value={notes} maxLength={20000} onChange={(e) => setNotes(e.target.value)} error={fieldError(update.error, 'notes')} />
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save the notes'}
        </button>
        <MutationMessage error={update.error} success={done} />
      </form>
    </details>
  );
}
