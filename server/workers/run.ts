/**
 * Runs CPU-heavy work (unzipping and parsing uploads, building PDF/XLSX exports) in worker threads, so the event
 * loop keeps answering requests meanwhile.
 *
 * A task is a named export of its own module, a function `(input, context) => output` (sync or async):
 *
 *   // server/modules/things/parse.task.ts
 *   import type { TaskContext } from '../../workers/run';
 *   export async function parseThings(input: { bytes: Uint8Array }, context: TaskContext) {
 *     const known = await context.request<string[]>({ need: 'known ids' }); // answered by the caller's onRequest
 *     return { rows: 42 };
 *   }
 *
 *   // the caller (any module of the server)
 *   import { runInWorker, taskModule } from '../../workers/run';
 *   const result = await runInWorker<{ rows: number }>(taskModule(import.meta.url, './parse.task'), 'parseThings', { bytes }, {
 *     transfer: [bytes.buffer],          // moved, not copied (the caller's copy becomes unusable)
 *     onRequest: async (message) => loadKnownIds(db),
 *     timeoutMs: 60_000,
 *     maxHeapMb: 2048,
 *   });
 *
 * - Inputs, outputs and messages are copied with the structured clone algorithm (plain objects, arrays, Map, Set,
 *   typed arrays; no functions or class instances). Copying a large result costs the calling thread time too (tens
 *   of MB of strings: hundreds of ms): return bytes and move them with `withTransfer(result, [buffers])`.
 * - An error thrown by the task is thrown by `runInWorker` with its message and own properties; an `AppError`
 *   (server/http/errors) comes back as an `AppError`, so a task can answer the API with 4xx errors directly.
 * - A worker that runs past `timeoutMs`, is aborted by `signal`, or exceeds `maxHeapMb` is terminated (never
 *   reused) and `runInWorker` rejects with a `WorkerTaskError` whose `reason` says which.
 * - Workers are pooled (at most `maxWorkerThreads()` busy at once; more tasks wait their turn in order) and an idle
 *   worker exits after 30 s. The `onRequest` callback runs in the caller's async context (AsyncLocalStorage), so a
 *   database query it makes keeps the request's row-level-security scope.
 * - On Linux a worker thread runs at a lower CPU priority (nice 10) than the thread that answers requests, so on a
 *   busy machine the background work waits for a core rather than the requests.
 * - Works from TypeScript sources under `tsx` (development, tests: the worker registers tsx's loader itself) and
 *   from compiled JavaScript (`taskModule` keeps the caller's own extension).
 */
import { AsyncResource } from 'node:async_hooks';
import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker, type Transferable } from 'node:worker_threads';
import { AppError, type ErrorCode, type FieldError } from '../http/errors';

/** What a task receives besides its input. */
export interface TaskContext {
  /** Sends a message to the caller's `onRequest` and resolves with its answer (rejects with its error). */
  request<R = unknown>(message: unknown): Promise<R>;
}

/** The options of one task run. */
export interface RunOptions {
  /** ArrayBuffers in `input` to move to the worker instead of copying (they become unusable here). */
  transfer?: Transferable[];
  /** Answers the task's `context.request(message)` calls. */
  onRequest?: (message: unknown) => unknown;
  /** Terminates the worker after this long (default: no limit). */
  timeoutMs?: number;
  /** Terminates the task when this signal aborts. */
  signal?: AbortSignal;
  /** The worker's JavaScript heap limit in MB (default 1024); tasks with the same limit share workers. */
  maxHeapMb?: number;
}

/** The key under which `withTransfer` wraps a result (read by the worker's bootstrap below). */
const TRANSFER_KEY = '__roundsTransfer';

/**
 * For a task's return value: moves `transfer` (ArrayBuffers inside `value`) to the calling thread instead of copying
 * them. The caller receives `value` itself.
 */
export function withTransfer<T>(value: T, transfer: ArrayBuffer[]): T {
  return { [TRANSFER_KEY]: transfer, value } as unknown as T;
}

/** Why a task ended without its own result or error. */
export class WorkerTaskError extends Error {
  constructor(
    readonly reason: 'timeout' | 'aborted' | 'out_of_memory' | 'crashed',
    message: string,
  ) {
    super(message);
    this.name = 'WorkerTaskError';
  }
}

