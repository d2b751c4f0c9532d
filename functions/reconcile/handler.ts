import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import * as z from 'zod';
import { getAppContext } from '../../shared/app/context';
import { eventSchema } from '../../shared/events/events';
import { DeadlineInvocation } from '../../shared/events/scheduled';
import { logger, metrics } from '../../shared/app/observability';
import { reconcileNight } from '../../shared/app/reconcile-night';
import { runDateFor } from '../../shared/app/run-date';

/** A source reported (EventBridge), or the night's deadline passed (Scheduler). */
export const ReconcileEvent = z.union([
  eventSchema('SnapshotStored'),
  DeadlineInvocation,
]);

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(parser({ schema: ReconcileEvent }))
  .handler(async (event) => {
    const ctx = await getAppContext();
    const deadline = 'deadline' in event;
    const runDate = 'detail' in event ? event.detail.runDate : (event.runDate ?? runDateFor(ctx.config, ctx.now(), ctx.config.schedule.reconcileDeadlineMinutes));
    const outcome = await reconcileNight(ctx, runDate, { deadline });
    if (outcome.state !== 'done') {
      logger.info(outcome.state === 'waiting' ? 'waiting for sources' : 'these snapshots were reconciled already', { runDate, ...outcome });
      metrics.addMetric(outcome.state === 'waiting' ? 'ReconcileWaiting' : 'ReconcileDuplicate', MetricUnit.Count, 1);
      return outcome;
    }
    const { report } = outcome;
    metrics.addMetric('NightCompleted', MetricUnit.Count, 1);
    metrics.addMetric('UnbilledCentsPerMonth', MetricUnit.Count, report.totals.unbilledCents);
    metrics.addMetric('StaleSources', MetricUnit.Count, report.sources.filter((s) => s.state !== 'fresh').length);
    // The full report is for the local runner and the CLI; async invocations discard it in AWS.
    return { state: 'done', runDate, report };
  });
