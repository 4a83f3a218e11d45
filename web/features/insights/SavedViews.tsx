import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { Field, FormMessage, QueryView } from '../../lib/ui';
import { staffQuery } from '../people/api';
import { useDeleteView, useSaveView, type InsightView, type SchoolInsights } from './api';
import { rangeLabel } from './format';
import { BREAKDOWNS, filtersOfSearch, gradeLabel, searchOfFilters, type InsightFilters, type InsightSearch } from './search';

/** "Sep 7 – Nov 24, 2026 · Grade 3 · by subject": what a saved view shows. */
export function useDescribeFilters(schoolId: string): (f: Partial<InsightFilters>) => string {
  const staff = useQuery(staffQuery(schoolId, {}));
  return (f) =>
    [
      f.from && f.to ? rangeLabel(f.from, f.to) : f.from ? `From ${f.from}` : f.to ? `Up to ${f.to}` : 'The last 12 weeks',
      f.grade ? gradeLabel(f.grade) : null,
      f.subject ?? null,
      f.observerId ? `visits by ${staff.data?.find((p) => p.id === f.observerId)?.name ?? 'one observer'}` : null,
      `by ${BREAKDOWNS[f.breakdown ?? 'grade'].toLowerCase()}`,
    ]
      .filter(Boolean)
      .join(' · ');
}

/** "Save view": names the filters on screen, with the dates shown pinned so the numbers stay the same for whoever opens it later. */
function SaveViewForm({ schoolId, search, insights }: { schoolId: string; search: InsightSearch; insights?: SchoolInsights }) {
  const save = useSaveView(schoolId);
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [done, setDone] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    if (!insights) return;
    const filters: InsightFilters = { ...filtersOfSearch(search), from: insights.range.from, to: insights.range.to };
    save.mutate(
      { name: name.trim(), filters },
      {
        onSuccess: (view) => {
          setName('');
          setDone(`Saved “${view.name}” (${rangeLabel(insights.range.from, insights.range.to)}).`);
          void navigate({ to: '/schools/$schoolId/insights', params: { schoolId }, search: searchOfFilters(view.filters), replace: true });
        },
      },
    );
  };
  const error = save.error instanceof ApiError ? save.error : undefined;
  const nameError = error?.fieldMessage('name');
  return (
    <form className="save-view" onSubmit={onSubmit} noValidate>
      <Field
        label="Name this view"
        hint="Saved views keep the dates shown, so the numbers stay the same when someone opens the link later."
        value={name}
        maxLength={120}
        required
        onChange={(e) => setName(e.target.value)}
        error={nameError}
      />
      <button type="submit" className="button button-primary" disabled={save.isPending || !insights}>
        {save.isPending ? 'Saving…' : 'Save view'}
      </button>
      <FormMessage error={save.isError && !nameError ? errorMessage(save.error) : undefined} success={done} />
    </form>
  );
}

function ViewItem({ schoolId, view, describe }: { schoolId: string; view: InsightView; describe: (f: InsightFilters) => string }) {
  const remove = useDeleteView(schoolId);
  const [confirm, setConfirm] = useState(false);
  return (
    <li className="view-item">
      <Link to="/schools/$schoolId/insights" params={{ schoolId }} search={searchOfFilters(view.filters)} className="view-name">
        {view.name}
      </Link>
      <p className="meta">
        {describe(view.filters)} · saved by {view.createdBy.name}
      </p>
      <div className="button-row">
        <Link to="/schools/$schoolId/decisions" params={{ schoolId }} search={{ viewId: view.id }} className="button button-secondary button-compact" aria-label={`Record a decision from “${view.name}”`}>
          Record a decision
        </Link>
        {confirm ? (
          <>
            <button type="button" className="button button-danger button-compact" onClick={() => remove.mutate(view.id)} disabled={remove.isPending}>
              Delete “{view.name}”
            </button>
            <button type="button" className="button button-secondary button-compact" onClick={() => setConfirm(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button button-secondary button-compact" onClick={() => setConfirm(true)} aria-label={`Delete “${view.name}”…`}>
            Delete…
          </button>
        )}
      </div>
      <div role="alert" className="form-message">
        {remove.isError ? (
          <p className="notice notice-error">
            {errorMessage(remove.error)}
            {remove.error instanceof ApiError && remove.error.fields[0] ? ` ${remove.error.fields[0].message}.` : ''}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** Save the view on screen, and the school's saved views: each a link to the page with its filters. */
export function SavedViews({ schoolId, search, insights, views }: { schoolId: string; search: InsightSearch; insights?: SchoolInsights; views: UseQueryResult<InsightView[]> }) {
  const describe = useDescribeFilters(schoolId);
  return (
    <section aria-labelledby="views-heading" className="section card">
      <h2 id="views-heading">Saved views</h2>
      <SaveViewForm schoolId={schoolId} search={search} insights={insights} />
      <QueryView query={views} what="saved views">
        {(list) =>
          list.length === 0 ? (
            <p className="meta">No saved views yet. Save one to share it with the leadership team or to record a decision from it.</p>
          ) : (
            <ul className="view-list" aria-label="Saved views">
              {list.map((v) => (
                <ViewItem key={v.id} schoolId={schoolId} view={v} describe={describe} />
              ))}
            </ul>
          )
        }
      </QueryView>
    </section>
  );
}
