/**
 * Bundle budget, run after `vite build`: the gzipped JavaScript each page loads before it can run (its entry and
 * every static import, followed transitively; lazy-loaded route chunks are not counted).
 * Fails (exit 1) when the visit capture page loads more than 100 KB: it must open fast on a phone in a hallway.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

const OUT = path.resolve(import.meta.dirname, '../dist/web');
const MANIFEST = path.join(OUT, '.vite/manifest.json');
/** The capture page's budget: 100 KB (of 1000 bytes) of gzipped JavaScript. */
export const CAPTURE_BUDGET_BYTES = 100_000;

const gzipped = (file: string) => gzipSync(readFileSync(path.join(OUT, file)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** The JS files an entry loads up front: itself and its static imports, transitively. */
function staticClosure(manifest: Record<string, Chunk>, key: string): { js: string[]; css: string[] } {
  const seen = new Set<string>();
  const css = new Set<string>();
  const visit = (k: string) => {
    const chunk = manifest[k];
    if (!chunk || seen.has(k)) return;
    seen.add(k);
    chunk.css?.forEach((c) => css.add(c));
    chunk.imports?.forEach(visit);
  };
  visit(key);
  return { js: [...seen].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js')), css: [...css] };
}

function main(): number {
  if (!existsSync(MANIFEST)) {
    console.error(`No build manifest at ${path.relative(process.cwd(), MANIFEST)}: run \`vite build\` first (build.manifest is on in vite.config.ts).`);
    return 1;
  }
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, Chunk>;
  const pages = [
    { key: 'capture.html', name: 'Visit capture (/visits/new)', budget: CAPTURE_BUDGET_BYTES },
    { key: 'index.html', name: 'Main app entry (/)', budget: undefined },
  ];
  let failed = false;
  console.log('Gzipped JavaScript loaded up front:');
  for (const page of pages) {
    if (!manifest[page.key]) {
      console.error(`  ${page.name}: entry ${page.key} is missing from the build`);
      failed = true;
      continue;
    }
    const { js, css } = staticClosure(manifest, page.key);
    const total = js.reduce((sum, f) => sum + gzipped(f), 0);
    const cssTotal = css.reduce((sum, f) => sum + gzipped(f), 0);
    const over = page.budget !== undefined && total > page.budget;
    failed ||= over;
    const budget = page.budget === undefined ? '' : ` (budget ${kb(page.budget)}${over ? ' — OVER BUDGET' : ', ok'})`;
    console.log(`  ${page.name}: ${kb(total)} in ${js.length} file${js.length === 1 ? '' : 's'}${budget}; CSS ${kb(cssTotal)}`);
    for (const f of js) console.log(`    ${f}  ${kb(gzipped(f))}`);
  }
  if (failed) console.error('The bundle budget is exceeded: keep the capture page free of the router, the query cache, zod and charts.');
  return failed ? 1 : 0;
}

process.exitCode = main();
