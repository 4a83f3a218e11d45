import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../../db/database';
import type { Analysis, AnalysisQuery, GroupStats } from '../../../schemas/assessments';
import type { RequestSchool, SessionUser } from '../../http/access';
import { validation } from '../../http/errors';
import { addDays, localParts } from '../visits/school-time';
import { assessmentPolicy } from './assessments.policy';
import { minimumGroupSize } from './assessments.repo';
import { classTitles, groupAggregates, type GroupRow } from './analysis.repo';

/** One decimal, halves away from zero (so -19.25 and 19.25 round alike). */
const round1 = (x: number) => (Math.sign(x) * Math.round(Math.abs(x) * 10)) / 10 + 0;
/** The analysis window when none is given: this many days up to today. */
export const DEFAULT_DAYS = 120;

const SUBGROUPS = ['english_learner', 'special_education', 'free_reduced_lunch', 'hispanic_latino', 'race_ethnicity', 'gender'] as const;
type Dimension = (typeof SUBGROUPS)[number];
const FLAG_LABELS: Record<Exclude<Dimension, 'race_ethnicity' | 'gender'>, [string, string]> = {
  english_learner: ['English learners', 'Not English learners'],
  special_education: ['Students receiving special education services', 'Not receiving special education services'],
  free_reduced_lunch: ['Eligible for free or reduced-price lunch', 'Not eligible for free or reduced-price lunch'],
  hispanic_latino: ['Hispanic or Latino', 'Not Hispanic or Latino'],
};
const RACE_LABELS: Record<string, string> = {
  americanIndianOrAlaskaNative: 'American Indian or Alaska Native',
  asian: 'Asian',
  blackOrAfricanAmerican: 'Black or African American',
  black: 'Black or African American',
  nativeHawaiianOrOtherPacificIslander: 'Native Hawaiian or Other Pacific Islander',
  white: 'White',
  demographicRaceTwoOrMoreRaces: 'Two or more races',
};
const gradeLabel = (g: string) => (g === 'none' ? 'No grade recorded' : g === 'KG' ? 'Kindergarten' : /^\d+$/.test(g) ? `Grade ${Number(g)}` : `Grade ${g}`);
const subgroupLabel = (dim: Dimension, key: string) => {
  if (dim === 'race_ethnicity') return RACE_LABELS[key] ?? key;
  if (dim === 'gender') return key.charAt(0).toUpperCase() + key.slice(1);
  return FLAG_LABELS[dim][key === 'true' ? 0 : 1];
};

type Stats = Exclude<GroupStats, { suppressed: true }>;
const stats = (g: GroupRow): Stats => ({ suppressed: false, students: g.students, results: g.results, percentProficient: round1(g.proficient * 100), meanPercent: round1(g.mean) });

/**
 * Suppresses groups under the minimum size; when exactly one group of a list is suppressed, the smallest shown one
 * is suppressed too, so the hidden one cannot be worked out from the others and the whole.
 */
export function suppress(groups: GroupRow[], minimum: number): Map<GroupRow, boolean> {
  const hidden = new Map(groups.map((g) => [g, g.students < minimum]));
  const shown = groups.filter((g) => !hidden.get(g)).sort((a, b) => a.students - b.students || a.key.localeCompare(b.key));
  if (groups.length >= 2 && groups.length - shown.length === 1 && shown[0]) hidden.set(shown[0], true);
  return hidden;
}

/** A plain description of a subgroup's numbers next to the whole group's: what, not why, and no judgement. */
export function describe(label: string, g: Stats | null, all: Stats | null, gap: number | null, minimum: number): string {
  if (!g) return `${label}: not shown, to protect student privacy (fewer than ${minimum} students, or a smaller group could be worked out from it).`;
  if (!all || gap === null) return `${label}: ${g.students} students, mean score ${g.meanPercent}% of the maximum; ${g.percentProficient}% of results at or above the proficiency cut.`;
  const where = gap === 0 ? 'the same as the whole group' : `${Math.abs(gap)} points ${gap < 0 ? 'below' : 'above'} the whole group (${all.meanPercent}%)`;
  return `${label}: ${g.students} students scored a mean of ${g.meanPercent}% of the maximum, ${where}; ${g.percentProficient}% of their results were at or above the proficiency cut (whole group ${all.percentProficient}%).`;
}

