import { stringify } from 'csv-stringify/sync';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkers } from '../../workers/run';
import { exportBytes, type DataExport } from './export';

afterAll(() => closeWorkers());

const cell = (value: unknown) => (value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : Buffer.isBuffer(value) ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** An export with what PostgreSQL rows hold: dates, nulls, JSON, arrays, bytes, text that needs quoting; 5,000+ rows (several chunks). */
function sample(): DataExport {
  const visits = Array.from({ length: 5003 }, (_, i) => ({
    id: `v-${i}`,
    started_at: new Date(Date.UTC(2026, 8, 1, 8, i % 60)),
    evidence: i % 7 === 0 ? 'Quotes "here", a comma,\nand a new line' : `Evidence ${i} — ünïcode ✓`,
    score: i % 3 === 0 ? null : i / 4,
    tags: ['a', `b${i}`],
    details: { nested: { n: i, ok: i % 2 === 0 } },
  }));
  return {
    exportedAt: '2026-12-07T18:00:00.000Z',
    about: { kind: 'school', id: 's-1', name: 'North "Elementary"' },
    tables: {
      visits,
      visit_photos: [{ id: 'p-1', bytes: Buffer.from([1, 2, 3]), content_type: 'image/jpeg' }],
      people: [{ id: 'x', given_name: 'Ada', family_name: 'Admin', email: null }],
    },
  };
}

describe('export rendering in a worker thread', () => {
  it('gives exactly the JSON of the export, every chunk of rows in order', async () => {
    const data = sample();
    const bytes = await exportBytes(data, 'json');
    expect(bytes.toString('utf8')).toBe(JSON.stringify(data));
    const empty: DataExport = { ...data, tables: {} };
    expect((await exportBytes(empty, 'json')).toString('utf8')).toBe(JSON.stringify(empty));
  });

  it('zips the indented JSON and one CSV per table, the same as before it moved to a worker', async () => {
    const data = sample();
    const files = unzipSync(new Uint8Array(await exportBytes(data, 'zip')));
    expect(Object.keys(files).sort()).toEqual(['export.json', 'people.csv', 'visit_photos.csv', 'visits.csv']);
    expect(strFromU8(files['export.json']!)).toBe(JSON.stringify(data, null, 2));
    for (const [table, rows] of Object.entries(data.tables)) {
      const columns = Object.keys(rows[0] ?? {});
      expect(strFromU8(files[`${table}.csv`]!), table).toBe(stringify([columns, ...rows.map((r) => columns.map((c) => cell(r[c])))]));
    }
  });
});
