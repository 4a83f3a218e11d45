import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { FormMessage, plural } from '../../lib/ui';
import { splitProblemPath, useImportResults } from './api';
import { ProblemsTable } from '../../lib/ProblemsTable';

/** Imports scores from a CSV file (student sourcedId or id, score); a rejected file lists its problems by line and column. */
export function ImportForm({ schoolId, assessmentId, onImported }: { schoolId: string; assessmentId: string; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState('');
  const importer = useImportResults(schoolId, assessmentId);
  const id = useId();
  const problems = importer.error instanceof ApiError ? importer.error.fields : [];

  return (
    <section aria-labelledby={`${id}-title`} className="card import-form">
      <h2 id={`${id}-title`}>Import from a CSV file</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setDone('');
          if (!file) return;
          importer.mutate(
            { file },
            {
              onSuccess: (r) => {
                setDone(`Imported ${file.name}: ${plural(r.recorded, 'score')} recorded${r.removed ? `, ${plural(r.removed, 'score')} removed` : ''}.`);
                onImported();
              },
            },
          );
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-file`}>CSV file</label>
          <p className="hint" id={`${id}-hint`}>
            A header line, then one line per student: the student’s sourcedId (or id) and the score. Nothing is saved unless every line is
            valid.
          </p>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${id}-hint`}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              importer.reset();
              setDone('');
            }}
          />
        </div>
        <FormMessage error={importer.isError ? errorMessage(importer.error) : undefined} success={done || undefined} />
        {problems.length > 0 ? (
          <ProblemsTable
            problems={problems.map((p) => ({ ...splitProblemPath(p.path), message: p.message }))}
            caption={`Problems in the file (${problems.length})`}
            captionId={`${id}-problems`}
          />
        ) : null}
        <button type="submit" className="button button-secondary" disabled={!file || importer.isPending}>
          {importer.isPending ? 'Importing…' : 'Import file'}
        </button>
      </form>
    </section>
  );
}
