import { describe, expect, test } from 'vitest';
import { InsightFilters } from '../../../schemas/insights';
import { previousRange } from './format';
import { filtersOfSearch, gradeLabel, insightQueryString, sameFilters, searchOfFilters, validateInsightSearch } from './search';

describe('insight search params', () => {
  test('keeps valid filters, drops malformed ones and the default breakdown', () => {
    expect(
      validateInsightSearch({ from: '2026-09-07', to: 'soon', grade: '03', subject: ' ', observerId: 'not-a-uuid', breakdown: 'grade', extra: 'x' }),
    ).toEqual({ from: '2026-09-07', grade: '03' });
    expect(validateInsightSearch({ breakdown: 'hour', grade: 5 })).toEqual({ breakdown: 'hour', grade: '5' });
    expect(validateInsightSearch({ breakdown: 'nonsense' })).toEqual({});
  });

  test('a saved view round-trips through the URL, and its filters are what the API accepts', () => {
    const search = { from: '2026-09-07', to: '2026-11-24', grade: '03', breakdown: 'subject' as const };
    const filters = filtersOfSearch(search);
    expect(InsightFilters.parse(filters)).toEqual(filters);
    expect(searchOfFilters(filters)).toEqual(search);
    expect(sameFilters(searchOfFilters({ ...filters, breakdown: 'grade' }), { from: '2026-09-07', to: '2026-11-24', grade: '03' })).toBe(true);
    expect(sameFilters(search, { ...search, grade: '04' })).toBe(false);
  });

  test('the API query string carries only the set filters', () => {
    expect(insightQueryString('s1', { grade: '03' }, { format: 'xlsx' })).toBe('schoolId=s1&grade=03&format=xlsx');
  });

  test('labels and the comparison period', () => {
    expect(gradeLabel('03')).toBe('Grade 3');
    expect(gradeLabel('KG')).toBe('Kindergarten');
    expect(previousRange('2026-09-07', '2026-11-29')).toEqual({ from: '2026-06-15', to: '2026-09-06' });
  });
});
