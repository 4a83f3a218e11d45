import type { Alignment, MapDetail } from '../../../schemas/curriculum';

/** The key that makes two assessments of a map the same: the linked assessment, or the planned name. */
const assessmentKey = (a: { assessmentId: string | null; name: string }) => (a.assessmentId ? `id:${a.assessmentId}` : `name:${a.name.trim().toLowerCase()}`);

/**
 * The gaps of a map and each standard's coverage: standards no target aligns to, targets with no assessment, and
 * for every standard how many targets align to it and how many distinct assessments cover it through them.
 */
export function alignmentOf(map: Pick<MapDetail, 'id' | 'course' | 'grade' | 'units' | 'standards' | 'targets'>): Alignment {
  const byCode = new Map(map.standards.map((s) => [s.code.toLowerCase(), { targets: 0, assessments: new Set<string>(), linked: new Set<string>() }]));
  for (const t of map.targets) {
    for (const code of new Set(t.standardCodes.map((c) => c.toLowerCase()))) {
      const entry = byCode.get(code);
      if (!entry) continue;
      entry.targets += 1;
      for (const a of t.assessments) {
        entry.assessments.add(assessmentKey(a));
        if (a.assessmentId) entry.linked.add(a.assessmentId);
      }
    }
  }
  const coverage = map.standards.map((s) => {
    const entry = byCode.get(s.code.toLowerCase())!;
    return { code: s.code, description: s.description, targets: entry.targets, assessments: entry.assessments.size, linkedAssessments: entry.linked.size };
  });
  return {
    mapId: map.id,
    course: map.course,
    grade: map.grade,
    standardsWithoutTarget: coverage.filter((c) => c.targets === 0).map((c) => ({ code: c.code, description: c.description })),
    targetsWithoutAssessment: map.targets
      .filter((t) => t.assessments.length === 0)
      .map((t) => ({ unit: map.units[t.unit]?.title ?? '', statement: t.statement, standardCodes: t.standardCodes })),
    coverage,
  };
}