/** The module URL of a task file next to the caller, with the caller's own extension (.ts under tsx, .js compiled). */
export function taskModule(callerUrl: string, relative: string): URL {
  const ext = /\.[cm]?[jt]s$/.exec(new URL(callerUrl).pathname)?.[0] ?? '.js';
  return new URL(relative.replace(/\.[cm]?[jt]s$/, '') + ext, callerUrl);
}

// At least two, so one long task (a district's roster) does not hold up every other (an export) behind it.
let maxThreads = Math.max(2, Math.min(4, os.availableParallelism() - 1));
/** How many tasks may run at once in this process (default: the CPU count less one, 2 to 4). */
export function maxWorkerThreads(value?: number): number {
  if (value !== undefined) maxThreads = Math.max(1, Math.floor(value));
  return maxThreads;
}

const IDLE_MS = 30_000;
const DEFAULT_HEAP_MB = 1024;

/** The worker's own code: registers tsx for TypeScript task modules, then runs tasks one at a time. */
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
// On Linux a priority set for "process 0" applies to the calling thread only: this worker, not the app.
if (process.platform === 'linux') {
  try { require('node:os').setPriority(0, 10); } catch { /* not permitted: keep the default */ }
}
const modules = new Map();
const pending = new Map();
let nextRequest = 0;
const serialize = (error) => {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), props: {} };
  const props = {};
  for (const key of Object.keys(error)) {
    try { props[key] = structuredClone(error[key]); } catch { /* not cloneable: dropped */ }
  }
  return { name: error.name, message: error.message, stack: error.stack, props };
};
let tsx;
const load = async (url) => {
  if (url.endsWith('.ts') && !tsx) {
    tsx = await import(workerData.tsxApi);
    tsx.register();
  }
  if (!modules.has(url)) modules.set(url, import(url));
  return modules.get(url);
};
parentPort.on('message', async (message) => {
  if (message.type === 'reply') {
    const waiting = pending.get(message.rid);
    pending.delete(message.rid);
    if (message.error) waiting?.reject(Object.assign(new Error(message.error.message), message.error.props));
    else waiting?.resolve(message.value);
    return;
  }
  const { id, module, name, input } = message;
  const context = {
    request(value) {
      const rid = nextRequest++;
      return new Promise((resolve, reject) => {
        pending.set(rid, { resolve, reject });
        parentPort.postMessage({ type: 'request', id, rid, value });
      });
    },
  };
  try {
    const loaded = await load(module);
    if (typeof loaded[name] !== 'function') throw new Error(module + ' has no exported function ' + name);
    const value = await loaded[name](input, context);
    if (value && typeof value === 'object' && Array.isArray(value.${TRANSFER_KEY})) {
      parentPort.postMessage({ type: 'done', id, value: value.value }, value.${TRANSFER_KEY});
    } else {
      parentPort.postMessage({ type: 'done', id, value });
    }
  } catch (error) {
    parentPort.postMessage({ type: 'fail', id, error: serialize(error) });
  }
});
`;

interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  props: Record<string, unknown>;
}

/** Rebuilds an error thrown in a worker: AppError stays AppError; others keep their name, message and properties. */
function revive(data: SerializedError): Error {
  if (data.name === 'Error' && typeof data.props.code === 'string' && typeof data.props.status === 'number' && 'fields' in data.props) {
    return new AppError(data.props.code as ErrorCode, data.message, data.props.fields as FieldError[] | undefined, data.props.extra as Record<string, unknown> | undefined);
  }
  const error = Object.assign(new Error(data.message), data.props);
  error.name = data.name;
  if (data.stack) error.stack = `${data.stack}\n    --- in a worker thread ---`;
  return error;
}

interface PooledWorker {
  worker: Worker;
  heapMb: number;
  idleTimer?: NodeJS.Timeout;
  /** The task running now, if any. */
  current?: { id: number; settle(error: Error | null, value?: unknown): void; onRequest?: (message: unknown) => unknown };
}

const idle: PooledWorker[] = [];
const queue: (() => void)[] = [];
let busy = 0;
let nextId = 0;
let tsxApi: string | undefined;

function tsxApiUrl(): string {
  if (!tsxApi) {
    try {
      // The ESM entry of tsx's API (require.resolve finds its CommonJS twin next to it).
      tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    } catch {
      tsxApi = 'tsx/esm/api';
    }
  }
  return tsxApi;
}

function spawn(heapMb: number): PooledWorker {
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    execArgv: [],
    workerData: { tsxApi: tsxApiUrl() },
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
    stderr: false,
    stdout: false,
  });
  const pooled: PooledWorker = { worker, heapMb };
  worker.on('message', (message: { type: string; id: number; rid?: number; value?: unknown; error?: SerializedError }) => {
    const task = pooled.current;
    if (!task || task.id !== message.id) return;
    if (message.type === 'done') task.settle(null, message.value);
    else if (message.type === 'fail') task.settle(revive(message.error!));
    else if (message.type === 'request') {
      const reply = (value: unknown, error?: unknown) => {
        if (pooled.current?.id !== message.id) return;
        if (error === undefined) worker.postMessage({ type: 'reply', rid: message.rid, value });
        else {
          const e = error instanceof Error ? error : new Error(String(error));
          worker.postMessage({ type: 'reply', rid: message.rid, error: { message: e.message, props: { ...e } } });
        }
      };
      Promise.resolve()
        .then(() => (task.onRequest ? task.onRequest(message.value) : Promise.reject(new Error('The task asked a question but no onRequest was given.'))))
        .then((value) => reply(value), (error: unknown) => reply(undefined, error ?? new Error('onRequest failed')));
    }
  });
  worker.on('error', (error: Error & { code?: string }) => {
    const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
    pooled.current?.settle(
      new WorkerTaskError(outOfMemory ? 'out_of_memory' : 'crashed', outOfMemory ? `The task needed more than ${heapMb} MB of memory.` : error.message),
    );
  });
  worker.on('exit', (code) => {
    const at = idle.indexOf(pooled);
    if (at !== -1) idle.splice(at, 1);
    pooled.current?.settle(new WorkerTaskError('crashed', `The worker thread exited (code ${code}) before the task finished.`));
  });
  return pooled;
}

function release(pooled: PooledWorker, reusable: boolean): void {
  pooled.current = undefined;
  busy -= 1;
  if (reusable) {
    pooled.idleTimer = setTimeout(() => {
      const at = idle.indexOf(pooled);
      if (at !== -1) idle.splice(at, 1);
      void pooled.worker.terminate();
    }, IDLE_MS);
    pooled.idleTimer.unref();
    pooled.worker.unref();
    idle.push(pooled);
  } else {
    void pooled.worker.terminate();
  }
  queue.shift()?.();
}

/**
 * Runs `exportName` of the task module `module` on `input` in a worker thread and resolves with its result.
 * See the top of this file for the rules.
 */
export async function runInWorker<O = unknown, I = unknown>(module: URL | string, exportName: string, input: I, options: RunOptions = {}): Promise<O> {
  options.signal?.throwIfAborted();
  if (busy >= maxThreads) {
    await new Promise<void>((resolve) => queue.push(resolve));
    if (options.signal?.aborted) {
      queue.shift()?.();
      options.signal.throwIfAborted();
    }
  }
  busy += 1;
  const heapMb = options.maxHeapMb ?? DEFAULT_HEAP_MB;
  const at = idle.findIndex((w) => w.heapMb === heapMb);
  const pooled = at === -1 ? spawn(heapMb) : idle.splice(at, 1)[0]!;
  clearTimeout(pooled.idleTimer);
  pooled.worker.ref();
  const id = nextId++;
  const onRequest = options.onRequest ? AsyncResource.bind(options.onRequest) : undefined;
  return new Promise<O>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => settle(new WorkerTaskError('aborted', 'The task was cancelled.'));
    const settle = AsyncResource.bind((error: Error | null, value?: unknown) => {
      if (pooled.current?.id !== id) return;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // A worker that failed on its own terms (a thrown error) is fine to reuse; one that timed out, crashed or ran
      // out of memory is not.
      release(pooled, error === null || !(error instanceof WorkerTaskError));
      if (error) reject(error);
      else resolve(value as O);
    });
    pooled.current = { id, settle, onRequest };
    if (options.timeoutMs) timer = setTimeout(() => settle(new WorkerTaskError('timeout', `The task did not finish within ${options.timeoutMs} ms.`)), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const href = typeof module === 'string' ? module : module.href;
    try {
      pooled.worker.postMessage({ type: 'run', id, module: href, name: exportName, input }, options.transfer ?? []);
    } catch (error) {
      settle(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** Terminates every idle worker (busy ones finish their task first); for shutdown and tests. */
export async function closeWorkers(): Promise<void> {
  const all = idle.splice(0);
  await Promise.all(all.map((w) => (clearTimeout(w.idleTimer), w.worker.terminate())));
}
