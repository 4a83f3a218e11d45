import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useCurrentSchool } from '../../lib/school';
import { EmptyState, FormMessage, PageTitle, QueryView } from '../../lib/ui';
import { canEditGoals, goalsQuery, measureText, pct, useCreateGoal, visionQuery } from './api';
import { GoalForm } from './GoalForm';
import { ACTIONS, VisionForm } from './VisionForm';
import './goals.css';

const route = getRouteApi('/_app/schools/$schoolId/goals');

/** The school's vision and its goals, each with its latest progress; principals and assistant principals edit them. */
export function GoalsPage() {
  const { schoolId } = route.useParams();
  const vision = useQuery(visionQuery(schoolId));
  const goals = useQuery(goalsQuery(schoolId));
  const editor = canEditGoals(useCurrentSchool());
  const [editingVision, setEditingVision] = useState(false);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string>();
  const create = useCreateGoal(schoolId);
  const editVisionButton = useRef<HTMLButtonElement>(null);
  const addGoalButton = useRef<HTMLButtonElement>(null);
  // After a form closes, focus goes back to the button that opened it (once that button is on the page again).
  const [focusBack, setFocusBack] = useState<'vision' | 'goal' | null>(null);
  useEffect(() => {
    if (focusBack === null) return;
    (focusBack === 'vision' ? editVisionButton : addGoalButton).current?.focus();
    setFocusBack(null);
  }, [focusBack]);

  return (
    <>
      <PageTitle title="Goals">Vision and goals</PageTitle>
      <FormMessage success={notice} />
      <section aria-labelledby="vision-heading" className="card section">
        <h2 id="vision-heading">Our vision</h2>
        <QueryView query={vision} what="vision">
          {(v) =>
            editingVision ? (
              <VisionForm
                schoolId={schoolId}
                vision={v}
                onDone={(saved) => {
                  setEditingVision(false);
                  setNotice(saved ? 'Vision saved.' : undefined);
                  setFocusBack('vision');
                }}
              />
            ) : (
              <>
                {v.vision ? (
                  <>
                    <p>{v.vision}</p>
                    <dl className="vision-actions">
                      {ACTIONS.filter(([key]) => v.actions[key]).map(([key, label]) => (
                        <div key={key}>
                          <dt>{label}</dt>
                          <dd>{v.actions[key]}</dd>
                        </div>
                      ))}
                    </dl>
                    {v.updatedBy && v.updatedAt ? (
                      <p className="meta">
                        Last changed by {v.updatedBy.name} on {new Date(v.updatedAt).toLocaleDateString()}
                      </p>
                    ) : null}
                  </>
                ) : (
                  <p className="meta">{editor ? 'No vision has been written yet. Write one the whole school can act on.' : 'No vision has been written yet.'}</p>
                )}
                {editor ? (
                  <button
                    ref={editVisionButton}
                    type="button"
                    className="button button-secondary"
                    onClick={() => {
                      setNotice(undefined);
                      setEditingVision(true);
                    }}
                  >
                    {v.vision ? 'Edit vision' : 'Write the vision'}
                  </button>
                ) : null}
              </>
            )
          }
        </QueryView>
      </section>
      <section aria-labelledby="goals-heading" className="section">
        <h2 id="goals-heading">Goals</h2>
        {editor ? (
          adding ? (
            <div className="card goal-editor">
              <GoalForm
                schoolId={schoolId}
                title="New goal"
                submitLabel="Add goal"
                pending={create.isPending}
                error={create.error}
                onSubmit={(input) =>
                  create.mutate(input, {
                    onSuccess: (goal) => {
                      setAdding(false);
                      create.reset();
                      setNotice(`Goal “${goal.title}” added.`);
                      setFocusBack('goal');
                    },
                  })
                }
                onCancel={() => {
                  setAdding(false);
                  create.reset();
                  setFocusBack('goal');
                }}
              />
            </div>
          ) : (
            <p className="goal-actions">
              <button
                ref={addGoalButton}
                type="button"
                className="button button-primary"
                onClick={() => {
                  setNotice(undefined);
                  setAdding(true);
                }}
              >
                Add a goal
              </button>
            </p>
          )
        ) : null}
        <QueryView query={goals} what="goals">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="No goals yet">
                {editor ? 'Add a goal with a measure, a baseline and a target, so progress shows over time. Open a goal to change or delete it.' : "School leaders set the school's goals."}
              </EmptyState>
            ) : (
              <ul className="card-list">
                {list.map((g) => (
                  <li key={g.id} className="card">
                    <h3>
                      <Link to="/schools/$schoolId/goals/$goalId" params={{ schoolId, goalId: g.id }}>
                        {g.title}
                      </Link>
                    </h3>
                    <p>{measureText(g)}</p>
                    <p className="meta">
                      Latest:{' '}
                      {g.latest === null
                        ? 'no assessments yet'
                        : g.latest.suppressed
                          ? `${g.latest.date}, too few students to show`
                          : `${pct(g.latest.percentAtOrAbove)} on ${g.latest.date}`}{' '}
                      · target {pct(g.targetPercent)} by {g.targetDate}
                    </p>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
      </section>
    </>
  );
}
