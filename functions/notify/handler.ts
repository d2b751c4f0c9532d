import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import * as z from 'zod';
import { getAppContext } from '../../shared/app/context';
import { EventBridgeEnvelope } from '../../shared/events/envelope';
import { notifyNight } from '../../shared/app/notify';
import { logger, metrics } from '../../shared/app/observability';
import { IsoDate } from '../../shared/domain/model';

export const NotifyEvent = EventBridgeEnvelope.extend({ 'detail-type': z.literal('FindingsUpdated'), detail: z.object({ runDate: IsoDate }) });

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
