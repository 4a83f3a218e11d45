import { expect, test } from 'vitest';
import { MAX_PHOTO_BYTES as SERVER_MAX_BYTES, MAX_PHOTO_SIDE as SERVER_MAX_SIDE, MAX_PHOTOS_PER_VISIT, PHOTO_TYPES } from '../../schemas/visits';
import { MAX_PHOTO_BYTES, MAX_PHOTO_SIDE, MAX_PHOTOS, PHOTO_ACCEPT } from './photo-limits';

test('the capture page checks photos with the same limits as the API', () => {
  expect(PHOTO_ACCEPT).toEqual(PHOTO_TYPES);
  expect(MAX_PHOTO_BYTES).toBe(SERVER_MAX_BYTES);
  expect(MAX_PHOTO_SIDE).toBe(SERVER_MAX_SIDE);
  expect(MAX_PHOTOS).toBe(MAX_PHOTOS_PER_VISIT);
});
