import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Field } from '../../lib/ui';
import { staffQuery, type StaffMember } from '../people/api';
import type { VisitFilter } from './api';

const OBSERVER_ROLES = ['principal', 'assistant_principal', 'coach'] as const;
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** A select of people from the staff directory, with its own loading and error wording. */
function PersonSelect({ label, value, people, onChange }: { label: string; value?: string; people: { data?: StaffMember[]; isError: boolean }; onChange: (id?: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} disabled={!people.data && !people.isError}>
        <option value="">{people.isError ? 'Anyone (the list could not be loaded)' : people.data ? 'Anyone' : 'Loading…'}</option>
        {people.data?.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
        {value && people.data && !people.data.some((p) => p.id === value) ? <option value={value}>Someone no longer on staff</option> : null}
      </select>
    </div>
  );
}

/** Filters of the visits list: teacher, observer and a date range; they live in the URL. */
export function VisitFilters({ schoolId, filter, onChange }: { schoolId: string; filter: VisitFilter; onChange: (next: VisitFilter) => void }) {
  const teachers = useQuery(staffQuery(schoolId, { role: 'teacher' }));
  const staff = useQuery(staffQuery(schoolId, {}));
  const observers = { data: staff.data?.filter((p) => p.roles.some((r) => (OBSERVER_ROLES as readonly string[]).includes(r))), isError: staff.isError };
  const [from, setFrom] = useState(filter.from ?? '');
  const [to, setTo] = useState(filter.to ?? '');
  useEffect(() => setFrom(filter.from ?? ''), [filter.from]);
  useEffect(() => setTo(filter.to ?? ''), [filter.to]);
  const rangeError = from && to && isDate(from) && isDate(to) && from > to ? 'The start date is after the end date' : undefined;

  const setDate = (key: 'from' | 'to', value: string, other: string) => {
    (key === 'from' ? setFrom : setTo)(value);
    if (value !== '' && !isDate(value)) return;
    const [a, b] = key === 'from' ? [value, other] : [other, value];
    if (a && b && a > b) return;
    onChange({ ...filter, [key]: value || undefined });
  };

  return (
    <form role="search" aria-label="Filter visits" className="filters visit-filters" onSubmit={(e) => e.preventDefault()}>
      <PersonSelect label="Teacher" value={filter.teacherId} people={teachers} onChange={(teacherId) => onChange({ ...filter, teacherId })} />
      <PersonSelect label="Observer" value={filter.observerId} people={observers} onChange={(observerId) => onChange({ ...filter, observerId })} />
      <Field label="From" type="date" value={from} max={to || undefined} onChange={(e) => setDate('from', e.target.value, to)} />
      <Field label="To" type="date" value={to} min={from || undefined} onChange={(e) => setDate('to', e.target.value, from)} error={rangeError} />
    </form>
  );
}
