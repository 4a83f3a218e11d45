import { useQuery } from '@tanstack/react-query';
import { Field } from '../../lib/ui';
import { goalsQuery } from '../goals/api';
import { staffQuery } from '../people/api';
import { fieldError, SelectField, TextArea } from './forms';

export interface GoalValues {
  title: string;
  description: string;
  visionGoalId: string;
}

/** A plan goal's fields (add and edit forms): its title, the vision goal it serves, a description. */
export function GoalFields({ schoolId, values, onChange, error }: { schoolId: string; values: GoalValues; onChange: (next: GoalValues) => void; error: unknown }) {
  const vision = useQuery(goalsQuery(schoolId));
  return (
    <>
      <Field label="Goal" value={values.title} maxLength={200} onChange={(e) => onChange({ ...values, title: e.target.value })} error={fieldError(error, 'title')} />
      <SelectField label="Vision goal it serves" value={values.visionGoalId} onChange={(e) => onChange({ ...values, visionGoalId: e.target.value })} error={fieldError(error, 'visionGoalId')}>
        <option value="">None</option>
        {(vision.data ?? []).map((v) => (
          <option key={v.id} value={v.id}>
            {v.title}
          </option>
        ))}
      </SelectField>
      <TextArea label="Description (optional)" value={values.description} maxLength={5000} onChange={(e) => onChange({ ...values, description: e.target.value })} error={fieldError(error, 'description')} />
    </>
  );
}

export interface ActionValues {
  title: string;
  ownerId: string;
  startsOn: string;
  dueOn: string;
}

/**
 * An action step's fields (add and edit forms): what will be done, its owner among the school's staff, and dates.
 * `currentOwner` keeps an owner who has left the staff list selectable; `ownerError` is a message checked on the device.
 */
export function ActionFields({
  schoolId,
  values,
  onChange,
  error,
  ownerError,
  currentOwner,
}: {
  schoolId: string;
  values: ActionValues;
  onChange: (next: ActionValues) => void;
  error: unknown;
  ownerError?: string;
  currentOwner?: { id: string; name: string };
}) {
  const staff = useQuery(staffQuery(schoolId, {}));
  const owners = staff.data ?? [];
  return (
    <>
      <Field label="Action step" value={values.title} maxLength={300} onChange={(e) => onChange({ ...values, title: e.target.value })} error={fieldError(error, 'title')} />
      <div className="filters">
        <SelectField label="Owner" value={values.ownerId} onChange={(e) => onChange({ ...values, ownerId: e.target.value })} error={ownerError ?? fieldError(error, 'ownerId')}>
          {currentOwner ? (owners.some((p) => p.id === currentOwner.id) ? null : <option value={currentOwner.id}>{currentOwner.name}</option>) : <option value="">Choose a staff member…</option>}
          {owners.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <Field label="Start" type="date" value={values.startsOn} onChange={(e) => onChange({ ...values, startsOn: e.target.value })} error={fieldError(error, 'startsOn')} />
        <Field label="Due" type="date" value={values.dueOn} onChange={(e) => onChange({ ...values, dueOn: e.target.value })} error={fieldError(error, 'dueOn')} />
      </div>
    </>
  );
}
