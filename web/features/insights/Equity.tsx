import type { SchoolInsights } from './api';
import { perTeacher } from './format';
import { gradeLabel } from './search';

type Row = SchoolInsights['equity']['grades'][number];

/** A group whose visits per teacher fall below this fraction of the school's is "seen less". */
const SEEN_LESS = 0.75;

/** One table: visits per teacher in each grade (or subject), the ones seen less said in words, not colour alone. */
function EquityTable({ id, caption, head, rows, label }: { id: string; caption: string; head: string; rows: Row[]; label: (key: string) => string }) {
  const teachers = rows.reduce((s, r) => s + r.teachers, 0);
  const visits = rows.reduce((s, r) => s + r.visits, 0);
  const overall = teachers ? visits / teachers : 0;
  const top = Math.max(0.001, ...rows.map((r) => r.perTeacher));
  return (
    <div className="table-wrap">
      <table className="table insight-table equity-table" id={id}>
        <caption>
          {caption} <span className="caption-note">(school: {perTeacher(overall)} per teacher)</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" className="num-head">
              Teachers
            </th>
            <th scope="col" className="num-head">
              Visits
            </th>
            <th scope="col">Per teacher</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const less = overall > 0 && r.perTeacher < overall * SEEN_LESS;
            return (
              <tr key={r.key} className={less ? 'seen-less' : undefined}>
                <th scope="row">{label(r.key)}</th>
                <td className="num">{r.teachers}</td>
                <td className="num">{r.visits}</td>
                <td>
                  <span className="per-teacher">
                    <span className="bar" aria-hidden="true">
                      <span style={{ width: `${Math.round((r.perTeacher / top) * 100)}%` }} />
                    </span>
                    <span className="strong">{perTeacher(r.perTeacher)}</span>
                  </span>
                  {less ? <span className="seen-less-note">Seen less</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Coverage equity: are some grades or subjects visited less, for the number of teachers in them? */
export function Equity({ insights }: { insights: SchoolInsights }) {
  const { grades, subjects } = insights.equity;
  return (
    <section aria-labelledby="equity-heading" className="section">
      <h2 id="equity-heading">Coverage equity: who is seen less</h2>
      <p className="hint">
        Visits per teacher in each grade and subject over the same dates (the grade and subject filters do not apply here). A group
        under ¾ of the school’s visits per teacher is marked “Seen less”.
      </p>
      {grades.length === 0 && subjects.length === 0 ? (
        <p className="empty">No classes with teachers on the roster yet.</p>
      ) : (
        <div className="equity-grid">
          {grades.length > 0 ? <EquityTable id="equity-grades" caption="Visits per teacher, by grade" head="Grade" rows={grades} label={gradeLabel} /> : null}
          {subjects.length > 0 ? <EquityTable id="equity-subjects" caption="Visits per teacher, by subject" head="Subject" rows={subjects} label={(k) => k} /> : null}
        </div>
      )}
    </section>
  );
}
