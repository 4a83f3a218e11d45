import { useId, useState } from 'react';
import { MAP_CSV_COLUMNS } from '../../../schemas/curriculum';
import { ApiError, errorMessage } from '../../lib/api';
import { ProblemsTable } from '../../lib/ProblemsTable';
import { FormMessage, plural } from '../../lib/ui';
import { splitProblemPath } from '../assessments/api';
import { useImportMap } from './api';

/** Replaces the map from a CSV file; a refused file lists its problems by line and column, and nothing changes. */
export function MapImportForm({ schoolId, mapId }: { schoolId: string; mapId: string }) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState('');
  const importer = useImportMap(schoolId, mapId);
  const problems = importer.error instanceof ApiError ? importer.error.fields : [];
  return (
    <section aria-labelledby={`${id}-title`} className="card import-form">
      <h3 id={`${id}-title`}>Replace the map from a CSV file</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setDone('');
          if (!file) return;
          importer.mutate(
            { file },
            { onSuccess: (r) => setDone(`Imported ${file.name}: ${plural(r.units, 'unit')}, ${plural(r.standards, 'standard')}, ${plural(r.targets, 'target')}, ${plural(r.assessments, 'assessment')}.`) },
          );
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-file`}>Map CSV file</label>
          <p className="hint" id={`${id}-hint`}>
            Columns: {MAP_CSV_COLUMNS.join(', ')} — one line per unit, target, standard and assessment, as in the download. The file replaces the whole
            map; nothing changes unless every line is valid.
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
          <ProblemsTable problems={problems.map((p) => ({ ...splitProblemPath(p.path), message: p.message }))} caption={`Problems in the file (${problems.length})`} captionId={`${id}-problems`} />
        ) : null}
        <button type="submit" className="button button-secondary" disabled={!file || importer.isPending}>
          {importer.isPending ? 'Importing…' : 'Import file'}
        </button>
      </form>
    </section>
  );
}
