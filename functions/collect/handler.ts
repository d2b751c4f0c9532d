import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import * as z from 'zod';
import { collectSource, type CollectResult } from '../../shared/app/collect';
import { getAppContext } from '../../shared/app/context';
import { collectPartition, failCollect, failWorkPartition, FinishTask, finishCollect, PartitionTask, planCollect } from '../../shared/app/fan-out';
import { logger, metrics } from '../../shared/app/observability';
import { runDateFor } from '../../shared/app/run-date';
import { CollectInvocation } from '../../shared/events/scheduled';

/**
 * One source and night in one invocation (the schedule's CollectInvocation, no action), or a step
 * of the collect state machine (lib/constructs/collect-machine.ts): plan, a partition, finish, or
 * record a failure (of the source, or of a work partition, which only leaves the work set stale).
 */
export const CollectEvent = z.union([
  z.strictObject({ ...CollectInvocation.shape, action: z.literal('plan') }),
  PartitionTask.extend({ action: z.literal('partition') }),
  PartitionTask.extend({ action: z.literal('work-partition-failed'), error: z.unknown() }),
  FinishTask.extend({ action: z.literal('finish') }),
  z.strictObject({ ...CollectInvocation.shape, action: z.literal('fail'), error: z.unknown() }),
  z.strictObject(CollectInvocation.shape),
]);

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(parser({ schema: CollectEvent }))
  .handler(async (event, context) => {
    const ctx = await getAppContext();
    const runDate = event.runDate ?? runDateFor(ctx.config, ctx.now());
    metrics.addDimension('source', event.sourceId);
    if ('action' in event) {
      if (event.action === 'plan') return planCollect(ctx, event.sourceId, runDate);
      if (event.action === 'partition') return collectPartition(ctx, event, () => context.getRemainingTimeInMillis());
      if (event.action === 'work-partition-failed') return failWorkPartition(ctx, event, errorMessage(event.error));
      // What a catch hands over is Step Functions' error output, {Error, Cause}; the message is in Cause.
      if (event.action === 'fail') return outcome(await failCollect(ctx, event.sourceId, runDate, errorMessage(event.error)), runDate);
      return outcome(await finishCollect(ctx, event), runDate);
    }
    const result = await collectSource(ctx, event.sourceId, runDate).catch((err: unknown) => {
      metrics.addMetric('SourceCollected', MetricUnit.Count, 0);
      throw err;
    });
    return outcome(result, runDate);
  });

function outcome(result: CollectResult, runDate: string) {
  metrics.addMetric('SourceCollected', MetricUnit.Count, result.state === 'stored' ? 1 : 0);
  metrics.addMetric('VendorRequests', MetricUnit.Count, result.requests ?? 0);
  metrics.addMetric('QuarantinedRecords', MetricUnit.Count, result.counts?.quarantined ?? 0);
  return { runDate, sourceId: result.sourceId, state: result.state, counts: result.counts, error: result.error };
}

const StepError = z.object({ Error: z.string().optional(), Cause: z.string().optional() });
/** A Lambda task's Cause is the function's error as JSON. */
const LambdaCause = z.object({ errorMessage: z.string() });

function errorMessage(error: unknown): string {
  const step = StepError.safeParse(error);
  const cause = step.success ? step.data.Cause : undefined;
  let text = cause ?? (step.success ? step.data.Error : undefined) ?? JSON.stringify(error);
  try {
    text = LambdaCause.parse(JSON.parse(text)).errorMessage;
  } catch {
    // Not a Lambda error's JSON: the text as it came.
  }
  return `the partitioned collect stopped: ${text}`;
}
