import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_RANGE_DAYS, MAX_VISIT_AHEAD_MS, SCHOOL_DATE_MAX, SCHOOL_DATE_MIN, dateOfDay, dateRange, dayNumber, schoolDate, schoolInstant } from './bounds';

describe('day numbers', () => {
  it('round-trip every date of years 0000-9999 and count real days', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const n = dayNumber(iso);
        expect(dateOfDay(n)).toBe(iso);
        expect(dayNumber(dateOfDay(n + 1)) - n).toBe(1);
      }),
      { numRuns: 2_000 },
    );
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
    expect(dayNumber('2100-03-01') - dayNumber('2100-02-28')).toBe(1);
  });

  it('refuse what is not a calendar date, and never produce a date of another shape', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '0099-02-29', '+010000-01-01', '2026-1-01', 'yesterday']) expect(dayNumber(bad), bad).toBeNaN();
    expect(dateOfDay(dayNumber('0099-01-01'))).toBe('0099-01-01');
    expect(() => dateOfDay(dayNumber('9999-12-31') + 1)).toThrow(RangeError);
    expect(() => dateOfDay(1.5)).toThrow(RangeError);
  });
});

describe('bounded schemas', () => {
  it('a school date lies between the first and last school days', () => {
    const date = schoolDate();
    for (const ok of [SCHOOL_DATE_MIN, SCHOOL_DATE_MAX, '2096-02-29']) expect(date.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['1999-12-31', '2101-01-01', '9999-12-31', '2100-02-29']) {
      const result = date.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error!.issues[0]!.message).toMatch(/Use a date/);
    }
  });

  it('an instant lies between 2000 and 2100, and a visit starts at most a day ahead', () => {
    const visitStart = schoolInstant({ maxAheadMs: MAX_VISIT_AHEAD_MS });
    expect(visitStart.safeParse(new Date(Date.now() + MAX_VISIT_AHEAD_MS - 60_000).toISOString()).success).toBe(true);
    expect(visitStart.safeParse(new Date(Date.now() + MAX_VISIT_AHEAD_MS + 60_000).toISOString()).success).toBe(false);
    expect(schoolInstant().safeParse('2100-12-31T23:59:59Z').success).toBe(true);
    expect(schoolInstant().safeParse('2100-12-31T23:59:59-06:00').success).toBe(false);
    expect(schoolInstant().safeParse('1999-12-31T23:59:59Z').success).toBe(false);
  });

  it('a from/to range is in order and at most five school years long', () => {
    const range = z.object({ from: schoolDate().optional(), to: schoolDate().optional() }).superRefine(dateRange());
    expect(range.safeParse({ from: '2026-01-01', to: '2026-01-01' }).success).toBe(true);
    expect(range.safeParse({ from: dateOfDay(dayNumber(SCHOOL_DATE_MAX) - MAX_RANGE_DAYS), to: SCHOOL_DATE_MAX }).success).toBe(true);
    const backwards = range.safeParse({ from: '2026-01-02', to: '2026-01-01' });
    expect(backwards.error!.issues).toEqual([expect.objectContaining({ path: ['to'], message: 'End on or after the start date' })]);
    const long = range.safeParse({ from: dateOfDay(dayNumber(SCHOOL_DATE_MAX) - MAX_RANGE_DAYS - 1), to: SCHOOL_DATE_MAX });
    expect(long.error!.issues).toEqual([expect.objectContaining({ path: ['from'] })]);
    expect(range.safeParse({ to: SCHOOL_DATE_MAX }).success).toBe(true);
  });
});

describe('one message per field', () => {
  it('a value that is not a date at all gets the format message only', () => {
    for (const schema of [schoolDate(), schoolInstant({ maxAheadMs: MAX_VISIT_AHEAD_MS })]) {
      const result = schema.safeParse('29/01/2027');
      expect(result.error!.issues).toHaveLength(1);
    }
  });
});
