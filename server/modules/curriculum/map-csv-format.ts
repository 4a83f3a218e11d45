/** The curriculum map CSV format, read and written; pure, so both run in a worker thread (map-csv.ts). */
import { stringify } from 'csv-stringify/sync';
import { MAP_CSV_COLUMNS, type MapDetail } from '../../../schemas/curriculum';
import { AppError, type FieldError } from '../../http/errors';
import { splitRecords } from '../rosters/csv';
import type { ContentPaths } from './curriculum.service';
import type { MapContent } from './curriculum.repo';

export type Column = (typeof MAP_CSV_COLUMNS)[number];
const key = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');
/** Header spellings read as each column. */
const HEADERS: Record<Column, string[]> = {
  unit: ['unit', 'unittitle', 'unitname'],
  unit_start: ['unitstart', 'start', 'startdate', 'startson', 'unitstartdate', 'from'],
  unit_end: ['unitend', 'end', 'enddate', 'endson', 'unitenddate', 'to'],
  standard: ['standard', 'standardcode', 'code'],
  standard_description: ['standarddescription', 'description'],
  target: ['target', 'learningtarget', 'targetstatement'],
  assessment_id: ['assessmentid'],
  assessment: ['assessment', 'assessmentname', 'plannedassessment'],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIMITS: Partial<Record<Column, number>> = { unit: 200, standard: 60, standard_description: 1000, target: 500, assessment: 200 };

/** A date as YYYY-MM-DD from "2026-09-01" or "9/1/2026"; undefined when it is neither or not a real day. */
export function readDate(raw: string): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1], us[2]] : [];
  if (!y || !m || !d) return undefined;
  const out = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${out}T12:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== out ? undefined : out;
}

/** The map as CSV: one row per unit x target x standard x assessment; units and standards without targets get a row of their own. */
export function mapCsv(map: MapDetail): string {
  const descriptions = new Map(map.standards.map((s) => [s.code.toLowerCase(), s.description]));
  const rows: string[][] = [];
  map.units.forEach((u, ui) => {
    const unit = [u.title, u.startsOn, u.endsOn];
    const targets = map.targets.filter((t) => t.unit === ui);
    if (targets.length === 0) rows.push([...unit, '', '', '', '', '']);
    for (const t of targets) {
      const assessments = t.assessments.length > 0 ? t.assessments.map((a) => [a.assessmentId ?? '', a.name]) : [['', '']];
      for (const code of t.standardCodes) for (const a of assessments) rows.push([...unit, code, descriptions.get(code.toLowerCase()) ?? '', t.statement, ...a]);
    }
  });
  const aligned = new Set(map.targets.flatMap((t) => t.standardCodes.map((c) => c.toLowerCase())));
  for (const s of map.standards) if (!aligned.has(s.code.toLowerCase())) rows.push(['', '', '', s.code, s.description, '', '', '']);
  return stringify([[...MAP_CSV_COLUMNS], ...rows]);
}

/** The most lines a map CSV may have (the largest map, 400 targets, is a few thousand lines even fully crossed). */
export const MAX_MAP_LINES = 10_000;

/** Where each part of a map read from CSV came from: enough to name `file:line:column` for any later problem. */
export interface MapCsvLayout {
  headers: string[];
  at: [Column, number][];
  unitLines: { line: number; dates: boolean }[];
  standardLines: number[];
  targetLines: { line: number; codes: number[]; assessments: number[] }[];
}

/** The paths (`file:line:column`) of the cells validation may still refuse, from where they were read. */
export function mapCsvPaths(layout: MapCsvLayout, file: string): ContentPaths {
  const at = new Map(layout.at);
  const headerOf = (c: Column) => (at.has(c) ? layout.headers[at.get(c)!]! : c);
  return {
    unit: (i, field) => `${file}:${layout.unitLines[i]?.line}:${field === 'title' ? headerOf('unit') : field === 'startsOn' ? headerOf('unit_start') : headerOf('unit_end')}`,
    standard: (i) => `${file}:${layout.standardLines[i]}:${headerOf('standard')}`,
    targetUnit: (i) => `${file}:${layout.targetLines[i]?.line}:${headerOf('unit')}`,
    targetCode: (i, j) => `${file}:${layout.targetLines[i]?.codes[j]}:${headerOf('standard')}`,
    targetAssessment: (i, j) => `${file}:${layout.targetLines[i]?.assessments[j]}:${headerOf('assessment_id')}`,
  };
}

