import { useEffect, useId, useState } from 'react';

const two = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${two(d.getHours())}:${two(d.getMinutes())}`;

/** Whole minutes from `start` to `now`, at least 1 and at most 240 (the API's limits). */
export function autoDuration(start: Date, now: Date): number {
  return Math.min(240, Math.max(1, Math.round((now.getTime() - start.getTime()) / 60_000)));
}

interface Props {
  startedAt: Date;
  onStartedAt: (d: Date) => void;
  /** Minutes typed by the leader; null while the running timer fills it. */
  duration: number | null;
  onDuration: (minutes: number | null) => void;
  /** A new visit runs a timer; an edited one shows its recorded time. */
  running: boolean;
  error?: string;
}

/** Start time (editable) and duration: a running timer from when the page opened fills the duration. */
export function VisitTiming({ startedAt, onStartedAt, duration, onDuration, running, error }: Props) {
  const id = useId();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, [running]);
  const elapsed = Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 1000));
  const auto = autoDuration(startedAt, now);

  return (
    <fieldset className="timing">
      <legend>Time</legend>
      {running ? (
        <p className="timer">
          <span role="timer" aria-label="Time in the classroom">{`${Math.floor(elapsed / 60)}:${two(elapsed % 60)}`}</span>
          <span className="hint"> running since {clock(startedAt)}</span>
        </p>
      ) : null}
      <div className="timing-row">
        <div className="field">
          <label htmlFor={`${id}-start`}>Started</label>
          <input
            id={`${id}-start`}
            type="time"
            value={clock(startedAt)}
            onChange={(e) => {
              const [h, m] = e.target.value.split(':').map(Number);
              if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m)) return;
              const next = new Date(startedAt);
              next.setHours(h, m, 0, 0);
              onStartedAt(next);
            }}
          />
        </div>
        <div className={`field${error ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-duration`}>Minutes</label>
          <input
            id={`${id}-duration`}
            type="number"
            inputMode="numeric"
            min={1}
            max={240}
            step={1}
            aria-describedby={`${id}-duration-hint${error ? ` ${id}-duration-error` : ''}`}
            aria-invalid={error ? true : undefined}
            value={duration ?? (running ? auto : '')}
            onChange={(e) => onDuration(e.target.value === '' ? null : Number(e.target.value))}
          />
        </div>
      </div>
      <p id={`${id}-duration-hint`} className="hint">
        {duration === null && running ? 'Filled by the timer; type to change it.' : 'Whole minutes, 1 to 240.'}
      </p>
      {error ? (
        <p id={`${id}-duration-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
