import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useMe, type MySchool } from '../../lib/session';
import { EmptyState, ErrorBox, Loading, PageTitle, plural } from '../../lib/ui';
import { visitsQuery, type VisitFilter } from './api';
import { visitsAt } from './roles';
import { SchoolGate } from './RoleGate';
import { VisitCard } from './VisitCard';
import { VisitFilters } from './VisitFilters';

const route = getRouteApi('/_app/schools/$schoolId/visits');

/** `/schools/{id}/visits`: the school's visits, newest first, with filters and "Load more". */
export function VisitsPage() {
  const { schoolId } = route.useParams();
  return (
    <SchoolGate
      schoolId={schoolId}
      title="Visits"
      allow={visitsAt}
      who="The school’s visit list is for principals, assistant principals and instructional coaches. Teachers see the evidence recorded about their own classrooms."
    >
      {(school) => <Visits school={school} />}
    </SchoolGate>
  );
}

function Visits({ school }: { school: MySchool }) {
  const me = useMe();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const filter: VisitFilter = { teacherId: search.teacher, observerId: search.observer, from: search.from, to: search.to };
  const filtered = Object.values(filter).some(Boolean);
  const query = useInfiniteQuery(visitsQuery(school.id, filter));
  const visits = query.data?.pages.flatMap((p) => p.items) ?? [];
  // After "Load more", focus moves to the first visit that arrived, so keyboard users read on from there.
  const list = useRef<HTMLDivElement>(null);
  const [focusAt, setFocusAt] = useState<number>();
  useEffect(() => {
    if (focusAt === undefined || visits.length <= focusAt) return;
    (list.current?.children[focusAt] as HTMLElement | undefined)?.focus();
    setFocusAt(undefined);
  }, [focusAt, visits.length]);

  const onChange = (next: VisitFilter) =>
    void navigate({ search: { teacher: next.teacherId, observer: next.observerId, from: next.from, to: next.to }, replace: true });

  return (
    <>
      <PageTitle title="Visits" lead={school.name}>
        Visits
      </PageTitle>
      <VisitFilters schoolId={school.id} filter={filter} onChange={onChange} />
      <p role="status" className="result-count">
        {query.isSuccess ? `${plural(visits.length, 'visit')}${query.hasNextPage ? ' shown, newest first' : ''}` : ''}
        {query.isFetching && !query.isPending && !query.isFetchingNextPage ? ' · updating…' : ''}
      </p>
      {query.isPending ? (
        <Loading what="visits" />
      ) : query.isError && visits.length === 0 ? (
        <ErrorBox error={query.error} onRetry={() => void query.refetch()} />
      ) : visits.length === 0 ? (
        filtered ? (
          <EmptyState title="No visits match">
            <p>
              Try a wider date range or{' '}
              <Link to="/schools/$schoolId/visits" params={{ schoolId: school.id }} search={{}}>
                clear the filters
              </Link>
              .
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No visits yet">
            <p>
              Visits appear here as soon as anyone records one.{' '}
              <Link to="/schools/$schoolId/planner" params={{ schoolId: school.id }}>
                See who to visit next
              </Link>
              .
            </p>
          </EmptyState>
        )
      ) : (
        <>
          <div className="visit-list" aria-busy={query.isFetching} ref={list}>
            {visits.map((v) => (
              <VisitCard key={v.id} visit={v} timeZone={school.timezone} isAuthor={v.observer.id === me.user.id} />
            ))}
          </div>
          {query.isFetchNextPageError ? <ErrorBox error={query.error} title="More visits could not be loaded" /> : null}
          {query.hasNextPage ? (
            <p>
              <button
                type="button"
                className="button button-secondary button-block"
                onClick={() => {
                  setFocusAt(visits.length);
                  void query.fetchNextPage();
                }}
                disabled={query.isFetchingNextPage}
              >
                {query.isFetchingNextPage ? 'Loading more…' : query.isFetchNextPageError ? 'Try loading more again' : 'Load more'}
              </button>
            </p>
          ) : (
            <p className="meta">That is every visit{filtered ? ' that matches' : ''}.</p>
          )}
        </>
      )}
    </>
  );
}
