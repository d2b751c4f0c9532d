import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Vendor requests made by one unit of work (a collect invocation, a partition), counted by the
 * HttpClient of whichever connector makes them. A connector's own stats cannot say this: it lives
 * as long as its container, and in one process (the local runner) several partitions of a source
 * share it at once.
 */
export interface RequestMeter {
  requests: number;
}

const current = new AsyncLocalStorage<RequestMeter>();

/** Runs `work` with every vendor request it makes (however deep, however concurrent) counted on `meter`. */
export function metered<T>(meter: RequestMeter, work: () => Promise<T>): Promise<T> {
  return current.run(meter, work);
}

/** Called by the HttpClient for each request it sends. */
export function countRequest(): void {
  const meter = current.getStore();
  if (meter) meter.requests++;
}
