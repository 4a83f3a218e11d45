import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** One load run: GET a URL, or POST a new visit (a fresh id per request) when `visit` is given. */
export interface LoadJob {
  url: string;
  cookie: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  /** POST /api/visits bodies: every request a new device-made id. */
  visit?: { schoolId: string; teacherIds: string[] };
}

/** What one load run measured (times in ms). */
export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The load generator, run in a worker thread (plain JavaScript: TypeScript loaders do not reach workers on
 * Node 20), so it does not share the server's event loop. Percentiles come from every 2xx response time,
 * since autocannon itself reports no p95.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const autocannon = require(workerData.autocannonPath);
const job = workerData.job;
const times = [];
let non2xx = 0;
let n = 0;
const options = { url: job.url, connections: job.connections, duration: job.seconds, headers: { cookie: job.cookie } };
if (job.visit) {
  options.requests = [{
    method: 'POST',
    setupRequest: (req) => {
      n += 1;
      const body = {
        id: randomUUID(), schoolId: job.visit.schoolId, teacherId: job.visit.teacherIds[n % job.visit.teacherIds.length],
        startedAt: new Date().toISOString(), durationMinutes: 8, evidence: 'Students explained their reasoning to a partner. 14 of 20 talking.', tags: [],
      };
      return { ...req, headers: { ...req.headers, cookie: job.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) };
    },
  }];
}
const instance = autocannon(options);
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
  else non2xx += 1;
});
instance.then((result) => {
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.max(0, Math.ceil((p / 100) * times.length) - 1))] ?? NaN;
  parentPort.postMessage({
    connections: job.connections, seconds: job.seconds, requests: times.length + non2xx, non2xx,
    errors: result.errors + result.timeouts, rps: times.length / result.duration,
    p50: pct(50), p95: pct(95), p99: pct(99), max: times[times.length - 1] ?? NaN,
  });
});
`;

/** Runs one autocannon load in a worker thread and resolves with its numbers. */
export function loadInWorker(job: LoadJob): Promise<LoadResult> {
  const autocannonPath = createRequire(import.meta.url).resolve('autocannon');
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { job, autocannonPath } });
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** One line of results. */
export function formatResult(label: string, r: LoadResult): string {
  return (
    `  ${label.padEnd(34)} ${String(r.connections).padStart(3)} conn: ${r.rps.toFixed(0).padStart(6)} req/s   ` +
    `p50 ${r.p50.toFixed(1)} ms   p95 ${r.p95.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   max ${r.max.toFixed(1)} ms` +
    `${r.non2xx || r.errors ? `   (${r.non2xx} non-2xx, ${r.errors} errors)` : ''}`
  );
}
