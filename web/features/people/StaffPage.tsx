import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useId, useState } from 'react';
import type { Role } from '../../../schemas/common';
import { leadsSchool, ROLE_LABEL, roleList, useMe } from '../../lib/session';
import { EmptyState, ErrorBox, Field, Loading, PageTitle, plural } from '../../lib/ui';
import { staffQuery, type StaffMember } from './api';

const route = getRouteApi('/_app/schools/$schoolId/staff');
const ROLES = Object.keys(ROLE_LABEL) as Role[];

/** The school's staff directory: search as you type, filter by role; teachers link to their week. */
export function StaffPage() {
  const { schoolId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe();
  const school = me.schools.find((s) => s.id === schoolId);
  const roleId = useId();

  const [text, setText] = useState(search.q ?? '');
  // Back/forward or "clear the filters" change the URL: the box follows it.
  useEffect(() => setText((t) => (t.trim() === (search.q ?? '') ? t : (search.q ?? ''))), [search.q]);
  useEffect(() => {
    const q = text.trim() || undefined;
    if (q === search.q) return;
    const timer = setTimeout(() => void navigate({ search: (prev) => ({ ...prev, q }), replace: true }), 250);
    return () => clearTimeout(timer);
  }, [text, search.q, navigate]);

  const query = useQuery(staffQuery(schoolId, { role: search.role, q: search.q }));
  const canSeeSchedule = (person: StaffMember) =>
    person.roles.includes('teacher') && ((school && leadsSchool(school)) || person.id === me.user.id);

  return (
    <>
      <PageTitle title="Staff" lead={school?.name}>
        Staff
      </PageTitle>
      <form role="search" className="filters" onSubmit={(e) => e.preventDefault()}>
        <Field
          label="Search by name or email"
          type="search"
          name="q"
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="filter-grow"
        />
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select
            id={roleId}
            value={search.role ?? ''}
            onChange={(e) => {
              const role = (e.target.value || undefined) as Role | undefined;
              void navigate({ search: (prev) => ({ ...prev, role }), replace: true });
            }}
          >
            <option value="">All roles</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p role="status" className="result-count">
        {query.data && !query.isPending ? plural(query.data.length, 'person', 'people') : ''}
        {query.isFetching && !query.isPending ? ' · updating…' : ''}
      </p>
      {query.isPending ? (
        <Loading what="staff" />
      ) : query.isError ? (
        <ErrorBox error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        search.q || search.role ? (
          <EmptyState title="Nobody matches">
            <p>
              No one {search.role ? `with the role ${ROLE_LABEL[search.role]} ` : ''}
              {search.q ? `matches “${search.q}”` : 'is listed'}. Check the spelling or{' '}
              <Link
                to="/schools/$schoolId/staff"
                params={{ schoolId }}
                search={{}}
              >
                clear the filters
              </Link>
              .
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No staff yet">
            <p>Staff arrive with the district’s OneRoster import. Ask your district administrator to import this school’s roster.</p>
          </EmptyState>
        )
      ) : (
        <ul className="person-list" aria-busy={query.isFetching}>
          {query.data.map((person) => (
            <li key={person.id} className="person">
              <span className="person-name">
                {canSeeSchedule(person) ? (
                  <Link to="/schools/$schoolId/teachers/$teacherId" params={{ schoolId, teacherId: person.id }}>
                    {person.name}
                  </Link>
                ) : (
                  person.name
                )}
              </span>
              <span className="person-roles">{roleList(person.roles)}</span>
              {person.email ? (
                <a className="person-email" href={`mailto:${person.email}`}>
                  {person.email}
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
