import { afterAll, expect } from 'vitest';
import { offOriginRequests } from './support/browser';

// Every browser test file: nothing the pages did may reach a host other than the app's own.
afterAll(() => {
  expect(offOriginRequests, 'requests that left the app origin').toEqual([]);
});
