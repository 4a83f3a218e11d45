import { useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { rememberSchool, type MySchool } from '../lib/session';

const SECTION_PATHS = {
  staff: '/schools/$schoolId/staff',
  classes: '/schools/$schoolId/classes',
  visits: '/schools/$schoolId/visits',
  planner: '/schools/$schoolId/planner',
  coverage: '/schools/$schoolId/coverage',
  settings: '/schools/$schoolId/settings',
} as const;
type Section = keyof typeof SECTION_PATHS;

/** The school the user is working in; with several schools, a select and a button to switch. */
export function SchoolSwitcher({ schools, current }: { schools: MySchool[]; current: MySchool }) {
  const id = useId();
  const navigate = useNavigate();
  const [value, setValue] = useState(current.id);
  useEffect(() => setValue(current.id), [current.id]);
  const section = useRouterState({
    select: (s) => /^\/schools\/[^/]+\/(staff|classes|visits|planner|coverage|settings)\/?$/.exec(s.location.pathname)?.[1] as Section | undefined,
  });

  if (schools.length < 2) {
    return (
      <p className="school-bar">
        <span className="school-bar-label">School</span> {current.name}
      </p>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    rememberSchool(value);
    // Stay on the same page in the other school (a leader-only page says so if the role there differs).
    void navigate({ to: section ? SECTION_PATHS[section] : '/schools/$schoolId', params: { schoolId: value } });
  };

  return (
    <form className="school-bar" onSubmit={onSubmit}>
      <label htmlFor={id} className="school-bar-label">
        School
      </label>
      <select id={id} value={value} onChange={(e) => setValue(e.target.value)}>
        {schools.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      {value !== current.id ? (
        <button type="submit" className="button button-small">
          Switch
        </button>
      ) : null}
    </form>
  );
}
