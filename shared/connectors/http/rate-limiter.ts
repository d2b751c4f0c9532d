import { wallMs } from '../../clock';

/** What HttpClient waits on before each request: in-process (below) or shared by partition workers (shared/store/rate-bucket.ts). */
export interface RequestLimiter {
  /** Resolves when a request may start; `onWait` hears of each wait before it starts. */
  acquire(onWait?: (ms: number) => void): Promise<void>;
}

/**
 * A sliding-window limiter: at most `requests` starts in any `perSeconds` window. Vendors state
 * their limits this way (Datto RMM: 600 in the past 60 s; Autotask: 10,000 per rolling hour),
 * and a token bucket would allow a burst the vendor counts against us.
 */
export class SlidingWindowLimiter implements RequestLimiter {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  /** Milliseconds spent waiting for the window, for the benchmark. */
  waitedMs = 0;

  constructor(
    readonly requests: number,
    readonly perSeconds: number,
    private readonly now: () => number = wallMs,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when a request may start; callers are served in arrival order. `onWait` hears of each wait before it starts. */
  acquire(onWait?: (ms: number) => void): Promise<void> {
    const turn = this.queue.then(() => this.take(onWait));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(onWait?: (ms: number) => void): Promise<void> {
    const windowMs = this.perSeconds * 1000;
    for (;;) {
      const now = this.now();
      while (this.starts.length > 0 && this.starts[0]! <= now - windowMs) this.starts.shift();
      if (this.starts.length < this.requests) {
        this.starts.push(now);
        return;
      }
      const wait = this.starts[0]! + windowMs - now;
      this.waitedMs += wait;
      onWait?.(wait);
      await this.sleep(wait);
    }
  }
}
