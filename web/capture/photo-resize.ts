/**
 * Photos are made smaller on the device before they are kept in the outbox: a phone's 3–12 MB camera photo becomes a
 * JPEG of a few hundred KB with its longest side at the server's limit, upright and without EXIF (no GPS position).
 * It saves the device's storage while offline and the school's Wi-Fi when sending. Where the browser cannot decode
 * the photo, the original is kept unchanged: the server validates, resizes and strips it anyway.
 */
import { MAX_PHOTO_SIDE } from './photo-limits';

/** A PNG this small, already within the size limit, is kept as it is (a screenshot stays sharp). */
export const SMALL_PNG_BYTES = 512 * 1024;
/** JPEG quality of a resized photo: student handwriting stays readable. */
export const JPEG_QUALITY = 0.85;

export interface Plan {
  /** Keep the file as it is: nothing to gain from re-encoding it. */
  keep: boolean;
  width: number;
  height: number;
  /** Whether the photo is made smaller (its longest side was over the limit). */
  scaled: boolean;
}

/** What to do with a decoded photo of `width` x `height` (upright): the size to draw it at, or keep it as it is. */
export function planResize(photo: { width: number; height: number; type: string; size: number }, maxSide = MAX_PHOTO_SIDE): Plan {
  const long = Math.max(photo.width, photo.height);
  const scale = long > maxSide ? maxSide / long : 1;
  const width = Math.max(1, Math.round(photo.width * scale));
  const height = Math.max(1, Math.round(photo.height * scale));
  const scaled = scale < 1;
  return { keep: !scaled && photo.type === 'image/png' && photo.size <= SMALL_PNG_BYTES, width, height, scaled };
}

async function encode(source: ImageBitmap, width: number, height: number): Promise<Blob | null> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (ctx) {
      draw(ctx, source, width, height);
      return canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
    }
  }
  if (typeof document === 'undefined') return null;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  draw(ctx, source, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
}

function draw(ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D, source: ImageBitmap, width: number, height: number): void {
  // JPEG has no transparency: a transparent PNG goes on white, not black.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, width, height);
}

/**
 * The photo to keep and upload: resized and re-encoded as JPEG, or `file` itself when that is not worth it (a small
 * PNG, a re-encoding that came out larger) or not possible (a format or browser that cannot decode it). Never throws.
 */
export async function resizePhoto<T extends Blob>(file: T): Promise<T | Blob> {
  let bitmap: ImageBitmap | undefined;
  try {
    if (typeof createImageBitmap !== 'function') return file;
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const plan = planResize({ width: bitmap.width, height: bitmap.height, type: file.type, size: file.size });
    if (plan.keep) return file;
    const blob = await encode(bitmap, plan.width, plan.height);
    if (!blob || blob.size === 0) return file;
    return !plan.scaled && blob.size >= file.size ? file : blob;
  } catch {
    return file;
  } finally {
    bitmap?.close();
  }
}
