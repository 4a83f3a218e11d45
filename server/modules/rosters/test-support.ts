import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import { generateBundle, toCsv, type BundleFiles, type BundleOptions } from '../../../db/seed/oneroster-bundle';

/** A small generated bundle whose global identifiers (district sourcedId, staff emails) are unique to this call. */
export function uniqueBundle(options: BundleOptions = {}): BundleFiles {
  const tag = randomUUID().slice(0, 8);
  return generateBundle({ districtSourcedId: `district-${tag}`, emailDomain: `${tag}.example.test`, ...options });
}

/** Rewrites one CSV file of a bundle row by row: return a row (changed or not) to keep it, or null to drop it. */
export function editCsv(files: BundleFiles, file: string, edit: (row: Record<string, string>) => Record<string, string> | null): BundleFiles {
  const [header, ...rows] = parse(files[file]!) as string[][];
  const out: string[][] = [];
  for (const values of rows) {
    const row = Object.fromEntries(header!.map((h, i) => [h, values[i] ?? '']));
    const edited = edit(row);
    if (edited) out.push(header!.map((h) => edited[h] ?? ''));
  }
  return { ...files, [file]: toCsv(header!, out) };
}

/** A multipart/form-data body carrying files (and plain fields), for `app.inject`. */
export function multipart(files: { name: string; content: string | Uint8Array }[], field = 'files', fields: Record<string, string> = {}) {
  const boundary = `----rounds${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.from(f.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Row counts and latest updated_at of every roster table, for one district (tests run side by side). */
export async function districtSnapshot(db: Db, districtId: string) {
  const result = await sql<Record<string, string | number | null>>`
    SELECT
      (SELECT sourced_id FROM districts WHERE id = ${districtId}) AS district_sourced_id,
      (SELECT count(*)::int FROM schools WHERE district_id = ${districtId}) AS schools,
      (SELECT max(updated_at)::text FROM schools WHERE district_id = ${districtId}) AS schools_at,
      (SELECT count(*)::int FROM academic_sessions WHERE district_id = ${districtId}) AS sessions,
      (SELECT max(updated_at)::text FROM academic_sessions WHERE district_id = ${districtId}) AS sessions_at,
      (SELECT count(*)::int FROM people WHERE district_id = ${districtId}) AS people,
      (SELECT max(updated_at)::text FROM people WHERE district_id = ${districtId}) AS people_at,
      (SELECT count(*)::int FROM person_schools ps JOIN people p ON p.id = ps.person_id WHERE p.district_id = ${districtId}) AS person_schools,
      (SELECT count(*)::int FROM role_assignments WHERE district_id = ${districtId}) AS role_assignments,
      (SELECT count(*)::int FROM student_demographics d JOIN people p ON p.id = d.person_id WHERE p.district_id = ${districtId}) AS demographics,
      (SELECT max(d.updated_at)::text FROM student_demographics d JOIN people p ON p.id = d.person_id WHERE p.district_id = ${districtId}) AS demographics_at,
      (SELECT count(*)::int FROM courses WHERE district_id = ${districtId}) AS courses,
      (SELECT max(updated_at)::text FROM courses WHERE district_id = ${districtId}) AS courses_at,
      (SELECT count(*)::int FROM classes WHERE district_id = ${districtId}) AS classes,
      (SELECT max(updated_at)::text FROM classes WHERE district_id = ${districtId}) AS classes_at,
      (SELECT count(*)::int FROM class_meetings m JOIN classes c ON c.id = m.class_id WHERE c.district_id = ${districtId}) AS class_meetings,
      (SELECT count(*)::int FROM enrollments WHERE district_id = ${districtId}) AS enrollments,
      (SELECT max(updated_at)::text FROM enrollments WHERE district_id = ${districtId}) AS enrollments_at,
      (SELECT count(*)::int FROM enrollments WHERE district_id = ${districtId} AND status = 'active') AS active_enrollments,
      (SELECT count(*)::int FROM people WHERE district_id = ${districtId} AND status = 'active') AS active_people
  `.execute(db);
  return result.rows[0]!;
}

/** A OneRoster 1.1 manifest.csv declaring each named file's mode (files not named are absent). */
export function manifest(modes: Record<string, 'bulk' | 'delta'>, version = '1.1'): string {
  const rows = [['manifest.version', '1.0'], ['oneroster.version', version]];
  for (const [file, mode] of Object.entries(modes)) rows.push([`file.${file.replace(/\.csv$/, '')}`, mode]);
  return ['propertyName,value', ...rows.map((r) => r.join(','))].join('\n') + '\n';
}
