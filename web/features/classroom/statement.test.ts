import { describe, expect, test } from 'vitest';
import { NOT_AN_EVALUATION as fromSchemas } from '../../../schemas/sharing';
import { NOT_AN_EVALUATION } from './api';

describe('the "not an evaluation" statement', () => {
  test('the web copy says exactly what the server puts in exports', () => {
    expect(NOT_AN_EVALUATION).toBe(fromSchemas);
  });
});
