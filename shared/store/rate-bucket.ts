import { KEYS } from './keys';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { wallMs } from '../clock';
import type { RateLimit } from '../connectors/http/for-source';
import type { RequestLimiter } from '../connectors/http/rate-limiter';
import { isConditionFailure, type Table } from './table';

/**
 * One token bucket per source in the table (`RATE#<sourceId>` / `BUCKET`), shared by every
 * partition worker of that source, so N workers together keep the rate one would. It is kept in
 * the virtual-scheduling form of a token bucket (GCRA): the item holds `next`, the instant (epoch
 * ms) the bucket is next empty, and each request reserves its start with one conditional
 * UpdateItem, then sleeps until it. A reservation moves `next` by one interval `T`; a burst of
 * `burst` requests may start at once after a quiet spell.
 *
 * At most `rate.requests` start in any window of `rate.perSeconds`: with T = window / (requests -
 * burst), a window holds at most floor(window / T) + burst = requests starts. The burst (a tenth of
 * the limit, at most 10) keeps a small pull quick and costs under 10% of the pace.
 * [I] Workers' clocks agree to milliseconds (Lambda hosts run NTP); the vendor's Retry-After
 * stays the last word (HttpClient honours it).
 */
export interface BucketShape {
  intervalMs: number;
  burst: number;
}

export function bucketShape(rate: RateLimit): BucketShape {
  const burst = Math.max(1, Math.min(10, Math.floor(rate.requests / 10)));
  return { intervalMs: (rate.perSeconds * 1000) / Math.max(1, rate.requests - burst), burst };
}

export interface BucketClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: BucketClock = { now: wallMs, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export const bucketKey = (sourceId: string) => ({ pk: KEYS.rate.pk(sourceId), sk: 'BUCKET' });

export class TableRateBucket implements RequestLimiter {
  private readonly shape: BucketShape;

  constructor(
    private readonly table: Table,
    private readonly sourceId: string,
    rate: RateLimit,
    private readonly clock: BucketClock = realClock,
  ) {
    this.shape = bucketShape(rate);
  }

  async acquire(onWait?: (ms: number) => void): Promise<void> {
    const start = await this.reserve();
    const wait = start - this.clock.now();
    if (wait <= 0) return;
    onWait?.(wait);
    await this.clock.sleep(wait);
  }

  /** Reserves the next start (epoch ms) for this caller; no two callers get starts closer than the shape allows. */
  async reserve(): Promise<number> {
    const { intervalMs, burst } = this.shape;
    const tolerance = (burst - 1) * intervalMs;
    for (;;) {
      const now = this.clock.now();
      // A busy bucket: `next` is ahead of now, so take the slot after it.
      const busy = await this.update('SET #next = #next + :t', '#next >= :now', { ':t': intervalMs, ':now': now });
      if (busy !== null) return Math.max(now, busy - intervalMs - tolerance);
      // A quiet bucket (or none yet): start now; a concurrent caller that got here first fails the condition and goes round again.
      const quiet = await this.update('SET #next = :next', 'attribute_not_exists(#next) OR #next < :now', { ':next': now + intervalMs, ':now': now });
      if (quiet !== null) return now;
    }
  }

  /** The bucket's new `next`, or null when the condition did not hold. */
  private async update(expression: string, condition: string, values: Record<string, number>): Promise<number | null> {
    try {
      const out = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: bucketKey(this.sourceId),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#next': 'next' },
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.next);
    } catch (err) {
      if (isConditionFailure(err)) return null;
      throw err;
    }
  }
}
