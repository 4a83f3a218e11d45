import { AsyncLocalStorage } from 'node:async_hooks';
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../http/errors';
import { closeWorkers, runInWorker, taskModule, WorkerTaskError } from './run';

const tasks = taskModule(import.meta.url, './test-tasks');
afterAll(() => closeWorkers());

describe('runInWorker', () => {
  it('runs the task in another thread, moving transferred bytes', async () => {
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const result = await runInWorker<{ sum: number; threadId: number }>(tasks, 'sumBytes', { bytes }, { transfer: [bytes.buffer] });
    expect(result.sum).toBe(256);
    expect(result.threadId).not.toBe(threadId);
    expect(bytes.byteLength).toBe(0);
  });

  it('moves a result’s buffers back when the task says so', async () => {
    const { bytes } = await runInWorker<{ bytes: Uint8Array }>(tasks, 'makeBytes', { n: 1_000_000 });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.byteLength).toBe(1_000_000);
    expect(bytes[999_999]).toBe(7);
  });

  it('answers the task’s requests in the caller’s async context', async () => {
    const store = new AsyncLocalStorage<string>();
    const seen: unknown[] = [];
    const result = await store.run('request-42', () =>
      runInWorker<string>(tasks, 'askTwice', { name: 'x' }, {
        onRequest: async (message) => {
          seen.push([message, store.getStore()]);
          return (message as { question: string }).question;
        },
      }),
    );
    expect(result).toBe('first+second');
    expect(seen).toEqual([
      [{ question: 'first', name: 'x' }, 'request-42'],
      [{ question: 'second' }, 'request-42'],
    ]);
  });

  it('passes an error from onRequest to the task, which can let it fail the run', async () => {
    await expect(runInWorker(tasks, 'askTwice', { name: 'x' }, { onRequest: () => Promise.reject(new Error('no database')) })).rejects.toThrow('no database');
  });

  it('throws an AppError from the task as an AppError', async () => {
    const error = await runInWorker(tasks, 'failWithAppError', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'payload_too_large', status: 413, message: 'Too big.', fields: [{ path: 'users.csv', message: 'Too big.' }], extra: { limit: 10 } });
  });

  it('terminates a task that runs too long, and one that runs out of memory; the pool keeps working', async () => {
    const slow = await runInWorker(tasks, 'spin', { ms: 5000 }, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(WorkerTaskError);
    expect((slow as WorkerTaskError).reason).toBe('timeout');
    const hungry = await runInWorker(tasks, 'exhaustMemory', {}, { maxHeapMb: 64 }).catch((e: unknown) => e);
    expect(hungry).toBeInstanceOf(WorkerTaskError);
    expect((hungry as WorkerTaskError).reason).toBe('out_of_memory');
    const controller = new AbortController();
    const aborted = runInWorker(tasks, 'spin', { ms: 5000 }, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    expect(((await aborted) as WorkerTaskError).reason).toBe('aborted');
    expect(await runInWorker(tasks, 'spin', { ms: 1 })).toBeGreaterThan(0);
  });

  it.runIf(process.platform === 'linux')('runs tasks at a lower CPU priority (nice 10), leaving the calling thread’s alone', async () => {
    const os = await import('node:os');
    const before = os.getPriority(0);
    expect(await runInWorker<number>(tasks, 'threadPriority', {})).toBe(10);
    expect(os.getPriority(0)).toBe(before);
    expect(before).toBeLessThan(10);
  });

  it('keeps the event loop free while a task computes', async () => {
    const started = Date.now();
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(Date.now()), 10);
    await runInWorker(tasks, 'spin', { ms: 500 });
    clearInterval(timer);
    // The main thread went on ticking during the half second of work (a blocked loop would tick once at the end).
    expect(ticks.filter((t) => t < started + 500).length).toBeGreaterThan(10);
  });
});
