import { useEffect, useState, type FormEvent } from 'react';
import { Field } from '../../lib/ui';
import { compactSearch, type AnalysisSearch } from './analysis-search';

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

interface Props {
  search: AnalysisSearch;
  onChange: (next: AnalysisSearch) => void;
}

/** Dates, standard and grade of the analysis. They live in the URL, so a link (and the CSV download) keeps them. */
export function AnalysisFilters({ search, onChange }: Props) {
  const [values, setValues] = useState({ from: search.from ?? '', to: search.to ?? '', standard: search.standard ?? '', grade: search.grade ?? '' });
  useEffect(
    () => setValues({ from: search.from ?? '', to: search.to ?? '', standard: search.standard ?? '', grade: search.grade ?? '' }),
    [search.from, search.to, search.standard, search.grade],
  );
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const rangeError = isDate(values.from) && isDate(values.to) && values.from > values.to ? 'The start date is after the end date' : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rangeError) return;
    onChange(
      compactSearch({
        ...search,
        from: isDate(values.from) ? values.from : undefined,
        to: isDate(values.to) ? values.to : undefined,
        standard: values.standard.trim() || undefined,
        grade: values.grade.trim() || undefined,
      }),
    );
  };

  return (
    <form role="search" aria-label="Filter the analysis" className="filters insight-filters" onSubmit={submit}>
      <Field label="From" type="date" value={values.from} max={values.to || undefined} onChange={set('from')} />
      <Field label="To" type="date" value={values.to} min={values.from || undefined} onChange={set('to')} error={rangeError} />
      <Field label="Standard" hint="A standard or skill tag, e.g. Reading" value={values.standard} maxLength={100} onChange={set('standard')} />
      <Field label="Grade" hint="e.g. 03" value={values.grade} maxLength={20} onChange={set('grade')} />
      <div className="field">
        <button type="submit" className="button button-primary">
          Show
        </button>
      </div>
    </form>
  );
}
