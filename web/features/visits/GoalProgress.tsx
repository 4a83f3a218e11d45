/** "1 of 3 visits today" with a bar; the text carries the meaning, the bar only repeats it. */
export function GoalProgress({ done, goal, label = 'today' }: { done: number; goal: number; label?: string }) {
  const ratio = goal > 0 ? Math.min(1, done / goal) : 0;
  return (
    <div className="goal">
      <p className="goal-text">
        <strong>
          {done} of {goal}
        </strong>{' '}
        {goal === 1 ? 'visit' : 'visits'} {label}
        {done >= goal ? <span className="goal-met"> · goal met ✓</span> : null}
      </p>
      <div className="goal-bar" aria-hidden="true">
        <span style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
    </div>
  );
}
