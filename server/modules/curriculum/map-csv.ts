import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { MapDetail } from '../../../schemas/curriculum';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, type FieldError } from '../../http/errors';
import { runInWorker, taskModule } from '../../workers/run';
import { writeAudit } from '../audit/audit';
import { checkContent, editableMap, type ContentPaths } from './curriculum.service';
import { writeContent, type MapContent } from './curriculum.repo';
import { MAX_MAP_LINES, mapCsvPaths, readMapCsv } from './map-csv-format';

export { MAX_MAP_LINES, mapCsv, readDate } from './map-csv-format';

const reject = (fields: FieldError[]) =>
  new AppError('validation_failed', 'The file was not imported: fix the cells listed and send it again. Nothing was changed.', fields.slice(0, 200), { problemCount: fields.length });

/** The map as CSV (`mapCsv`), written in a worker thread: the largest map took the event loop for ~60-110 ms. */
export async function renderMapCsv(map: MapDetail): Promise<string> {
  return runInWorker<string>(taskModule(import.meta.url, './map-csv-format'), 'mapCsv', map, { timeoutMs: 60_000 });
}

/** `readMapCsv` in this thread, with the paths of the cells validation may still refuse. */
export function parseMapCsv(text: string, file: string, maxLines = MAX_MAP_LINES): { content: MapContent; paths: ContentPaths; fields: FieldError[] } {
  const { content, fields, layout } = readMapCsv({ text, file, maxLines });
  return { content, fields, paths: mapCsvPaths(layout, file) };
}

/**
 * Replaces a map's content with a CSV file: all or nothing, every problem reported as file:line:column. The file is
 * read in a worker thread (`readMapCsv`), so a large one does not hold up other requests.
 */
export async function importMap(db: Db, user: SessionUser, school: RequestSchool, mapId: string, text: string, file: string, ip: string) {
  await editableMap(db, user, school, mapId); // 404 / 403 before anything is read from the file
  const read = await runInWorker<ReturnType<typeof readMapCsv>>(taskModule(import.meta.url, './map-csv-format'), 'readMapCsv', { text, file, maxLines: MAX_MAP_LINES }, { timeoutMs: 60_000 });
  const { content, fields } = read;
  const paths = mapCsvPaths(read.layout, file);
  if (fields.length === 0) fields.push(...(await checkContent(db, school.id, content, paths)));
  if (fields.length > 0) {
    const byLine = fields.map((f) => ({ f, line: Number(f.path.slice(file.length + 1).split(':')[0]) }));
    throw reject(byLine.sort((a, b) => a.line - b.line).map((x) => x.f));
  }
  const version = await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('curriculum_maps')
      .set({ version: sql`version + 1`, updated_by: user.id, updated_at: new Date() })
      .where('id', '=', mapId)
      .where('school_id', '=', school.id)
      .returning('version')
      .executeTakeFirstOrThrow();
    await writeContent(trx, mapId, content);
    await writeAudit(trx, { action: 'curriculum.map_imported', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'curriculum_map', entityId: mapId, details: { file, units: content.units.length, standards: content.standards.length, targets: content.targets.length }, ip });
    return row.version;
  });
  return {
    units: content.units.length,
    standards: content.standards.length,
    targets: content.targets.length,
    assessments: content.targets.reduce((n, t) => n + t.assessments.length, 0),
    version,
  };
}
