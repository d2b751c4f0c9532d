import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { getAppContext } from '../../shared/app/context';
import { sendDigest } from '../../shared/app/digest';
import { logger, metrics } from '../../shared/app/observability';

/** Weekly schedule; the input carries nothing the digest needs. */
export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async () => {
    const ctx = await getAppContext();
    const { weekOf, sentTo, alerts } = await sendDigest(ctx);
    metrics.addMetric('DigestsSent', MetricUnit.Count, sentTo.length);
    metrics.addMetric('AlertPostsFailed', MetricUnit.Count, alerts.failed);
    return { weekOf, sentTo };
  });
