import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import * as z from 'zod';
import { handleApproval } from '../../shared/approvals/flow';
import { getAppContext } from '../../shared/app/context';
import { logger } from '../../shared/app/observability';

/**
 * The fields of a Lambda Function URL event (payload format 2.0) the approval reads, checked as
 * Powertools' LambdaFunctionUrlSchema checks them; its schema module would put every zod locale
 * into the bundle. The local server sends the same event.
 */
export const FunctionUrlEvent = z.object({
  rawPath: z.string(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean(),
  requestContext: z.object({ http: z.object({ method: z.string(), path: z.string(), sourceIp: z.union([z.ipv4(), z.ipv6()]), userAgent: z.string() }) }),
});

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(parser({ schema: FunctionUrlEvent }))
  .handler(async (event) => {
    const ctx = await getAppContext();
    const { http } = event.requestContext;
    const body = event.body === undefined ? null : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const res = await handleApproval(ctx, { method: http.method, path: event.rawPath, body, origin: { sourceIp: http.sourceIp, userAgent: http.userAgent } });
    return { statusCode: res.status, headers: res.headers, body: res.body };
  });
