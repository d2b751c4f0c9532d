import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { getAppContext } from '../../shared/app/context';
import { eventSchema } from '../../shared/events/events';
import { notifyNight } from '../../shared/app/notify';
import { logger, metrics } from '../../shared/app/observability';

export const NotifyEvent = eventSchema('FindingsUpdated');

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(parser({ schema: NotifyEvent }))
  .handler(async (event) => {
    const ctx = await getAppContext();
    const sent = await notifyNight(ctx, event.detail.runDate);
    metrics.addMetric('RenewalAlertsSent', MetricUnit.Count, sent.renewalAlerts);
    metrics.addMetric('FinanceEmailsSent', MetricUnit.Count, sent.financeEmails);
    metrics.addMetric('LaborReviewsSent', MetricUnit.Count, sent.laborReviews);
    metrics.addMetric('AlertPostsFailed', MetricUnit.Count, sent.alerts.failed);
    return { runDate: event.detail.runDate, ...sent };
  });
