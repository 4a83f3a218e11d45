import { ApiError, errorMessage } from '../../lib/api';
import { plural } from '../../lib/ui';
import { countEntries, countLabel, label, problemsOf, warningLines, type RosterImportResult } from './api';
import { ProblemsTable } from '../../lib/ProblemsTable';

/** What an applied import did: counts per kind of record, files read, warnings. */
export function ImportSummary({ result }: { result: RosterImportResult }) {
  const entries = countEntries(result);
  const warnings = warningLines(result);
  const files = Array.isArray(result.files) ? result.files : [];
  return (
    <section aria-labelledby="summary-heading" className="card result-card result-ok">
      <h2 id="summary-heading">Import applied</h2>
      {files.length ? <p className="meta">Files read: {files.join(', ')}</p> : null}
      {entries.length ? (
        <ul className="count-list">
          {entries.map(({ name, numbers }) => (
            <li key={name}>
              <h3 className="count-name">{label(name)}</h3>
              <dl className="count-numbers">
                {numbers.map(([key, value]) => (
                  <div key={key} className={value > 0 && key !== 'unchanged' && key !== 'inBundle' ? 'count-changed' : undefined}>
                    <dt>{countLabel(key)}</dt>
                    <dd>{value.toLocaleString()}</dd>
                  </div>
                ))}
              </dl>
            </li>
          ))}
        </ul>
      ) : (
        <p>The import finished without reporting any counts.</p>
      )}
      <h3>Warnings</h3>
      {warnings.length ? (
        <>
          <p className="meta">These were accepted, but you may want to tidy them in your student information system.</p>
          <ul className="warning-list">
            {warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="meta">None: the files were clean.</p>
      )}
    </section>
  );
}

/** Why an import was rejected: one table row per problem (file, line, column, message). */
export function ImportErrors({ error }: { error: unknown }) {
  if (!(error instanceof ApiError)) {
    return (
      <div className="card result-card result-error">
        <h2>The upload failed</h2>
        <p>{errorMessage(error)}</p>
      </div>
    );
  }
  const problems = problemsOf(error);
  const total = typeof error.details.problemCount === 'number' ? error.details.problemCount : problems.length;
  const warnings = warningLines(error.details);
  return (
    <section aria-labelledby="errors-heading" className="card result-card result-error">
      <h2 id="errors-heading">{problems.length ? 'The import was rejected' : 'The upload failed'}</h2>
      <p>{error.message}</p>
      {problems.length ? (
        <>
          {total > problems.length ? (
            <p className="meta">
              {plural(total, 'problem')} in all; the first {problems.length} are listed. Fix them, upload again, and the rest will be
              listed.
            </p>
          ) : null}
          <ProblemsTable problems={problems} caption={`Problems found (${total.toLocaleString()})`} captionId="problems-caption" />
        </>
      ) : null}
      {warnings.length ? (
        <>
          <h3>Warnings</h3>
          <ul className="warning-list">
            {warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
