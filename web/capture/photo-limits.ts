/**
 * Mirrors PHOTO_TYPES, MAX_PHOTO_BYTES, MAX_PHOTO_SIDE and MAX_PHOTOS_PER_VISIT of schemas/visits: values are not
 * imported from there, so zod stays out of the capture page's bundle (photo-limits.test.ts checks they agree).
 */
export const PHOTO_ACCEPT: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** The server stores photos with their longest side at most this many pixels: the device makes them so first. */
export const MAX_PHOTO_SIDE = 1600;
export const MAX_PHOTOS = 3;
