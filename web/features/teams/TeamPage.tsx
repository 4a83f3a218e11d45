import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useMe, type MySchool } from '../../lib/session';
import { EmptyState, Field, FormMessage, PageTitle, QueryView } from '../../lib/ui';
import { staffQuery } from '../people/api';
import { todayIn } from '../visits/format';
import { SchoolGate } from '../visits/RoleGate';
import { fieldError, MutationMessage, SelectField, TextArea } from '../plans/forms';
import { KIND_LABEL, ROLE_LABEL, STAKEHOLDER_LABEL, teamQuery, useAddMember, useRecordMeeting, useRemoveMember, useSetItemDone, type Stakeholder, type TeamDetail, type TeamRole } from './api';
import { EditMeetingNotes, EditTeam } from './TeamEdits';
import '../plans/plans.css';

const route = getRouteApi('/_app/schools/$schoolId/teams/$teamId');

/** `/schools/{id}/teams/{teamId}`: a team's members (with stakeholder group and role), meetings and action items. */
export function TeamPage() {
  const { schoolId } = route.useParams();
  return (
    <SchoolGate schoolId={schoolId} title="Team" allow={() => true} who="">
      {(school) => <Team school={school} />}
    </SchoolGate>
  );
}

function Team({ school }: { school: MySchool }) {
  const { teamId } = route.useParams();
  const team = useQuery(teamQuery(school.id, teamId));
  return (
    <QueryView query={team} what="the team" pageTitle="Team">
      {(t) => (
        <>
          <p className="breadcrumb">
            <Link to="/schools/$schoolId/teams" params={{ schoolId: school.id }}>
              Teams
            </Link>
          </p>
          <PageTitle title={t.name} lead={KIND_LABEL[t.kind]}>
            {t.name}
          </PageTitle>
          {t.purpose ? <p className="prewrap">{t.purpose}</p> : null}
          {t.canManage ? <EditTeam school={school} team={t} /> : null}
          <Members school={school} team={t} />
          <Meetings school={school} team={t} />
        </>
      )}
    </QueryView>
  );
}

