import { EVALUATION_STATEMENT } from '../../../schemas/evaluation';
import './evaluation.css';

/** The label every evaluation page carries, so it is never mistaken for a visit page. */
export function EvaluationNotice() {
  return (
    <aside className="evaluation-notice" aria-label="About formal evaluation">
      <p className="evaluation-kicker">Formal evaluation</p>
      <p>{EVALUATION_STATEMENT}</p>
    </aside>
  );
}
