import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError } from '../../lib/api';
import { isDistrictAdmin, useMe } from '../../lib/session';
import { FormMessage, PageTitle, plural, QueryView } from '../../lib/ui';
import { formatMoment, localZone } from '../conversations/api';
import { NotForRole } from '../visits/RoleGate';
import type { AuditPerson } from './api';
import { PersonSearch } from './PersonSearch';
import { TwoStepReset } from './TwoStepReset';
import { CLASS_LABEL, erasePerson, erasurePreviewQuery, inventoryQuery, personExportUrl, runRetentionNow, schoolExportUrl, tableLabel, type ErasurePreview } from './privacy-api';
import './audit.css';

/** `/admin/privacy`: export or delete one person's data, export a school, the retention rules and the data inventory. */
export function PrivacyPage() {
  const me = useMe();
  if (!isDistrictAdmin(me)) return <NotForRole title="Privacy" who="Privacy operations are for district administrators." />;
  return (
    <>
      <PageTitle title="Privacy" lead="Everything Rounds keeps, how long it keeps it, and how to export or delete one person's or one school's data.">
        Privacy
      </PageTitle>
      <PersonSection />
      <SchoolExport />
      <Retention />
      <Inventory />
    </>
  );
}

function PersonSection() {
  const [chosen, setChosen] = useState<AuditPerson | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="card privacy-section" aria-labelledby="privacy-person">
      <h2 id="privacy-person">One person’s data</h2>
      <p className="meta">Export everything Rounds holds about a student or staff member, reset a staff member’s two-step verification, or delete them so that nothing is left outside the audit log.</p>
      <FormMessage success={done ?? undefined} />
      {chosen ? (
        <PersonActions
          person={chosen}
          onClose={() => setChosen(null)}
          onDeleted={(name) => {
            setChosen(null);
            setDone(`${name} was deleted.`);
          }}
        />
      ) : (
        <PersonSearch
          label="Find a student or staff member"
          onChoose={(p) => {
            setDone(null);
            setChosen(p);
          }}
        />
      )}
    </section>
  );
}

const counts = (rows: Record<string, number>) =>
  Object.entries(rows)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, n]) => `${tableLabel(table)} (${n.toLocaleString()})`)
    .join(', ');

function PersonActions({ person, onClose, onDeleted }: { person: AuditPerson; onClose: () => void; onDeleted: (name: string) => void }) {
  const preview = useQuery(erasurePreviewQuery(person.id));
  return (
    <div>
      <p className="audit-chosen">
        <strong>{person.name}</strong> <span className="meta">{person.kind === 'student' ? 'student' : 'staff'} · {person.email ?? person.sourcedId}</span>
        <button type="button" className="button button-secondary" onClick={onClose}>
          Choose someone else
        </button>
      </p>
      <h3>Export</h3>
      <p className="privacy-links">
        <a className="button button-secondary" href={personExportUrl(person.id, 'json')} download>
          Export {person.name} as JSON
        </a>
        <a className="button button-secondary" href={personExportUrl(person.id, 'zip')} download>
          Export {person.name} as CSV files (zip)
        </a>
      </p>
      {person.kind === 'staff' ? <TwoStepReset person={person} /> : null}
      <h3>Delete</h3>
      <QueryView query={preview} what="what deletion would remove">
        {(p) => <DeleteForm preview={p} onDeleted={onDeleted} />}
      </QueryView>
    </div>
  );
}