/**
 * Reads a map from CSV text (format in schemas/curriculum.ts). Every problem is reported as `file:line:column`
 * (header = line 1), with where each unit, standard and target came from (`mapCsvPaths` names the cells that
 * validation may still refuse). Pure and without functions in its result, so that it runs in a worker thread;
 * more than `maxLines` lines answers 413 before anything is checked.
 */
export function readMapCsv({ text, file, maxLines }: { text: string; file: string; maxLines: number }): { content: MapContent; fields: FieldError[]; layout: MapCsvLayout } {
  const fields: FieldError[] = [];
  const problem = (line: number, column: string | null, message: string) => fields.push({ path: [file, line, column ?? ''].join(':').replace(/:$/, ''), message });
  const content: MapContent = { units: [], standards: [], targets: [] };
  const unitLines: { line: number; dates: boolean }[] = [];
  const standardLines: number[] = [];
  const targetLines: { line: number; codes: number[]; assessments: number[] }[] = [];
  const headers: string[] = [];
  const at = new Map<Column, number>();
  const headerOf = (c: Column) => (at.has(c) ? headers[at.get(c)!]! : c);
  const result = () => ({ content, fields, layout: { headers, at: [...at], unitLines, standardLines, targetLines } });

  const records = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, (line, message) => problem(line, null, `The CSV is malformed here (${message})`));
  const head = records[0];
  if (!head) {
    problem(1, null, `The file is empty: it needs a header line (${MAP_CSV_COLUMNS.join(', ')}) and one line per unit, standard and target.`);
    return result();
  }
  if (records.length - 1 > maxLines) {
    throw new AppError('payload_too_large', `The file has ${(records.length - 1).toLocaleString('en-US')} lines; a map is imported from at most ${maxLines.toLocaleString('en-US')}.`, [{ path: file, message: `At most ${maxLines.toLocaleString('en-US')} lines` }], { maxLines });
  }
  headers.push(...head.record.map((h) => h.trim()));
  headers.forEach((h, i) => {
    const column = (Object.keys(HEADERS) as Column[]).find((c) => HEADERS[c].includes(key(h)));
    if (column && !at.has(column)) at.set(column, i);
  });
  for (const required of ['unit', 'standard', 'target'] as const) {
    if (!at.has(required)) problem(head.line, null, `The header has no "${required}" column (columns: ${MAP_CSV_COLUMNS.join(', ')}).`);
  }
  if (fields.length > 0) return result();

  const unitByName = new Map<string, number>();
  const standardByCode = new Map<string, number>();
  const targetByKey = new Map<string, number>();
  for (const { line, record } of records.slice(1)) {
    if (record.every((v) => v.trim() === '')) continue;
    const get = (c: Column) => (at.has(c) ? (record[at.get(c)!] ?? '').trim() : '');
    let tooLong = false;
    for (const [c, max] of Object.entries(LIMITS) as [Column, number][]) {
      if (get(c).length > max) {
        problem(line, headerOf(c), `At most ${max} characters`);
        tooLong = true;
      }
    }
    if (tooLong) continue;
    const [unitName, code, statement, assessmentId, assessmentName] = [get('unit'), get('standard'), get('target'), get('assessment_id'), get('assessment')];

    let unit: number | undefined;
    if (unitName !== '') {
      const [rawStart, rawEnd] = [get('unit_start'), get('unit_end')];
      const start = rawStart === '' ? undefined : readDate(rawStart);
      const end = rawEnd === '' ? undefined : readDate(rawEnd);
      if (rawStart !== '' && !start) problem(line, headerOf('unit_start'), `"${rawStart.slice(0, 30)}" is not a date: use 2026-09-01`);
      if (rawEnd !== '' && !end) problem(line, headerOf('unit_end'), `"${rawEnd.slice(0, 30)}" is not a date: use 2026-09-30`);
      unit = unitByName.get(unitName.toLowerCase());
      if (unit === undefined) {
        unit = content.units.push({ title: unitName, startsOn: start ?? '', endsOn: end ?? '' }) - 1;
        unitByName.set(unitName.toLowerCase(), unit);
        unitLines.push({ line, dates: Boolean(start && end) });
      } else {
        const u = content.units[unit]!;
        if (start && u.startsOn && start !== u.startsOn) problem(line, headerOf('unit_start'), `The unit "${unitName}" starts on ${u.startsOn} on line ${unitLines[unit]!.line}`);
        if (end && u.endsOn && end !== u.endsOn) problem(line, headerOf('unit_end'), `The unit "${unitName}" ends on ${u.endsOn} on line ${unitLines[unit]!.line}`);
        if (start && !u.startsOn) u.startsOn = start;
        if (end && !u.endsOn) u.endsOn = end;
      }
    }
    if (code !== '') {
      const description = get('standard_description');
      const s = standardByCode.get(code.toLowerCase());
      if (s === undefined) {
        standardByCode.set(code.toLowerCase(), content.standards.push({ code, description }) - 1);
        standardLines.push(line);
      } else if (description !== '') {
        const known = content.standards[s]!;
        if (known.description === '') known.description = description;
        else if (known.description !== description) problem(line, headerOf('standard_description'), `The standard ${code} is described differently on line ${standardLines[s]}`);
      }
    }
    if (statement === '') {
      if (assessmentId !== '' || assessmentName !== '') problem(line, headerOf('target'), 'An assessment belongs to a target: write the target on this line');
      else if (unitName === '' && code === '') problem(line, null, 'The line names no unit, standard or target');
      continue;
    }
    if (unit === undefined) {
      problem(line, headerOf('unit'), 'A target needs its unit');
      continue;
    }
    const targetKey = `${unit}\u0000${statement.toLowerCase()}`;
    let t = targetByKey.get(targetKey);
    if (t === undefined) {
      t = content.targets.push({ unit, statement, standardCodes: [], assessments: [] }) - 1;
      targetByKey.set(targetKey, t);
      targetLines.push({ line, codes: [], assessments: [] });
    }
    const target = content.targets[t]!;
    if (code !== '' && !target.standardCodes.some((c) => c.toLowerCase() === code.toLowerCase())) {
      target.standardCodes.push(code);
      targetLines[t]!.codes.push(line);
    }
    if (assessmentId !== '') {
      if (!UUID.test(assessmentId)) problem(line, headerOf('assessment_id'), `"${assessmentId.slice(0, 40)}" is not an assessment id: leave it empty for a planned assessment and name it in "${headerOf('assessment')}"`);
      else if (!target.assessments.some((a) => a.assessmentId === assessmentId.toLowerCase())) {
        target.assessments.push({ assessmentId: assessmentId.toLowerCase() });
        targetLines[t]!.assessments.push(line);
      }
    } else if (assessmentName !== '' && !target.assessments.some((a) => !a.assessmentId && a.name?.toLowerCase() === assessmentName.toLowerCase())) {
      target.assessments.push({ name: assessmentName });
      targetLines[t]!.assessments.push(line);
    }
  }
  content.units.forEach((u, i) => {
    if (!u.startsOn || !u.endsOn) problem(unitLines[i]!.line, headerOf(u.startsOn ? 'unit_end' : 'unit_start'), `Give the unit "${u.title}" its start and end dates`);
  });
  content.targets.forEach((t, i) => {
    if (t.standardCodes.length === 0) problem(targetLines[i]!.line, headerOf('standard'), 'Align the target to at least one standard');
  });
  if (content.units.length > 40) problem(head.line, null, 'At most 40 units in a map');
  if (content.standards.length > 200) problem(head.line, null, 'At most 200 standards in a map');
  if (content.targets.length > 400) problem(head.line, null, 'At most 400 targets in a map');
  if (records.length <= 1) problem(head.line, null, 'The file has a header but no lines.');
  return result();
}
