import { describe, expect, it } from 'vitest';
import type { MapDetail } from '../../../schemas/curriculum';
import { alignmentOf } from './alignment';
import { mapCsv, parseMapCsv, readDate } from './map-csv';

const map: MapDetail = {
  id: 'm',
  course: 'Mathematics',
  grade: '03',
  version: 3,
  updatedAt: '2026-11-25T00:00:00.000Z',
  updatedBy: null,
  canEdit: true,
  canDelete: true,
  units: [
    { id: 'u1', title: 'Fractions', startsOn: '2026-11-02', endsOn: '2026-12-18' },
    { id: 'u2', title: 'Time, "clocks" and more', startsOn: '2027-01-19', endsOn: '2027-02-26' },
  ],
  standards: [
    { id: 's1', code: '3.NF.1', description: 'Unit fractions, as parts of a whole' },
    { id: 's2', code: '3.NF.2', description: 'Fractions on a number line' },
    { id: 's3', code: '3.MD.1', description: 'Time to the minute' },
  ],
  targets: [
    { id: 't1', unit: 0, statement: 'I can name a unit fraction', standardCodes: ['3.NF.1'], assessments: [{ assessmentId: '7b6b3a8e-2f1c-4f4e-9d7a-2b1e0c9a1f00', name: 'Check 1', givenOn: '2026-11-10' }, { assessmentId: null, name: 'Strips task', givenOn: null }] },
    { id: 't2', unit: 0, statement: 'I can place fractions on a number line', standardCodes: ['3.NF.1', '3.NF.2'], assessments: [] },
  ],
};

describe('curriculum map CSV', () => {
  it('reads ISO and US dates and refuses days that do not exist', () => {
    expect(readDate('2026-9-1')).toBe('2026-09-01');
    expect(readDate('9/1/2026')).toBe('2026-09-01');
    expect(readDate('2026-02-29')).toBeUndefined();
    expect(readDate('next week')).toBeUndefined();
  });

  it('reads back what it writes: the same content and the same gaps', () => {
    const { content, fields } = parseMapCsv(mapCsv(map), 'map.csv');
    expect(fields).toEqual([]);
    expect(content).toEqual({
      units: map.units.map(({ title, startsOn, endsOn }) => ({ title, startsOn, endsOn })),
      standards: map.standards.map(({ code, description }) => ({ code, description })),
      targets: [
        { unit: 0, statement: 'I can name a unit fraction', standardCodes: ['3.NF.1'], assessments: [{ assessmentId: '7b6b3a8e-2f1c-4f4e-9d7a-2b1e0c9a1f00' }, { name: 'Strips task' }] },
        { unit: 0, statement: 'I can place fractions on a number line', standardCodes: ['3.NF.1', '3.NF.2'], assessments: [] },
      ],
    });
    const a = alignmentOf(map);
    expect(a.standardsWithoutTarget.map((s) => s.code)).toEqual(['3.MD.1']);
    expect(a.targetsWithoutAssessment.map((t) => t.statement)).toEqual(['I can place fractions on a number line']);
    expect(a.coverage.map((c) => [c.code, c.targets, c.assessments, c.linkedAssessments])).toEqual([
      ['3.NF.1', 2, 2, 1],
      ['3.NF.2', 1, 0, 0],
      ['3.MD.1', 0, 0, 0],
    ]);
  });

  it('reports a header without the needed columns at line 1', () => {
    expect(parseMapCsv('name,score\nx,1\n', 'f.csv').fields.map((f) => f.path)).toEqual(['f.csv:1', 'f.csv:1', 'f.csv:1']);
  });
});
