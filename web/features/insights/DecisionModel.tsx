import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/api';
import type { MySchool } from '../../lib/session';
import { FormMessage, QueryView } from '../../lib/ui';
import { teamsQuery } from '../teams/api';
import type { DecisionKind } from './api';
import { KINDS } from './DecisionForm';
import { decisionModelQuery, MODE_LABEL, MODES, useSetDecisionModel, type DecisionMode, type DecisionModelEntry } from './decision-model';

/** How the school makes each kind of decision: read by all staff, stated by the principal. */
export function DecisionModel({ school }: { school: MySchool }) {
  const model = useQuery(decisionModelQuery(school.id));
  const principal = school.roles.includes('principal');
  return (
    <section aria-labelledby="model-heading" className="section">
      <h2 id="model-heading">How we decide</h2>
      <QueryView query={model} what="the decision-making model">
        {(entries) => (principal ? <ModelForm school={school} entries={entries} /> : <ModelTable entries={entries} />)}
      </QueryView>
    </section>
  );
}

function ModelTable({ entries }: { entries: DecisionModelEntry[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">How each kind of decision is made</caption>
        <thead>
          <tr>
            <th scope="col">Kind of decision</th>
            <th scope="col">How it is made</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.kind}>
              <th scope="row">{KINDS[e.kind]}</th>
              <td>{e.mode ? `${MODE_LABEL[e.mode]}${e.team ? ` (${e.team.name})` : ''}` : <span className="meta">Not stated yet</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ModelForm({ school, entries }: { school: MySchool; entries: DecisionModelEntry[] }) {
  const save = useSetDecisionModel(school.id);
  const teams = useQuery(teamsQuery(school.id));
  const [rows, setRows] = useState(() => entries.map((e) => ({ kind: e.kind, mode: (e.mode ?? '') as DecisionMode | '', teamId: e.team?.id ?? '' })));
  const set = (kind: DecisionKind, patch: Partial<(typeof rows)[number]>) => setRows((list) => list.map((r) => (r.kind === kind ? { ...r, ...patch } : r)));
  const stated = rows.filter((r) => r.mode !== '');
  const fieldFor = (i: number, name: string) => (save.error instanceof ApiError ? save.error.fieldMessage(`modes.${i}.${name}`) : undefined);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ modes: stated.map((r) => ({ kind: r.kind, mode: r.mode as DecisionMode, teamId: r.teamId || null })) });
  };
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="model-heading">
      <p className="hint">State how each kind of decision is made, so every member of staff knows — and so the log shows when a decision was made another way.</p>
      <div className="table-wrap">
        <table className="table decision-model">
          <thead>
            <tr>
              <th scope="col">Kind of decision</th>
              <th scope="col">How it is made</th>
              <th scope="col">Team</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const i = stated.findIndex((s) => s.kind === r.kind);
              const teamError = i >= 0 ? fieldFor(i, 'teamId') : undefined;
              return (
                <tr key={r.kind}>
                  <th scope="row">{KINDS[r.kind]}</th>
                  <td>
                    <select aria-label={`How ${KINDS[r.kind].toLowerCase()} decisions are made`} value={r.mode} onChange={(e) => set(r.kind, { mode: e.target.value as DecisionMode | '' })}>
                      <option value="">Not stated</option>
                      {MODES.map((m) => (
                        <option key={m} value={m}>
                          {MODE_LABEL[m]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select aria-label={`Team for ${KINDS[r.kind].toLowerCase()} decisions`} aria-invalid={teamError ? true : undefined} value={r.teamId} onChange={(e) => set(r.kind, { teamId: e.target.value })}>
                      <option value="">{r.mode === 'delegated' ? 'Choose the team…' : 'None'}</option>
                      {(teams.data ?? []).map((t) => (
                        <option key={t.id} value={t.id}>
                          {t.name}
                        </option>
                      ))}
                    </select>
                    {teamError ? <p className="field-error">{teamError}</p> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button type="submit" className="button button-primary" disabled={save.isPending || stated.length === 0}>
        {save.isPending ? 'Saving…' : 'Save how we decide'}
      </button>
      <FormMessage error={save.isError ? 'Check the rows marked above.' : undefined} success={save.isSuccess ? 'Saved. Staff see it above the decision log.' : undefined} />
    </form>
  );
}
