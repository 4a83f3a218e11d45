import sharp from 'sharp';
import type { Db } from '../../../db/database';
import { MAX_PHOTO_SIDE, MAX_PHOTOS_PER_VISIT } from '../../../schemas/visits';
import type { SessionUser } from '../../http/access';
import { AppError, forbidden, notFound } from '../../http/errors';
import { visitsPolicy } from './visits.policy';
import { findVisit } from './visits.repo';

/**
 * Re-encodes an uploaded image: the format is read from the bytes (never the header or name), only JPEG, PNG
 * and WebP are accepted, it is turned upright, resized and written again without any metadata (EXIF, GPS).
 */
export async function reencodePhoto(input: Buffer): Promise<{ bytes: Buffer; width: number; height: number; contentType: 'image/jpeg' | 'image/webp' }> {
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: 40_000_000 }).metadata()).format;
  } catch {
    format = undefined;
  }
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') {
    throw new AppError('unsupported_media_type', 'Photos must be JPEG, PNG or WebP images.');
  }
  const pipeline = sharp(input, { limitInputPixels: 40_000_000 }).rotate().resize(MAX_PHOTO_SIDE, MAX_PHOTO_SIDE, { fit: 'inside', withoutEnlargement: true });
  const { data, info } = await (format === 'png' ? pipeline.webp({ quality: 85 }) : pipeline.jpeg({ quality: 82, mozjpeg: true })).toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height, contentType: format === 'png' ? 'image/webp' : 'image/jpeg' };
}

/** Attaches a photo to a visit (its author only). The photo id is made on the device, so a retry stores it once. */
export async function attachPhoto(db: Db, user: SessionUser, visitId: string, photoId: string, body: unknown) {
  const visit = await findVisit(db, visitId);
  if (!visit || !visitsPolicy.canRead(user, visit)) throw notFound('That visit');
  if (!visitsPolicy.canEdit(user, visit)) throw forbidden('Only the person who recorded a visit can add photos.');
  if (!Buffer.isBuffer(body)) throw new AppError('unsupported_media_type', 'Send the photo as a JPEG, PNG or WebP body.');
  const existing = await db.selectFrom('visit_photos').select(['id', 'visit_id', 'width', 'height']).where('id', '=', photoId).executeTakeFirst();
  if (existing) {
    if (existing.visit_id !== visitId) throw new AppError('conflict', 'That photo id is already used.');
    return { id: existing.id, width: existing.width, height: existing.height, created: false };
  }
  if (visit.photos.length >= MAX_PHOTOS_PER_VISIT) {
    throw new AppError('validation_failed', `A visit holds at most ${MAX_PHOTOS_PER_VISIT} photos.`, [{ path: 'body', message: 'Remove a photo first' }]);
  }
  const photo = await reencodePhoto(body);
  await db
    .insertInto('visit_photos')
    .values({ id: photoId, visit_id: visitId, content_type: photo.contentType, bytes: photo.bytes, width: photo.width, height: photo.height })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return { id: photoId, width: photo.width, height: photo.height, created: true };
}

/** A visit's photo, for whoever may read the visit. */
export async function readPhoto(db: Db, user: SessionUser, visitId: string, photoId: string) {
  const visit = await findVisit(db, visitId);
  if (!visit || !visitsPolicy.canRead(user, visit)) throw notFound('That photo');
  const photo = await db.selectFrom('visit_photos').select(['bytes', 'content_type']).where('id', '=', photoId).where('visit_id', '=', visitId).executeTakeFirst();
  if (!photo) throw notFound('That photo');
  return photo;
}
