/**
 * Renders a data export (JSON, or a zip of export.json and one CSV per table) in a worker thread: a school's export
 * is tens of MB, and serialising and compressing it took the event loop for seconds (docs/PERFORMANCE.md).
 * The rows arrive from the caller a chunk at a time (`context.request`), so no single copy stalls either thread.
 * The output is built piece by piece, never as one string, so it is bounded by memory, not by V8's string length.
 */
import { stringify } from 'csv-stringify/sync';
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { withTransfer, type TaskContext } from '../../workers/run';

type Row = Record<string, unknown>;

/** What the caller sends: everything but the rows, and how many rows each table has. */
export interface ExportRenderInput {
  format: 'json' | 'zip';
  exportedAt: string;
  about: { kind: 'person' | 'school'; id: string; name: string };
  tables: { name: string; rows: number }[];
  /** Rows per `context.request`. */
  chunk: number;
}

/** A request for rows `from` .. `from + chunk` of a table. */
export interface RowsRequest {
  table: string;
  from: number;
}

/** Buffers are cloned into the worker as plain Uint8Arrays: give them their Buffer class back (JSON and CSV differ). */
function revive(rows: Row[]): Row[] {
  for (const row of rows) {
    for (const key in row) {
      const value = row[key];
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) row[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  }
  return rows;
}

const cell = (value: unknown) => (value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : Buffer.isBuffer(value) ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/**
 * The JSON text of the export, as pieces: byte for byte `JSON.stringify(data)` (indent 0) or
 * `JSON.stringify(data, null, 2)` (indent 2).
 */
async function* jsonPieces(input: ExportRenderInput, rowsOf: (table: string) => AsyncGenerator<Row[]>, indent: 0 | 2): AsyncGenerator<string> {
  const nl = (depth: number) => (indent ? `\n${' '.repeat(indent * depth)}` : '');
  const colon = indent ? ': ' : ':';
  const value = (v: unknown, depth: number) => {
    const text = JSON.stringify(v, null, indent || undefined);
    return indent ? text.replace(/\n/g, nl(depth)) : text;
  };
  yield `{${nl(1)}"exportedAt"${colon}${JSON.stringify(input.exportedAt)},${nl(1)}"about"${colon}${value(input.about, 1)},${nl(1)}"tables"${colon}`;
  if (input.tables.length === 0) {
    yield `{}${nl(0)}}`;
    return;
  }
  yield '{';
  let firstTable = true;
  for (const table of input.tables) {
    yield `${firstTable ? '' : ','}${nl(2)}${JSON.stringify(table.name)}${colon}[`;
    firstTable = false;
    let firstRow = true;
    for await (const rows of rowsOf(table.name)) {
      const parts: string[] = [];
      for (const row of rows) {
        parts.push(`${firstRow ? '' : ','}${nl(3)}${value(row, 3)}`);
        firstRow = false;
      }
      yield parts.join('');
    }
    yield firstRow ? ']' : `${nl(2)}]`;
  }
  yield `${nl(1)}}${nl(0)}}`;
}

/** Renders the export; the rows come from the caller in chunks. */
export async function renderExport(input: ExportRenderInput, context: TaskContext): Promise<Uint8Array> {
  async function* rowsOf(table: string): AsyncGenerator<Row[]> {
    const count = input.tables.find((t) => t.name === table)?.rows ?? 0;
    for (let from = 0; from < count; from += input.chunk) yield revive(await context.request<Row[]>({ table, from } satisfies RowsRequest));
  }
  const out: Uint8Array[] = [];
  if (input.format === 'json') {
    for await (const piece of jsonPieces(input, rowsOf, 0)) out.push(strToU8(piece));
  } else {
    let failed: Error | null = null;
    const zip = new Zip((error, chunk) => {
      if (error) failed = error;
      else out.push(chunk);
    });
    const file = (name: string) => {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      return entry;
    };
    const json = file('export.json');
    for await (const piece of jsonPieces(input, rowsOf, 2)) json.push(strToU8(piece));
    json.push(new Uint8Array(0), true);
    for (const table of input.tables) {
      const csv = file(`${table.name}.csv`);
      let columns: string[] | undefined;
      for await (const rows of rowsOf(table.name)) {
        if (!columns) {
          columns = Object.keys(rows[0] ?? {});
          csv.push(strToU8(stringify([columns])));
        }
        const header = columns;
        csv.push(strToU8(stringify(rows.map((r) => header.map((c) => cell(r[c]))))));
      }
      csv.push(new Uint8Array(0), true);
    }
    zip.end();
    if (failed) throw failed;
  }
  const total = out.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of out) {
    bytes.set(c, at);
    at += c.length;
  }
  return withTransfer(bytes, [bytes.buffer]); // moved to the caller, not copied (tens of MB)
}
