import { Worker } from 'node:worker_threads';

/**
 * An open-model load: requests arrive at a set rate (a Poisson process, as independent users do) over a fixed number
 * of kept-alive connections, whether or not earlier ones have been answered. A request's latency runs from the moment
 * it was due, so time spent waiting for a free connection counts (no coordinated omission, as in wrk2).
 *
 * autocannon measures the closed loop (each connection sends its next request when the previous one is answered),
 * which gives throughput: its latency at saturation is only connections / throughput. Its `overallRate` cannot stand
 * in for an offered rate: it lowers the connections to the rate and sends each second's share of every connection at
 * the start of the second, so a "50 requests/s" run is one burst of 50 per second.
 */
export interface OpenLoopJob {
  /** http://host:port of the app. */
  url: string;
  /** Connections opened before the run and used in turn (first in, first out). */
  connections: number;
  /** Requests per second offered. */
  rate: number;
  seconds: number;
  /**
   * The source of a plain JavaScript function `(n, data, randomUUID) => ({ kind, method, path, headers, body? })`
   * giving the n-th request (worker threads run no TypeScript on Node 20); `data` is passed as is.
   */
  build: string;
  data: unknown;
}

/** Latencies (ms, of 2xx answers) and other statuses per request kind. */
export interface OpenLoopKind {
  kind: string;
  times: number[];
  statuses: Record<string, number>;
}

export interface OpenLoopResult {
  /** Seconds from the first request due to the last answer. */
  duration: number;
  sent: number;
  errors: number;
  /** The most requests waiting for a connection at once. */
  maxQueued: number;
  kinds: OpenLoopKind[];
}

const OPEN_LOOP_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const job = workerData;
const build = new Function('return (' + job.build + ')')();
const target = new URL(job.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections, maxFreeSockets: job.connections, scheduling: 'fifo' });
const kinds = {};
let errors = 0;
let inFlight = 0;
let maxQueued = 0;

function send(request, due) {
  return new Promise((resolve) => {
    inFlight += 1;
    maxQueued = Math.max(maxQueued, inFlight - job.connections);
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const headers = { ...request.headers };
    if (body) headers['content-length'] = body.length;
    const req = http.request({ host: target.hostname, port: target.port, method: request.method, path: request.path, headers, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        inFlight -= 1;
        const k = (kinds[request.kind] ??= { kind: request.kind, times: [], statuses: {} });
        if (res.statusCode >= 200 && res.statusCode < 300) k.times.push(performance.now() - due);
        k.statuses[res.statusCode] = (k.statuses[res.statusCode] ?? 0) + 1;
        resolve();
      });
    });
    req.on('error', () => { inFlight -= 1; errors += 1; resolve(); });
    req.end(body);
  });
}

async function main() {
  // Open every connection first, so the run uses all of them from its first request.
  await Promise.all(Array.from({ length: job.connections }, () => send({ kind: '_warm', method: 'GET', path: '/api/health', headers: {} }, performance.now())));
  delete kinds._warm;
  const start = performance.now() + 20;
  const end = start + job.seconds * 1000;
  // Poisson arrivals: exponential gaps with mean 1/rate.
  const due = [];
  for (let t = start; ; ) {
    t += (-Math.log(1 - Math.random()) * 1000) / job.rate;
    if (t >= end) break;
    due.push(t);
  }
  const pending = [];
  let next = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < due.length && due[next] <= now) {
        pending.push(send(build(next, job.data, randomUUID), due[next]));
        next += 1;
      }
      if (next < due.length) setTimeout(tick, Math.max(0, Math.min(1, due[next] - performance.now())));
      else resolve();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(pending);
  const duration = (performance.now() - start) / 1000;
  agent.destroy();
  parentPort.postMessage({ duration, sent: due.length, errors, maxQueued: Math.max(0, maxQueued), kinds: Object.values(kinds) });
}
main().catch((error) => { throw error; });
`;

/** Runs one open-model load in a worker thread (its own event loop) and resolves with what it measured. */
export function openLoop(job: OpenLoopJob): Promise<OpenLoopResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(OPEN_LOOP_WORKER, { eval: true, workerData: job });
    worker.once('message', (result: OpenLoopResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
