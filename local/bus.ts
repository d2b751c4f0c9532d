import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { systemClock, type Clock } from '../shared/clock';
import type { DetailType, EventEnvelope, TrueupEvents } from '../shared/events/events';
import type { EventPublisher } from '../shared/events/publisher';

/**
 * EventBridge, in process: events keep EventBridge's envelope and are delivered to the same
 * handlers the rules target in AWS. Delivery waits for `drain()` so a local night runs in a
 * predictable order.
 */

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalBus extends EventPublisher {
  /** Delivers queued events (and the ones their handlers publish) until none is left. */
  drain(): Promise<Array<{ detailType: DetailType; result: unknown }>>;
}

export function createLocalBus(rules: Partial<Record<DetailType, LambdaHandler>>, region = 'local', clock: Clock = systemClock): LocalBus {
  const queue: EventEnvelope[] = [];
  return {
    async publish<T extends DetailType>(detailType: T, detail: TrueupEvents[T]) {
      queue.push({ version: '0', id: randomUUID(), 'detail-type': detailType, source: 'trueup', account: '000000000000', time: clock.now().toISOString(), region, resources: [], detail });
    },
    async drain() {
      const results: Array<{ detailType: DetailType; result: unknown }> = [];
      while (queue.length > 0) {
        const event = queue.shift()!;
        const target = rules[event['detail-type']];
        if (target) results.push({ detailType: event['detail-type'], result: await target(event, lambdaContext(event['detail-type'])) });
      }
      return results;
    },
  };
}

/** What Lambda hands a handler, enough for Powertools to log with. */
export function lambdaContext(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `trueup-${name}-local`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:trueup-${name}-local`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/trueup-${name}-local`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 900_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
