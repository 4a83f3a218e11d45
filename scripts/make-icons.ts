/**
 * Draws the app icons (the PWA manifest's and the browser tab's) into web/public/icons/.
 * The glyph is a path, not text, so the result is the same on every machine. Run: `npx tsx scripts/make-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const OUT = path.resolve(import.meta.dirname, '../web/public/icons');
const BRAND = '#1f4e5f';

/** An "R" in white on the brand colour; `maskable` fills the square and keeps the glyph inside the safe zone. */
function svg(maskable: boolean): string {
  const scale = maskable ? 0.72 : 0.9;
  const shift = (512 - 512 * scale) / 2;
  const background = maskable ? `<rect width="512" height="512" fill="${BRAND}"/>` : `<rect width="512" height="512" rx="112" fill="${BRAND}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">${background}
  <g transform="translate(${shift} ${shift}) scale(${scale})">
    <path d="M196 384 V128 H284 A74 74 0 0 1 284 276 H196 M268 276 L336 384" fill="none" stroke="#fff" stroke-width="52" stroke-linecap="round" stroke-linejoin="round"/>
  </g></svg>`;
}

mkdirSync(OUT, { recursive: true });
writeFileSync(path.join(OUT, 'icon.svg'), svg(false));
const targets: [string, number, boolean][] = [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
];
for (const [name, size, maskable] of targets) {
  await sharp(Buffer.from(svg(maskable))).resize(size, size).png({ compressionLevel: 9 }).toFile(path.join(OUT, name));
}
console.log(`Icons written to ${path.relative(process.cwd(), OUT)}`);
