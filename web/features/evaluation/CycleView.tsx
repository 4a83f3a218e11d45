import { useMe } from '../../lib/session';
import { Citations } from './Citations';
import { EvaluationNotice } from './EvaluationNotice';
import { RatingsGrid, RatingsTable } from './RatingsGrid';
import { SignOff } from './SignOff';
import { Steps } from './Steps';
import type { Cycle } from './api';

/** The school's today (YYYY-MM-DD) in its time zone. */
export const todayIn = (timeZone: string | undefined) => {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  }
};

/** Everything of one cycle: who and what, the steps, ratings, cited visit evidence and sign-off. */
export function CycleView({ schoolId, cycle, timeZone }: { schoolId: string; cycle: Cycle; timeZone?: string }) {
  const me = useMe();
  return (
    <div className="evaluation">
      <EvaluationNotice />
      <dl className="facts facts-wide">
        <div>
          <dt>Teacher</dt>
          <dd>{cycle.teacher.name}</dd>
        </div>
        <div>
          <dt>Evaluator</dt>
          <dd>{cycle.evaluator.name}</dd>
        </div>
        <div>
          <dt>School year</dt>
          <dd>{cycle.schoolYear}</dd>
        </div>
        <div>
          <dt>Rubric</dt>
          <dd>{cycle.rubricName}</dd>
        </div>
      </dl>
      <Steps schoolId={schoolId} cycle={cycle} today={todayIn(timeZone)} />
      {cycle.can.edit ? <RatingsGrid key={cycle.id} schoolId={schoolId} cycle={cycle} /> : <RatingsTable cycle={cycle} />}
      <Citations schoolId={schoolId} cycle={cycle} />
      <SignOff schoolId={schoolId} cycle={cycle} viewerId={me.user.id} />
    </div>
  );
}
