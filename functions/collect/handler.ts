import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { collectSource } from '../../shared/app/collect';
import { getAppContext } from '../../shared/app/context';
import { logger, metrics } from '../../shared/app/observability';
import { runDateFor } from '../../shared/app/run-date';
import { CollectInvocation } from '../../shared/events/scheduled';

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(parser({ schema: CollectInvocation }))
  .handler(async (event) => {
    const ctx = await getAppContext();
    const runDate = event.runDate ?? runDateFor(ctx.config, ctx.now());
    metrics.addDimension('source', event.sourceId);
    const result = await collectSource(ctx, event.sourceId, runDate).catch((err: unknown) => {
      metrics.addMetric('SourceCollected', MetricUnit.Count, 0);
      throw err;
    });
    metrics.addMetric('SourceCollected', MetricUnit.Count, result.state === 'stored' ? 1 : 0);
    metrics.addMetric('VendorRequests', MetricUnit.Count, result.requests ?? 0);
    metrics.addMetric('QuarantinedRecords', MetricUnit.Count, result.counts?.quarantined ?? 0);
    return { runDate, sourceId: event.sourceId, state: result.state, counts: result.counts, error: result.error };
  });
