/** Tasks for run.test.ts: each exercises one promise of the worker helper. */
import os from 'node:os';
import { threadId } from 'node:worker_threads';
import { AppError } from '../http/errors';
import { withTransfer, type TaskContext } from './run';

/** Sums the bytes it was given (moved, not copied) and says which thread did it. */
export function sumBytes(input: { bytes: Uint8Array }): { sum: number; threadId: number } {
  let sum = 0;
  for (const b of input.bytes) sum += b;
  return { sum, threadId };
}

/** Asks the caller twice and combines the answers. */
export async function askTwice(input: { name: string }, context: TaskContext): Promise<string> {
  const a = await context.request<string>({ question: 'first', name: input.name });
  const b = await context.request<string>({ question: 'second' });
  return `${a}+${b}`;
}

/** Fails the way an API error does. */
export function failWithAppError(): never {
  throw new AppError('payload_too_large', 'Too big.', [{ path: 'users.csv', message: 'Too big.' }], { limit: 10 });
}

/** Keeps the thread busy for `ms`. */
export function spin(input: { ms: number }): number {
  const end = Date.now() + input.ms;
  let n = 0;
  while (Date.now() < end) n += 1;
  return n;
}

/** Allocates until the heap limit is reached. */
export function exhaustMemory(): number {
  const keep: number[][] = [];
  for (;;) keep.push(new Array(1_000_000).fill(keep.length));
}

/** Makes `n` bytes and moves them to the caller. */
export function makeBytes(input: { n: number }): { bytes: Uint8Array } {
  const bytes = new Uint8Array(input.n).fill(7);
  return withTransfer({ bytes }, [bytes.buffer]);
}

/** The CPU priority (nice value) of the thread running the task. */
export function threadPriority(): number {
  return os.getPriority(0);
}
