import type { ReactNode } from 'react';
import { formatPoints, suppressedText, type AnalysisRow, type AnalysisSubgroup } from './analysis-api';

const DIMENSION_LABEL: Record<AnalysisSubgroup['dimension'], string> = {
  english_learner: 'English learners',
  special_education: 'Special education',
  free_reduced_lunch: 'Free or reduced-price lunch',
  hispanic_latino: 'Hispanic or Latino',
  race_ethnicity: 'Race and ethnicity',
  gender: 'Gender',
};

function TableBox({ id, caption, note, children }: { id: string; caption: string; note?: string; children: ReactNode }) {
  return (
    <div className="scroll-table analysis-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table className="insight-table analysis-table">
        <caption id={`${id}-caption`}>
          {caption} {note ? <span className="caption-note">({note})</span> : null}
        </caption>
        {children}
      </table>
    </div>
  );
}

interface GroupTableProps {
  id: string;
  caption: string;
  /** The first column's heading: "Standard", "Class", "Grade", "Date". */
  label: string;
  rows: AnalysisRow[];
  minimumGroupSize: number;
  empty: string;
}

/** One breakdown (by standard, class, grade or date): students, results, percent proficient and mean percent. */
export function GroupTable({ id, caption, label, rows, minimumGroupSize, empty }: GroupTableProps) {
  return (
    <TableBox id={id} caption={caption} note={`groups under ${minimumGroupSize} students are not shown`}>
      <thead>
        <tr>
          <th scope="col">{label}</th>
          <th scope="col" className="num-head">Students</th>
          <th scope="col" className="num-head">Results</th>
          <th scope="col" className="num-head">% proficient</th>
          <th scope="col" className="num-head">Mean % of max</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            {r.stats.suppressed ? (
              <td colSpan={4} className="suppressed">{suppressedText(minimumGroupSize)}</td>
            ) : (
              <>
                <td className="num">{r.stats.students}</td>
                <td className="num">{r.stats.results}</td>
                <td className="num">{r.stats.percentProficient}%</td>
                <td className="num">{r.stats.meanPercent}%</td>
              </>
            )}
          </tr>
        ))}
        {rows.length === 0 ? (
          <tr>
            <td colSpan={5}>{empty}</td>
          </tr>
        ) : null}
      </tbody>
    </TableBox>
  );
}

/** Student groups with their difference from the whole group, in points, and the server's descriptive sentence. */
export function SubgroupTable({ rows, minimumGroupSize }: { rows: AnalysisSubgroup[]; minimumGroupSize: number }) {
  return (
    <TableBox id="subgroups" caption="Results by student group" note="difference from all students, in percentage points">
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col" className="num-head">Students</th>
          <th scope="col" className="num-head">% proficient</th>
          <th scope="col" className="num-head">Difference in % proficient</th>
          <th scope="col" className="num-head">Mean % of max</th>
          <th scope="col" className="num-head">Difference in mean</th>
          <th scope="col">In words</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.dimension}:${r.key}`} data-key={`${r.dimension}:${r.key}`}>
            <th scope="row">
              <span className="group-dimension">{DIMENSION_LABEL[r.dimension]}: </span>
              {r.label}
            </th>
            {r.stats.suppressed ? (
              <td colSpan={5} className="suppressed">{suppressedText(minimumGroupSize)}</td>
            ) : (
              <>
                <td className="num">{r.stats.students}</td>
                <td className="num">{r.stats.percentProficient}%</td>
                <td className="num">{r.proficiencyGapPoints === null ? '—' : formatPoints(r.proficiencyGapPoints)}</td>
                <td className="num">{r.stats.meanPercent}%</td>
                <td className="num">{r.gapPoints === null ? '—' : formatPoints(r.gapPoints)}</td>
              </>
            )}
            <td className="description">{r.stats.suppressed ? '' : r.description}</td>
          </tr>
        ))}
        {rows.length === 0 ? (
          <tr>
            <td colSpan={7}>No student groups to show for these filters.</td>
          </tr>
        ) : null}
      </tbody>
    </TableBox>
  );
}
