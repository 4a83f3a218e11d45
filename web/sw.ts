/**
 * The service worker: keeps the built app shell (HTML, JS, CSS, icons) so Rounds opens offline.
 * - Navigations go to the network first (fresh HTML and headers); offline, /visits/new gets the capture page and
 *   every other page the single-page app.
 * - Built files come from the precache (their names carry a content hash).
 * - /api is never touched: the capture kit and the outbox live in IndexedDB, managed by the pages.
 * The precache list is injected at build time by vite-plugin-pwa (injectManifest) in place of self.__WB_MANIFEST.
 */
export {};

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface ServiceWorkerScope {
  __WB_MANIFEST: { url: string; revision: string | null }[];
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
declare const self: ServiceWorkerScope;

const MANIFEST = self.__WB_MANIFEST;
const PREFIX = 'rounds-shell-';
/** Waiting longer than this for a page on a bad connection, the saved copy is shown instead. */
const NAVIGATION_TIMEOUT_MS = 4000;

/** A short hash of the precache list: a new build gets a new cache. */
function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}
const CACHE = PREFIX + hash(JSON.stringify(MANIFEST));
const absolute = (url: string) => new URL(url, self.location.origin).href;
const PRECACHED = new Set(MANIFEST.map(({ url }) => absolute(url)));
const SHELL = absolute('index.html');
const CAPTURE = absolute('capture.html');

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const { url, revision } of MANIFEST) {
        // Hashed files already cached by an older build are copied, not downloaded again.
        const earlier = revision === null ? await caches.match(absolute(url)) : undefined;
        if (earlier) await cache.put(absolute(url), earlier);
        else await cache.add(new Request(absolute(url), { cache: 'reload' }));
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function fromNetworkOrShell(request: Request, shell: string): Promise<Response> {
  const saved = () => caches.open(CACHE).then((c) => c.match(shell));
  const network = fetch(request);
  network.catch(() => undefined); // a late failure after the timeout is not an error
  const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS, undefined));
  try {
    const response = await Promise.race([network, timeout]);
    if (response) return response;
    return (await saved()) ?? (await network);
  } catch {
    const copy = await saved();
    if (copy) return copy;
    throw new Error('offline and no saved copy of the page');
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(fromNetworkOrShell(request, url.pathname.startsWith('/visits/new') ? CAPTURE : SHELL));
    return;
  }
  if (!PRECACHED.has(url.origin + url.pathname)) return;
  event.respondWith(
    (async () => {
      const cached = await (await caches.open(CACHE)).match(url.origin + url.pathname);
      return cached ?? fetch(request);
    })(),
  );
});
