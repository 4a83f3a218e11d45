import { useQuery } from '@tanstack/react-query';
import type { MySchool } from '../../lib/session';
import { QueryView } from '../../lib/ui';
import { historyQuery, type PlanDetail } from './api';

const when = (iso: string) => new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** Who changed what in the plan, and when: the append-only history, newest first. */
export function PlanHistory({ school, plan }: { school: MySchool; plan: PlanDetail }) {
  const history = useQuery(historyQuery(school.id, plan.id));
  return (
    <section aria-labelledby="history-heading" className="section no-print">
      <details className="plan-history">
        <summary>
          <h2 id="history-heading">History of changes</h2>
        </summary>
        <QueryView query={history} what="the history">
          {(list) => (
            <ol className="history-changes" aria-label="Changes, newest first">
              {list.map((c) => (
                <li key={c.id}>
                  <span className="meta">
                    {when(c.changedAt)} · {c.changedBy.name}
                  </span>
                  <span>{c.summary}</span>
                </li>
              ))}
            </ol>
          )}
        </QueryView>
      </details>
    </section>
  );
}
