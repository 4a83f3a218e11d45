import { MAP_CSV_COLUMNS } from '../../../schemas/curriculum';
import { CsvImportForm } from '../../lib/CsvImportForm';
import { plural } from '../../lib/ui';
import { useImportMap } from './api';

/** Replaces the map from a CSV file; a refused file lists its problems by line and column, and nothing changes. */
export function MapImportForm({ schoolId, mapId }: { schoolId: string; mapId: string }) {
  return (
    <CsvImportForm
      title="Replace the map from a CSV file"
      heading="h3"
      label="Map CSV file"
      hint={`Columns: ${MAP_CSV_COLUMNS.join(', ')} — one line per unit, target, standard and assessment, as in the download. The file replaces the whole map; nothing changes unless every line is valid.`}
      importer={useImportMap(schoolId, mapId)}
      describe={(r, file) => `Imported ${file.name}: ${plural(r.units, 'unit')}, ${plural(r.standards, 'standard')}, ${plural(r.targets, 'target')}, ${plural(r.assessments, 'assessment')}.`}
    />
  );
}