/** Resolves the analysis window: `to` defaults to today in the school's time zone, `from` to DEFAULT_DAYS before it. */
export function windowOf(school: RequestSchool, q: AnalysisQuery, now: Date) {
  const to = q.to ?? localParts(now, school.timezone).date;
  const from = q.from ?? addDays(to, -DEFAULT_DAYS);
  if (from > to) throw validation([{ path: 'querystring.from', message: 'The start must be on or before the end' }]);
  return { from, to };
}

/** A school's assessment results in aggregate, by standard, class, grade, date and subgroup, small groups suppressed. */
export async function analysis(db: Db, user: SessionUser, school: RequestSchool, q: AnalysisQuery, now: Date): Promise<Analysis> {
  const range = windowOf(school, q, now);
  const scope = assessmentPolicy.aggregateScope(user, school);
  const [minimum, groups] = await Promise.all([minimumGroupSize(db, school.id), groupAggregates(db, scope, { ...range, standard: q.standard, grade: q.grade, classId: q.classId, assessmentId: q.assessmentId })]);
  const of = (dim: string) => groups.filter((g) => g.dim === dim);
  const whole = of('all')[0];
  const overall: Stats | null = whole && whole.students >= minimum ? stats(whole) : null;
  const titles = await classTitles(db, school.id, of('class').map((g) => g.key));
  const rows = (dim: string, label: (key: string) => string, order: (a: GroupRow, b: GroupRow) => number) => {
    const list = of(dim).sort(order);
    const hidden = suppress(list, minimum);
    return list.map((g) => ({ key: g.key, label: label(g.key), stats: hidden.get(g) ? ({ suppressed: true } as const) : stats(g) }));
  };
  const byKey = (a: GroupRow, b: GroupRow) => a.key.localeCompare(b.key);
  const bySubgroup = SUBGROUPS.flatMap((dim) => {
    const list = of(dim).sort((a, b) => (a.key === 'true' ? -1 : b.key === 'true' ? 1 : a.key.localeCompare(b.key)));
    const hidden = suppress(list, minimum);
    return list.map((g) => {
      const shown = hidden.get(g) ? null : stats(g);
      const label = subgroupLabel(dim, g.key);
      const gapPoints = shown && overall ? round1(g.mean - whole!.mean) : null;
      return {
        dimension: dim,
        key: g.key,
        label,
        stats: shown ?? ({ suppressed: true } as const),
        gapPoints,
        proficiencyGapPoints: shown && overall ? round1((g.proficient - whole!.proficient) * 100) : null,
        description: describe(label, shown, overall, gapPoints, minimum),
      };
    });
  });
  return {
    range,
    minimumGroupSize: minimum,
    assessments: whole?.assessments ?? 0,
    overall: overall ?? { suppressed: true },
    byStandard: rows('standard', (k) => k, byKey),
    byClass: rows('class', (k) => titles.get(k) ?? 'Class', (a, b) => (titles.get(a.key) ?? '').localeCompare(titles.get(b.key) ?? '') || byKey(a, b)),
    byGrade: rows('grade', gradeLabel, byKey),
    overTime: rows('date', (k) => k, byKey),
    bySubgroup,
  };
}

/** The analysis as CSV: one line per group, suppressed groups with no numbers. */
export function analysisCsv(a: Analysis, schoolName: string): string {
  const cells = (s: GroupStats) => (s.suppressed ? ['suppressed', '', '', ''] : [String(s.students), String(s.results), String(s.percentProficient), String(s.meanPercent)]);
  const lines: string[][] = [['Section', 'Group', 'Students', 'Results', 'Percent proficient', 'Mean percent of maximum', 'Gap to whole group (points)']];
  lines.push(['Whole group', schoolName, ...cells(a.overall), '']);
  for (const [section, list] of [['Standard', a.byStandard], ['Class', a.byClass], ['Grade', a.byGrade], ['Assessment date', a.overTime]] as const) {
    for (const r of list) lines.push([section, r.label, ...cells(r.stats), '']);
  }
  for (const r of a.bySubgroup) lines.push(['Subgroup', r.label, ...cells(r.stats), r.gapPoints === null ? '' : String(r.gapPoints)]);
  lines.push([]);
  lines.push(['About', `${a.range.from} to ${a.range.to}. Groups of fewer than ${a.minimumGroupSize} students are suppressed. Patterns to look into together, not ratings of anyone.`]);
  return stringify(lines, { bom: true });
}
