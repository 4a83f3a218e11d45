import { CsvImportForm } from '../../lib/CsvImportForm';
import { plural } from '../../lib/ui';
import { useImportResults } from './api';

/** Imports scores from a CSV file (student sourcedId or id, score); a rejected file lists its problems by line and column. */
export function ImportForm({ schoolId, assessmentId, onImported }: { schoolId: string; assessmentId: string; onImported: () => void }) {
  return (
    <CsvImportForm
      title="Import from a CSV file"
      label="CSV file"
      hint="A header line, then one line per student: the student’s sourcedId (or id) and the score. Nothing is saved unless every line is valid."
      importer={useImportResults(schoolId, assessmentId)}
      describe={(r, file) => `Imported ${file.name}: ${plural(r.recorded, 'score')} recorded${r.removed ? `, ${plural(r.removed, 'score')} removed` : ''}.`}
      onImported={onImported}
    />
  );
}
