import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { Field } from '../../lib/ui';
import { staffQuery } from '../people/api';
import type { SchoolInsights } from './api';
import { BREAKDOWNS, gradeLabel, type Breakdown, type InsightSearch } from './search';

const OBSERVER_ROLES = ['principal', 'assistant_principal', 'coach'];
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

function Select({ label, value, onChange, children }: { label: string; value: string; onChange: (v: string) => void; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}

interface Props {
  schoolId: string;
  search: InsightSearch;
  /** The numbers on screen: their grades and subjects fill the selects (the equity lists are never filtered by them). */
  insights?: SchoolInsights;
  onChange: (next: InsightSearch) => void;
}

/** The insight's filters: dates, grade, subject, observer and the breakdown. They live in the URL, so a link keeps them. */
export function InsightFilterForm({ schoolId, search, insights, onChange }: Props) {
  const staff = useQuery(staffQuery(schoolId, {}));
  const observers = (staff.data ?? []).filter((p) => p.roles.some((r) => OBSERVER_ROLES.includes(r)));
  const grades = insights?.equity.grades.map((g) => g.key) ?? [];
  const subjects = insights?.equity.subjects.map((s) => s.key) ?? [];
  const [from, setFrom] = useState(search.from ?? '');
  const [to, setTo] = useState(search.to ?? '');
  useEffect(() => setFrom(search.from ?? ''), [search.from]);
  useEffect(() => setTo(search.to ?? ''), [search.to]);
  const rangeError = from && to && isDate(from) && isDate(to) && from > to ? 'The start date is after the end date' : undefined;

  const setDate = (key: 'from' | 'to', value: string, other: string) => {
    (key === 'from' ? setFrom : setTo)(value);
    if (value !== '' && !isDate(value)) return;
    const [a, b] = key === 'from' ? [value, other] : [other, value];
    if (a && b && a > b) return;
    onChange({ ...search, [key]: value || undefined });
  };
  const set = (key: 'grade' | 'subject' | 'observerId') => (value: string) => onChange({ ...search, [key]: value || undefined });
  const extra = (value: string | undefined, known: string[], text: string) =>
    value && !known.includes(value) ? <option value={value}>{text}</option> : null;

  return (
    <form role="search" aria-label="Filter the insights" className="filters insight-filters" onSubmit={(e) => e.preventDefault()}>
      <Field label="From" type="date" value={from} max={to || undefined} onChange={(e) => setDate('from', e.target.value, to)} />
      <Field label="To" type="date" value={to} min={from || undefined} onChange={(e) => setDate('to', e.target.value, from)} error={rangeError} />
      <Select label="Grade" value={search.grade ?? ''} onChange={set('grade')}>
        <option value="">All grades</option>
        {grades.map((g) => (
          <option key={g} value={g}>
            {gradeLabel(g)}
          </option>
        ))}
        {extra(search.grade, grades, gradeLabel(search.grade ?? ''))}
      </Select>
      <Select label="Subject" value={search.subject ?? ''} onChange={set('subject')}>
        <option value="">All subjects</option>
        {subjects.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
        {extra(search.subject, subjects, search.subject ?? '')}
      </Select>
      <Select label="Observer" value={search.observerId ?? ''} onChange={set('observerId')}>
        <option value="">{staff.isError ? 'Everyone (the list could not be loaded)' : 'Everyone'}</option>
        {observers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
        {extra(search.observerId, observers.map((p) => p.id), staff.data ? 'Someone no longer on staff' : 'Loading…')}
      </Select>
      <Select label="Break down by" value={search.breakdown ?? 'grade'} onChange={(v) => onChange({ ...search, breakdown: v === 'grade' ? undefined : (v as Exclude<Breakdown, 'grade'>) })}>
        {(Object.keys(BREAKDOWNS) as Breakdown[]).map((b) => (
          <option key={b} value={b}>
            {BREAKDOWNS[b]}
          </option>
        ))}
      </Select>
    </form>
  );
}
