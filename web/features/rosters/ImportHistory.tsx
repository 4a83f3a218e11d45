import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../lib/api';
import { EmptyState, ErrorBox, Loading, plural } from '../../lib/ui';
import { countEntries, countLabel, importsQuery, type RosterImportRecord } from './api';

const when = (iso: unknown) => {
  const date = typeof iso === 'string' ? new Date(iso) : undefined;
  return date && !Number.isNaN(date.getTime())
    ? date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : 'Unknown time';
};

/** "12 created, 3 updated" over every kind of record; zeros left out. */
function changeLine(record: RosterImportRecord): string {
  const totals = new Map<string, number>();
  for (const { numbers } of countEntries(record)) {
    for (const [key, value] of numbers) {
      if (key === 'inBundle' || key === 'unchanged') continue;
      totals.set(key, (totals.get(key) ?? 0) + value);
    }
  }
  const parts = [...totals].filter(([, n]) => n > 0).map(([key, n]) => `${n.toLocaleString()} ${countLabel(key)}`);
  return parts.length ? parts.join(', ') : 'no changes';
}

/** The district's past roster imports, newest first. */
export function ImportHistory() {
  const query = useQuery(importsQuery);
  return (
    <section aria-labelledby="history-heading" className="section">
      <h2 id="history-heading">Past imports</h2>
      {query.isPending ? (
        <Loading what="past imports" />
      ) : query.isError ? (
        query.error instanceof ApiError && query.error.status === 404 ? (
          <p className="meta">The import history is not available on this server yet.</p>
        ) : (
          <ErrorBox error={query.error} onRetry={() => void query.refetch()} />
        )
      ) : !Array.isArray(query.data) || query.data.length === 0 ? (
        <EmptyState title="No imports yet">
          <p>Your first upload will be listed here, with what it changed or why it was rejected.</p>
        </EmptyState>
      ) : (
        <ol className="history-list">
          {query.data.map((record, i) => {
            const applied = record.status === 'applied';
            const files = Array.isArray(record.files) ? record.files : [];
            return (
              <li key={record.id ?? i} className="card history-item">
                <p className="history-head">
                  <span className={applied ? 'status status-ok' : 'status status-error'}>{applied ? 'Applied' : 'Rejected'}</span>
                  <span>{when(record.createdAt)}</span>
                </p>
                <p className="meta">
                  {[record.actor?.name ? `by ${record.actor.name}` : 'from the command line', record.version ? `OneRoster ${record.version}` : null]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
                {files.length ? <p className="meta">Files: {files.join(', ')}</p> : null}
                <p>
                  {applied
                    ? `${changeLine(record)}${record.warningCount ? ` · ${plural(record.warningCount, 'warning')}` : ''}`
                    : `${plural(record.problemCount ?? 0, 'problem')}; nothing was changed`}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
