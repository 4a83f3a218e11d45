import { useEffect, useRef } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { plural } from '../../lib/ui';
import { countEntries, countLabel, label, problemsOf, warningLines, type RosterDeactivations, type RosterImportResult } from './api';
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

/**
 * An import the server stopped because it would make many people, or a whole school, inactive: what it would do,
 * per school with some names, and the choice to apply it anyway or not. Nothing has changed yet.
 */
export function ConfirmDeactivations({
  report,
  warnings,
  pending,
  onConfirm,
  onCancel,
}: {
  report: RosterDeactivations;
  warnings: unknown;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const lines = warningLines(warnings);
  return (
    <section aria-labelledby="confirm-heading" className="card result-card result-confirm">
      <h2 id="confirm-heading" ref={heading} tabIndex={-1}>
        Confirm before people are made inactive
      </h2>
      <p>
        This import would make <strong>{plural(report.deactivatedPeople, 'person', 'people')}</strong> inactive, of the{' '}
        {report.activePeople.toLocaleString()} active people your roster imports brought in; they would be signed out and could no longer sign in.{' '}
        <strong>Nothing has been changed yet.</strong>
      </p>
      <ul>
        {report.reasons.map((reason, i) => (
          <li key={i}>{reason}</li>
        ))}
      </ul>
      {report.schools.length ? (
        <div className="table-wrap scroll-table" role="region" aria-labelledby="confirm-caption" tabIndex={0}>
          <table className="table">
            <caption id="confirm-caption">By school</caption>
            <thead>
              <tr>
                <th scope="col">School</th>
                <th scope="col">Active now</th>
                <th scope="col">Would become inactive</th>
                <th scope="col">For example</th>
              </tr>
            </thead>
            <tbody>
              {report.schools.map((s) => (
                <tr key={s.id ?? 'none'}>
                  <th scope="row">
                    {s.name}
                    {s.schoolInactivated ? <span className="meta"> (the school itself)</span> : s.wholeSchool ? <span className="meta"> (everyone)</span> : null}
                  </th>
                  <td className="num">{s.activePeople.toLocaleString()}</td>
                  <td className="num">{s.deactivatedPeople.toLocaleString()}</td>
                  <td>{s.sample.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {report.sample.length ? (
        <p className="meta">
          Among them: {report.sample.join(', ')}
          {report.deactivatedPeople > report.sample.length ? ' …' : ''}
        </p>
      ) : null}
      <p>If your student information system really dropped them (a new school year, a school closing), apply the import. If not, check the export and upload it again.</p>
      <div className="button-row confirm-actions">
        <button type="button" className="button button-danger" onClick={onConfirm} disabled={pending}>
          {pending ? 'Applying…' : 'Apply anyway'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      </div>
      {lines.length ? (
        <>
          <h3>Warnings</h3>
          <ul className="warning-list">
            {lines.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
