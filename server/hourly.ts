/**
 * Runs `job` once `firstAfterMs` after start and then every hour, in this process, without keeping the process alive;
 * a failure goes to `onError` and the job runs again at the next hour. Returns a function that stops it.
 */
export function everyHour(job: () => Promise<unknown>, firstAfterMs: number, onError: (error: unknown) => void): () => void {
  const run = () => void job().catch(onError);
  const first = setTimeout(run, firstAfterMs);
  const hourly = setInterval(run, 3600_000);
  first.unref();
  hourly.unref();
  return () => {
    clearTimeout(first);
    clearInterval(hourly);
  };
}
