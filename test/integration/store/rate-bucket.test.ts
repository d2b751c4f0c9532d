import { describe, expect, it } from 'vitest';
import { wallMs } from '../../../shared/clock';
import { bucketShape, TableRateBucket, type BucketClock } from '../../../shared/store/rate-bucket';
import { ENGINES, useDynamo } from '../../support/dynamo';

/** The most starts that fall in any window of `windowMs` (half-open, as vendors count a rolling window). */
function mostInAnyWindow(starts: number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('bucketShape', () => {
  it('spaces requests so a burst plus the steady pace fit the limit in any window', () => {
    expect(bucketShape({ requests: 100, perSeconds: 1 })).toEqual({ burst: 10, intervalMs: 1000 / 90 });
    expect(bucketShape({ requests: 332, perSeconds: 300 })).toEqual({ burst: 10, intervalMs: 300_000 / 322 });
    expect(bucketShape({ requests: 5, perSeconds: 1 })).toEqual({ burst: 1, intervalMs: 250 });
  });
});

describe.each(ENGINES)('token bucket in DynamoDB (%s)', (engine) => {
  const db = useDynamo(engine);

  it('never lets N concurrent workers reserve more than the limit in any window', async () => {
    const rate = { requests: 40, perSeconds: 1 };
    // Six workers, each with its own bucket object (as each Lambda has), race for 20 starts each.
    const starts = (
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          const limiter = new TableRateBucket(db.table, 'race', rate);
          const mine: number[] = [];
          for (let k = 0; k < 20; k++) mine.push(await limiter.reserve());
          return mine;
        }),
      )
    ).flat();
    expect(starts).toHaveLength(120);
    expect(mostInAnyWindow(starts, 1000)).toBeLessThanOrEqual(40);
  });

  it('makes workers that each wait for their start keep the limit, through quiet spells and contention', async () => {
    const rate = { requests: 50, perSeconds: 0.5 };
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        const limiter = new TableRateBucket(db.table, 'workers', rate);
        for (let k = 0; k < 20; k++) {
          // A worker pauses now and then, as one waiting on a slow vendor answer does, so the bucket goes quiet and fills.
          if (k % 7 === w % 3) await new Promise((r) => setTimeout(r, 120));
          const at = await limiter.reserve();
          if (at > wallMs()) await new Promise((r) => setTimeout(r, at - wallMs()));
          starts.push(at);
        }
      }),
    );
    expect(mostInAnyWindow(starts, 500)).toBeLessThanOrEqual(50);
  });

  it('lets a burst start at once after a quiet spell, then makes each caller wait its interval', async () => {
    let now = 1_000_000;
    const waits: number[] = [];
    const clock: BucketClock = { now: () => now, sleep: async (ms) => void waits.push(ms) };
    const limiter = new TableRateBucket(db.table, 'burst', { requests: 100, perSeconds: 1 }, clock);
    for (let k = 0; k < 13; k++) await limiter.acquire();
    const interval = 1000 / 90;
    // Ten start at once; the eleventh waits one interval, the twelfth two, as the clock stands still.
    expect(waits.map((w) => Math.round(w * 1000) / 1000)).toEqual([1, 2, 3].map((n) => Math.round(n * interval * 1000) / 1000));
    // After a quiet second the bucket is full again.
    now += 2000;
    waits.length = 0;
    for (let k = 0; k < 10; k++) await limiter.acquire();
    expect(waits).toEqual([]);
  });
});
