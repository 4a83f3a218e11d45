import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { MySchool } from '../../lib/session';
import { EmptyState, ErrorBox, Loading, PageTitle, plural } from '../../lib/ui';
import { visitsAt } from '../visits/roles';
import { SchoolGate } from '../visits/RoleGate';
import { schoolInsightsQuery, viewsQuery } from './api';
import { BreakdownChart } from './BreakdownChart';
import { Changes } from './Changes';
import { Equity } from './Equity';
import { rangeLabel } from './format';
import { InsightFilterForm } from './InsightFilterForm';
import { SavedViews } from './SavedViews';
import { searchOfFilters, sameFilters, type InsightSearch } from './search';
import { ShareBar } from './ShareBar';
import { WeeklyChart } from './WeeklyChart';
import './insights.css';

const route = getRouteApi('/_app/schools/$schoolId/insights');

/** `/schools/{id}/insights`: look-for patterns of the school's visits, with filters in the URL, saved views and exports. */
export function InsightsPage() {
  const { schoolId } = route.useParams();
  return (
    <SchoolGate
      schoolId={schoolId}
      title="Insights"
      allow={visitsAt}
      who="School insights are for principals, assistant principals and instructional coaches. District leaders see counts and shares per school on the district insights page."
    >
      {(school) => <SchoolInsightsView school={school} />}
    </SchoolGate>
  );
}

function SchoolInsightsView({ school }: { school: MySchool }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const query = useQuery(schoolInsightsQuery(school.id, search));
  const views = useQuery(viewsQuery(school.id));
  const savedView = views.data?.find((v) => sameFilters(searchOfFilters(v.filters), search));
  const insights = query.data;
  const setSearch = (next: InsightSearch) => void navigate({ search: next, replace: true });
  const filtered = Boolean(search.grade || search.subject || search.observerId);

  return (
    <>
      <PageTitle title="Insights" lead={school.name}>
        Insights
      </PageTitle>
      <p className="hint">
        Patterns across many visits: which look-fors are seen, where and when. Counts describe the school, never a rating of anyone.
      </p>
      <InsightFilterForm schoolId={school.id} search={search} insights={insights} onChange={setSearch} />
      <ShareBar schoolId={school.id} search={search} savedView={savedView} />
      <div aria-live="polite" className="insight-status">
        {insights ? (
          <p className="range-line">
            <strong>{rangeLabel(insights.range.from, insights.range.to)}</strong>
            {!search.from && !search.to ? ' (the last 12 weeks)' : ''} · {plural(insights.totalVisits, 'visit')}
            {filtered ? ' matching the filters' : ''}
            {query.isFetching ? ' · updating…' : ''}
          </p>
        ) : null}
      </div>
      {query.isPending ? (
        <Loading what="insights" />
      ) : query.isError ? (
        <ErrorBox error={query.error} onRetry={() => void query.refetch()} />
      ) : insights && insights.totalVisits === 0 ? (
        <EmptyState title="No visits in this range">
          <p>
            Nothing was recorded {filtered ? 'with these filters ' : ''}between these dates. Try a wider date range
            {filtered ? ' or fewer filters' : ''}, or <Link to="/schools/$schoolId/planner" params={{ schoolId: school.id }}>plan today’s visits</Link>.
          </p>
          {filtered || search.from || search.to ? (
            <p>
              <Link to="/schools/$schoolId/insights" params={{ schoolId: school.id }} search={{}}>
                Show the last 12 weeks, all visits
              </Link>
            </p>
          ) : null}
        </EmptyState>
      ) : insights ? (
        <div className={query.isPlaceholderData ? 'is-updating' : undefined} aria-busy={query.isPlaceholderData || undefined}>
          {insights.tags.length === 0 ? (
            <EmptyState title="No look-fors yet">
              <p>Visits are counted once the school has look-fors to tag them with: set them up in the school settings.</p>
            </EmptyState>
          ) : (
            <>
              <WeeklyChart insights={insights} />
              <BreakdownChart insights={insights} />
              <Changes insights={insights} />
            </>
          )}
          <Equity insights={insights} />
        </div>
      ) : null}
      <SavedViews schoolId={school.id} search={search} insights={insights} views={views} />
    </>
  );
}