function DeleteForm({ preview, onDeleted }: { preview: ErasurePreview; onDeleted: (name: string) => void }) {
  const [confirm, setConfirm] = useState('');
  const id = useId();
  const errorId = useId();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => erasePerson(preview.person.id, confirm),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['audit-people'] });
      onDeleted(preview.person.name);
    },
    onError: (e) => {
      // Deletion was refused because of records others keep: show what now blocks it.
      if (e instanceof ApiError && e.status === 409) void client.invalidateQueries({ queryKey: ['privacy-person', preview.person.id] });
    },
  });
  const error = mutation.error instanceof ApiError ? mutation.error.fieldMessage('confirmName') : undefined;
  const formError = mutation.error && !error ? (mutation.error instanceof Error ? mutation.error.message : String(mutation.error)) : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate();
      }}
    >
      {preview.blockers.length > 0 ? (
        <div className="notice notice-error">
          <p className="notice-title">{preview.person.name} cannot be deleted yet</p>
          <ul>
            {preview.blockers.map((b, i) => (
              <li key={`${i}-${b}`}>{b}.</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ul className="privacy-effects">
        <li>
          <strong>Deleted:</strong> {Object.keys(preview.deleted).length ? counts(preview.deleted) : 'only the person’s own record'}.
        </li>
        <li>
          <strong>Kept, as “Former staff member”:</strong> {Object.keys(preview.reassigned).length ? counts(preview.reassigned) : 'nothing'}.
        </li>
        <li>The audit log keeps its entries. This cannot be undone: export first if the data may be needed.</li>
      </ul>
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>Type “{preview.person.name}” to confirm</label>
        <input id={id} value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} />
        {error ? (
          <p className="field-error" id={errorId}>
            <span aria-hidden="true">⚠ </span>
            {error}
          </p>
        ) : null}
      </div>
      <FormMessage error={formError} />
      <button type="submit" className="button button-danger" disabled={mutation.isPending}>
        {mutation.isPending ? 'Deleting…' : `Delete ${preview.person.name} permanently`}
      </button>
    </form>
  );
}

function SchoolExport() {
  const me = useMe();
  const [schoolId, setSchoolId] = useState(me.schools[0]?.id ?? '');
  const id = useId();
  return (
    <section className="card privacy-section" aria-labelledby="privacy-school">
      <h2 id="privacy-school">One school’s data</h2>
      {me.schools.length === 0 ? (
        <p>The district has no schools yet.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={id}>School</label>
            <select id={id} value={schoolId} onChange={(e) => setSchoolId(e.target.value)}>
              {me.schools.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <p className="privacy-links">
            <a className="button button-secondary" href={schoolExportUrl(schoolId, 'json')} download>
              Export the school as JSON
            </a>
            <a className="button button-secondary" href={schoolExportUrl(schoolId, 'zip')} download>
              Export the school as CSV files (zip)
            </a>
          </p>
        </>
      )}
    </section>
  );
}

function Retention() {
  const query = useQuery(inventoryQuery);
  const client = useQueryClient();
  const run = useMutation({ mutationFn: runRetentionNow, onSuccess: () => void client.invalidateQueries({ queryKey: ['privacy-inventory'] }) });
  return (
    <section className="card privacy-section" aria-labelledby="privacy-retention">
      <h2 id="privacy-retention">Retention</h2>
      <QueryView query={query} what="the retention rules">
        {(data) => (
          <>
            <ul>
              {data.retention.map((r) => (
                <li key={r.key}>
                  <span className="privacy-class">{CLASS_LABEL[r.class]}</span> {r.rule}
                </li>
              ))}
            </ul>
            <p className="meta" role="status">
              {data.lastRun
                ? `Last run ${formatMoment(data.lastRun.startedAt, localZone())} (${data.lastRun.trigger === 'admin' ? 'by an administrator' : 'nightly'}): ${
                    Object.entries(data.lastRun.removed)
                      .filter(([, n]) => n > 0)
                      .map(([k, n]) => `${k.replace(/_/g, ' ')} ${n}`)
                      .join(', ') || 'nothing to remove'
                  }.`
                : 'The rules have not run yet; they run every night.'}
            </p>
            <FormMessage error={run.error ? String((run.error as Error).message) : undefined} />
            <button type="button" className="button button-secondary" disabled={run.isPending} onClick={() => run.mutate()}>
              {run.isPending ? 'Running…' : 'Run the rules now'}
            </button>
          </>
        )}
      </QueryView>
    </section>
  );
}

function Inventory() {
  const query = useQuery(inventoryQuery);
  return (
    <section className="card privacy-section" aria-labelledby="privacy-inventory">
      <h2 id="privacy-inventory">Data inventory</h2>
      <QueryView query={query} what="the data inventory">
        {(data) => {
          const columns = data.tables.flatMap((t) => t.columns);
          const byClass = Object.keys(CLASS_LABEL).map((c) => [c, columns.filter((col) => col.class === c).length] as const);
          return (
            <>
              <p>
                {plural(data.tables.length, 'table')}, {plural(columns.length, 'column')}, every one classified:{' '}
                {byClass.map(([c, n]) => `${CLASS_LABEL[c]} ${n}`).join(' · ')}. Columns marked “never exported” are secrets (hashes, keys).
              </p>
              {data.tables.map((t) => (
                <details key={t.table} className="privacy-table">
                  <summary>
                    <strong>{tableLabel(t.table)}</strong> — {t.purpose}
                  </summary>
                  <ul>
                    {t.columns.map((c) => (
                      <li key={c.name}>
                        <code>{c.name}</code> <span className="privacy-class">{CLASS_LABEL[c.class]}</span>
                        {c.exported ? null : <span className="meta"> · never exported</span>}
                      </li>
                    ))}
                  </ul>
                </details>
              ))}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