function Members({ school, team }: { school: MySchool; team: TeamDetail }) {
  const remove = useRemoveMember(school.id, team.id);
  return (
    <section className="section" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      {team.members.length === 0 ? (
        <EmptyState title="No members yet">{team.canManage ? 'Add members below.' : 'School leaders add the members.'}</EmptyState>
      ) : (
        <ul className="person-list">
          {team.members.map((m) => (
            <li key={m.id} className="person">
              <span className="person-name">{m.name}</span>
              <span className="person-roles">
                {STAKEHOLDER_LABEL[m.stakeholder]} · {ROLE_LABEL[m.role]}
                {m.person ? '' : ' · not on staff'}
              </span>
              {team.canManage ? (
                <button type="button" className="button button-small button-secondary" disabled={remove.isPending} onClick={() => remove.mutate(m.id)}>
                  Remove<span className="visually-hidden"> {m.name}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <FormMessage error={remove.isError ? 'The member was not removed. Try again.' : undefined} />
      {team.canManage ? <AddMember school={school} team={team} /> : null}
    </section>
  );
}

function AddMember({ school, team }: { school: MySchool; team: TeamDetail }) {
  const add = useAddMember(school.id, team.id);
  const staff = useQuery(staffQuery(school.id, {}));
  const [personId, setPersonId] = useState('');
  const [name, setName] = useState('');
  const [stakeholder, setStakeholder] = useState<Stakeholder>('teacher');
  const [role, setRole] = useState<TeamRole>('member');
  const [done, setDone] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    add.mutate(
      { personId: personId || null, name: personId ? null : name.trim() || null, stakeholder, role },
      {
        onSuccess: () => {
          setDone('Member added.');
          setPersonId('');
          setName('');
        },
      },
    );
  };
  return (
    <details className="plan-add">
      <summary>Add a member</summary>
      <form onSubmit={onSubmit} noValidate aria-label="Add a member">
        <div className="filters">
          <SelectField label="Staff member" value={personId} onChange={(e) => setPersonId(e.target.value)} error={fieldError(add.error, 'personId')}>
            <option value="">Not on staff (type a name)</option>
            {(staff.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <Field label="Or the name of a family or student representative" value={name} disabled={Boolean(personId)} maxLength={120} onChange={(e) => setName(e.target.value)} error={fieldError(add.error, 'name')} />
        </div>
        <div className="filters">
          <SelectField label="Stakeholder group" value={stakeholder} onChange={(e) => setStakeholder(e.target.value as Stakeholder)}>
            {(Object.keys(STAKEHOLDER_LABEL) as Stakeholder[]).map((k) => (
              <option key={k} value={k}>
                {STAKEHOLDER_LABEL[k]}
              </option>
            ))}
          </SelectField>
          <SelectField label="Role in the team" value={role} onChange={(e) => setRole(e.target.value as TeamRole)}>
            {(Object.keys(ROLE_LABEL) as TeamRole[]).map((k) => (
              <option key={k} value={k}>
                {ROLE_LABEL[k]}
              </option>
            ))}
          </SelectField>
        </div>
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add the member'}
        </button>
        <MutationMessage error={add.error} success={done} />
      </form>
    </details>
  );
}

function Meetings({ school, team }: { school: MySchool; team: TeamDetail }) {
  const me = useMe();
  const setDone = useSetItemDone(school.id, team.id);
  return (
    <section className="section" aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">Meetings</h2>
      {team.canRecord ? <RecordMeeting school={school} team={team} /> : null}
      {team.meetings.length === 0 ? (
        <EmptyState title="No meetings recorded yet">{team.canRecord ? 'Record the first one above.' : 'Meetings the team records appear here.'}</EmptyState>
      ) : (
        <ul className="card-list">
          {team.meetings.map((m) => (
            <li key={m.id} className="card">
              <h3 className="card-title">Meeting of {m.heldOn}</h3>
              {m.agenda ? (
                <>
                  <h4>Agenda</h4>
                  <p className="prewrap">{m.agenda}</p>
                </>
              ) : null}
              {m.notes ? (
                <>
                  <h4>Notes</h4>
                  <p className="prewrap">{m.notes}</p>
                </>
              ) : null}
              {m.actionItems.length ? (
                <>
                  <h4>Action items</h4>
                  <ul className="plain-list team-items">
                    {m.actionItems.map((i) => {
                      const may = team.canRecord || i.owner.id === me.user.id;
                      return (
                        <li key={i.id}>
                          <label className="check">
                            <input type="checkbox" checked={i.done} disabled={!may || setDone.isPending} onChange={(e) => setDone.mutate({ id: i.id, done: e.target.checked })} />{' '}
                            <span className={i.done ? 'item-done' : undefined}>{i.title}</span>
                          </label>
                          <span className="meta">
                            {' '}
                            — {i.owner.name}
                            {i.dueOn ? `, due ${i.dueOn}` : ''}
                          </span>
                        </li>
                      );
                    })}
                  </ul>
                </>
              ) : null}
              <p className="meta">Recorded by {m.recordedBy.name}</p>
              {team.canRecord ? <EditMeetingNotes school={school} team={team} meeting={m} /> : null}
            </li>
          ))}
        </ul>
      )}
      <FormMessage error={setDone.isError ? 'The action item was not updated. Try again.' : undefined} />
    </section>
  );
}

interface ItemRow {
  title: string;
  ownerId: string;
  dueOn: string;
}

function RecordMeeting({ school, team }: { school: MySchool; team: TeamDetail }) {
  const record = useRecordMeeting(school.id, team.id);
  const staff = useQuery(staffQuery(school.id, {}));
  const [heldOn, setHeldOn] = useState(() => todayIn(school.timezone));
  const [agenda, setAgenda] = useState('');
  const [notes, setNotes] = useState('');
  const [items, setItems] = useState<ItemRow[]>([]);
  const [done, setDone] = useState<string>();
  const change = (i: number, patch: Partial<ItemRow>) => setItems((list) => list.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    record.mutate(
      { heldOn, agenda, notes, actionItems: items.map((i) => ({ title: i.title, ownerId: i.ownerId, dueOn: i.dueOn || null })) },
      {
        onSuccess: () => {
          setDone('Meeting recorded.');
          setAgenda('');
          setNotes('');
          setItems([]);
        },
      },
    );
  };
  return (
    <details className="plan-add">
      <summary>Record a meeting</summary>
      <form onSubmit={onSubmit} noValidate aria-label="Record a meeting">
        <Field label="Meeting date" type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} error={fieldError(record.error, 'heldOn')} />
        <TextArea label="Agenda" value={agenda} maxLength={5000} onChange={(e) => setAgenda(e.target.value)} error={fieldError(record.error, 'agenda')} />
        <TextArea label="Notes" rows={5} value={notes} maxLength={20000} onChange={(e) => setNotes(e.target.value)} error={fieldError(record.error, 'notes')} />
        {items.map((row, i) => (
          <fieldset key={i} className="team-item-row">
            <legend>Action item {i + 1}</legend>
            <div className="filters">
              <Field label={`Action item ${i + 1}`} value={row.title} maxLength={300} onChange={(e) => change(i, { title: e.target.value })} error={fieldError(record.error, `actionItems.${i}.title`)} />
              <SelectField label={`Owner of item ${i + 1}`} value={row.ownerId} onChange={(e) => change(i, { ownerId: e.target.value })} error={fieldError(record.error, `actionItems.${i}.ownerId`)}>
                <option value="">Choose a staff member…</option>
                {(staff.data ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </SelectField>
              <Field label={`Due date of item ${i + 1}`} type="date" value={row.dueOn} onChange={(e) => change(i, { dueOn: e.target.value })} error={fieldError(record.error, `actionItems.${i}.dueOn`)} />
            </div>
          </fieldset>
        ))}
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={() => setItems((list) => [...list, { title: '', ownerId: '', dueOn: '' }])}>
            Add an action item
          </button>
          <button type="submit" className="button button-primary" disabled={record.isPending}>
            {record.isPending ? 'Recording…' : 'Record the meeting'}
          </button>
        </div>
        <MutationMessage error={record.error} success={done} />
      </form>
    </details>
  );
}
