import { Link } from '@tanstack/react-router';
import { EmptyState } from '../../lib/ui';
import { formatDate, formatInstant, STEP_LABEL, type CycleSummary } from './api';

/** The evaluator's cycles: next step and its due date, overdue steps flagged, signatures. */
export function CycleList({ schoolId, cycles }: { schoolId: string; cycles: CycleSummary[] }) {
  if (cycles.length === 0) return <EmptyState title="No evaluation cycles yet">Start a cycle for a teacher below.</EmptyState>;
  return (
    <div className="table-wrap">
      <table className="table cycle-table">
        <caption>Evaluation cycles ({cycles.filter((c) => c.overdueSteps > 0).length} with overdue steps)</caption>
        <thead>
          <tr>
            <th scope="col">Teacher</th>
            <th scope="col">Year</th>
            <th scope="col">Evaluator</th>
            <th scope="col">Next step</th>
            <th scope="col">Timeliness</th>
            <th scope="col">Signed</th>
          </tr>
        </thead>
        <tbody>
          {cycles.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <Link to="/schools/$schoolId/evaluation/$cycleId" params={{ schoolId, cycleId: c.id }}>
                  {c.teacher.name}
                </Link>
              </th>
              <td>{c.schoolYear}</td>
              <td>{c.evaluator.name}</td>
              <td>{c.nextStep ? `${STEP_LABEL[c.nextStep.kind]}, due ${formatDate(c.nextStep.dueOn)}` : 'Complete'}</td>
              <td>{c.overdueSteps > 0 ? <span className="status status-error">{c.overdueSteps === 1 ? '1 step overdue' : `${c.overdueSteps} steps overdue`}</span> : <span className="status status-ok">On time</span>}</td>
              <td>
                {c.evaluatorSignedAt ? `Evaluator ${formatInstant(c.evaluatorSignedAt)}` : 'Evaluator: not yet'}
                <br />
                {c.teacherSignedAt ? `Teacher ${formatInstant(c.teacherSignedAt)}` : 'Teacher: not yet'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
