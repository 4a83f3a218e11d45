import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import type { MySchool } from '../../lib/session';
import { EmptyState, Field, PageTitle, QueryView, plural } from '../../lib/ui';
import { SchoolGate } from '../visits/RoleGate';
import { fieldError, MutationMessage, SelectField, TextArea } from '../plans/forms';
import { KIND_LABEL, teamsQuery, useCreateTeam, type TeamKind } from './api';
import '../plans/plans.css';

const route = getRouteApi('/_app/schools/$schoolId/teams');
export const managesTeams = (school: MySchool) => school.roles.some((r) => r === 'principal' || r === 'assistant_principal');

/** `/schools/{id}/teams`: the ILT and the school's other teams, for all staff; leaders form new ones. */
export function TeamsPage() {
  const { schoolId } = route.useParams();
  return (
    <SchoolGate schoolId={schoolId} title="Teams" allow={() => true} who="">
      {(school) => <Teams school={school} />}
    </SchoolGate>
  );
}

function Teams({ school }: { school: MySchool }) {
  const teams = useQuery(teamsQuery(school.id));
  return (
    <>
      <PageTitle title="Teams" lead={school.name}>
        Teams
      </PageTitle>
      <p className="hint">The Instructional Leadership Team and the grade-level, subject and student-group teams that drive improvement: who is on each, their meetings and action items.</p>
      <QueryView query={teams} what="teams">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No teams yet">{managesTeams(school) ? 'Start with the Instructional Leadership Team below.' : 'Teams your school leaders form appear here.'}</EmptyState>
          ) : (
            <ul className="card-list">
              {list.map((t) => (
                <li key={t.id} className="card">
                  <p className="plan-eyebrow">{KIND_LABEL[t.kind]}</p>
                  <h2 className="card-title">
                    <Link to="/schools/$schoolId/teams/$teamId" params={{ schoolId: school.id, teamId: t.id }}>
                      {t.name}
                    </Link>
                  </h2>
                  {t.purpose ? <p>{t.purpose}</p> : null}
                  <p className="meta">
                    {plural(t.memberCount, 'member')} · {t.lastMeetingOn ? `last met ${t.lastMeetingOn}` : 'no meetings yet'} · {plural(t.openItems, 'open action item')}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      {managesTeams(school) ? <NewTeam school={school} hasIlt={Boolean(teams.data?.some((t) => t.kind === 'ilt'))} /> : null}
    </>
  );
}

function NewTeam({ school, hasIlt }: { school: MySchool; hasIlt: boolean }) {
  const navigate = useNavigate();
  const create = useCreateTeam(school.id);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TeamKind>(hasIlt ? 'grade' : 'ilt');
  const [purpose, setPurpose] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, kind, purpose }, { onSuccess: (team) => void navigate({ to: '/schools/$schoolId/teams/$teamId', params: { schoolId: school.id, teamId: team.id } }) });
  };
  return (
    <section className="section" aria-labelledby="new-team-heading">
      <h2 id="new-team-heading">Form a team</h2>
      <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="new-team-heading">
        <div className="filters">
          <Field label="Team name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} error={fieldError(create.error, 'name')} />
          <SelectField label="Kind of team" value={kind} onChange={(e) => setKind(e.target.value as TeamKind)} error={fieldError(create.error, 'kind')}>
            {(Object.keys(KIND_LABEL) as TeamKind[]).map((k) => (
              <option key={k} value={k} disabled={k === 'ilt' && hasIlt}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </SelectField>
        </div>
        <TextArea label="Purpose (optional)" value={purpose} maxLength={2000} onChange={(e) => setPurpose(e.target.value)} error={fieldError(create.error, 'purpose')} />
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Forming…' : 'Form the team'}
        </button>
        <MutationMessage error={create.error} />
      </form>
    </section>
  );
}
