import { describe, expect, test } from 'vitest';
import { DEFAULT_EVALUATIVE_WORDS } from '../../schemas/visits';
import { findEvaluative } from './evaluative';

describe('low-inference helper', () => {
  test('finds whole evaluative words and phrases, case-insensitively, in order', () => {
    const flags = findEvaluative('Great lesson. Students were ENGAGED; the teacher needs  to slow down. Good, good.', DEFAULT_EVALUATIVE_WORDS);
    expect(flags.map((f) => [f.word, f.count])).toEqual([
      ['great', 1],
      ['engaged', 1],
      ['needs to', 1],
      ['good', 2],
    ]);
    expect(flags[0]!.message).toBe('‘great’ describes a judgement — what did you see or hear?');
    expect(flags[2]!.message).toBe('‘needs to’ is advice — what did you see or hear that led to it?');
  });

  test('ignores parts of other words and anything inside quotes', () => {
    expect(findEvaluative('Goodbye song; greatest common factor; 12 of 24 students wrote a claim.', DEFAULT_EVALUATIVE_WORDS)).toEqual([]);
    expect(findEvaluative('T: "Great job, that is a strong claim." Then “you should check”', DEFAULT_EVALUATIVE_WORDS)).toEqual([]);
    expect(findEvaluative('T: "Great job" — a great moment', DEFAULT_EVALUATIVE_WORDS).map((f) => f.word)).toEqual(['great']);
  });

  test('uses the school’s own list, with words that need escaping', () => {
    expect(findEvaluative('A well-managed room; c++ was fun', ['well-managed', 'c++', 'fun']).map((f) => f.word)).toEqual(['well-managed', 'c++', 'fun']);
    expect(findEvaluative('a c+ grade', ['c++'])).toEqual([]);
    expect(findEvaluative('anything', [])).toEqual([]);
  });
});
