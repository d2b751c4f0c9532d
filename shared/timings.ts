/**
 * Where a use case's time goes, phase by phase. Only the night benchmark installs one (through
 * AppContext); production leaves it out and each timed step costs one optional call.
 */
export type Timings = (phase: string, ms: number) => void;

export async function timed<T>(timings: Timings | undefined, phase: string, work: () => Promise<T>): Promise<T> {
  if (!timings) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings(phase, performance.now() - started);
  }
}

export function timedSync<T>(timings: Timings | undefined, phase: string, work: () => T): T {
  if (!timings) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    timings(phase, performance.now() - started);
  }
}
