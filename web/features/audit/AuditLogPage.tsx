import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useId } from 'react';
import { isDistrictAdmin, useMe } from '../../lib/session';
import { ErrorBox, EmptyState, Loading, PageTitle, plural } from '../../lib/ui';
import { formatMoment, localZone } from '../conversations/api';
import { NotForRole } from '../visits/RoleGate';
import { ACTION_GROUPS, ACTION_LABEL, auditQuery, type AuditFilters } from './api';
import { PersonSearch } from './PersonSearch';
import './audit.css';

/** `/admin/audit`: the district's append-only audit log, for questions like "who looked at this student's results?". */
export function AuditLogPage() {
  const me = useMe();
  if (!isDistrictAdmin(me)) return <NotForRole title="Audit log" who="The audit log is for district administrators." />;
  return <AuditLog />;
}

function AuditLog() {
  const filters = useSearch({ from: '/_app/admin/audit' });
  const navigate = useNavigate({ from: '/admin/audit' });
  const setFilters = (next: AuditFilters) => void navigate({ search: next });
  return (
    <>
      <PageTitle title="Audit log" lead="Every sign-in, every read of student results and every change Rounds records. Nothing here can be edited or deleted.">
        Audit log
      </PageTitle>
      <Filters filters={filters} onChange={setFilters} />
      <Entries filters={filters} />
    </>
  );
}

function Filters({ filters, onChange }: { filters: AuditFilters & { subjectName?: string }; onChange: (f: AuditFilters) => void }) {
  const actionId = useId();
  const fromId = useId();
  const toId = useId();
  return (
    <section aria-label="Filters" className="card audit-filters">
      <PersonPicker filters={filters} onChange={onChange} />
      <div className="audit-filter-row">
        <div className="field">
          <label htmlFor={actionId}>Action</label>
          <select id={actionId} value={filters.action ?? ''} onChange={(e) => onChange({ ...filters, action: e.target.value || undefined })}>
            {ACTION_GROUPS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fromId}>From</label>
          <input id={fromId} type="date" value={filters.from ?? ''} onChange={(e) => onChange({ ...filters, from: e.target.value || undefined })} />
        </div>
        <div className="field">
          <label htmlFor={toId}>To</label>
          <input id={toId} type="date" value={filters.to ?? ''} onChange={(e) => onChange({ ...filters, to: e.target.value || undefined })} />
        </div>
      </div>
    </section>
  );
}

/** Find a student (whose results were read) or a staff member (what they did). */
function PersonPicker({ filters, onChange }: { filters: AuditFilters & { subjectName?: string }; onChange: (f: AuditFilters & { subjectName?: string }) => void }) {
  if (filters.studentId ?? filters.actorId) {
    return (
      <p className="audit-chosen">
        {filters.studentId ? 'Who looked at the results of ' : 'What was done by '}
        <strong>{filters.subjectName ?? 'the chosen person'}</strong>{' '}
        <button type="button" className="button button-secondary" onClick={() => onChange({ ...filters, studentId: undefined, actorId: undefined, subjectName: undefined })}>
          Show everyone
        </button>
      </p>
    );
  }
  return (
    <PersonSearch
      label="Student or staff member"
      hint="A name, email or roster id. A student shows who looked at their results; a staff member shows what they did."
      onChoose={(p) => onChange({ ...filters, studentId: p.kind === 'student' ? p.id : undefined, actorId: p.kind === 'staff' ? p.id : undefined, subjectName: p.name })}
    />
  );
}

function Entries({ filters }: { filters: AuditFilters }) {
  const { studentId, actorId, action, from, to } = filters;
  const query = useInfiniteQuery(auditQuery({ studentId, actorId, action, from, to }));
  const zone = localZone();
  if (query.isPending) return <Loading what="the audit log" />;
  if (query.isError) return <ErrorBox error={query.error} onRetry={() => void query.refetch()} />;
  const entries = query.data.pages.flatMap((p) => p.entries);
  if (entries.length === 0) {
    return (
      <EmptyState title="Nothing recorded">
        <p>{studentId ? "Nobody has opened this student's results." : 'No entries match these filters.'}</p>
      </EmptyState>
    );
  }
  return (
    <>
      <p role="status" className="result-count">
        {plural(entries.length, 'entry', 'entries')} shown{query.hasNextPage ? ', newest first' : ''}
      </p>
      <div className="table-wrap">
        <table className="audit-table">
          <caption className="visually-hidden">Audit log entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">About</th>
              <th scope="col">School</th>
              <th scope="col">Address</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{formatMoment(e.at, zone)}</time>
                </td>
                <td>{e.actor?.name ?? (typeof e.details.email === 'string' ? e.details.email : '—')}</td>
                <td>{ACTION_LABEL[e.action] ?? e.action}</td>
                <td>{e.subject ?? '—'}</td>
                <td>{e.school?.name ?? '—'}</td>
                <td className="audit-ip">{e.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {query.hasNextPage ? (
        <button type="button" className="button button-secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? 'Loading older entries…' : 'Show older entries'}
        </button>
      ) : null}
    </>
  );
}
