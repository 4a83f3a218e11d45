import { describe, expect, test } from 'vitest';
import { MAX_PHOTO_SIDE } from './photo-limits';
import { planResize, resizePhoto, SMALL_PNG_BYTES } from './photo-resize';

const MB = 1024 * 1024;

describe('planResize', () => {
  test('a camera photo gets its longest side at the server’s limit, keeping its proportions', () => {
    expect(planResize({ width: 4000, height: 3000, type: 'image/jpeg', size: 6 * MB })).toEqual({ keep: false, width: MAX_PHOTO_SIDE, height: 1200, scaled: true });
    expect(planResize({ width: 3024, height: 4032, type: 'image/jpeg', size: 3 * MB })).toEqual({ keep: false, width: 1200, height: MAX_PHOTO_SIDE, scaled: true });
    expect(planResize({ width: 9000, height: 1000, type: 'image/webp', size: 2 * MB })).toEqual({ keep: false, width: 1600, height: 178, scaled: true });
  });

  test('never enlarges, and never rounds a side to nothing', () => {
    expect(planResize({ width: 1600, height: 1600, type: 'image/jpeg', size: MB })).toEqual({ keep: false, width: 1600, height: 1600, scaled: false });
    expect(planResize({ width: 640, height: 480, type: 'image/jpeg', size: 80_000 })).toMatchObject({ width: 640, height: 480, scaled: false });
    expect(planResize({ width: 20_000, height: 2, type: 'image/png', size: MB })).toMatchObject({ width: 1600, height: 1, scaled: true });
  });

  test('a PNG is kept only when it is small already and within the limit', () => {
    expect(planResize({ width: 800, height: 600, type: 'image/png', size: SMALL_PNG_BYTES }).keep).toBe(true);
    expect(planResize({ width: 800, height: 600, type: 'image/png', size: SMALL_PNG_BYTES + 1 }).keep).toBe(false);
    expect(planResize({ width: 2000, height: 600, type: 'image/png', size: 50_000 }).keep).toBe(false);
    expect(planResize({ width: 800, height: 600, type: 'image/jpeg', size: 50_000 }).keep).toBe(false);
  });

  test('honours another limit', () => {
    expect(planResize({ width: 1000, height: 500, type: 'image/jpeg', size: MB }, 100)).toMatchObject({ width: 100, height: 50 });
  });
});

test('where the photo cannot be decoded, the original is kept unchanged', async () => {
  // Node has no createImageBitmap (like an old browser); the bytes are no image at all either.
  const file = new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/jpeg' });
  expect(await resizePhoto(file)).toBe(file);
});
