import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { LambdaFunctionUrlSchema } from '@aws-lambda-powertools/parser/schemas';
import { handleApproval } from '../../shared/approvals/flow';
import { getAppContext } from '../../shared/app/context';
import { logger } from '../../shared/app/observability';

/** The approval link's Lambda Function URL (payload format 2.0); the local server sends the same event. */
export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(parser({ schema: LambdaFunctionUrlSchema }))
  .handler(async (event) => {
    const ctx = await getAppContext();
    const { http } = event.requestContext;
    const body = event.body === undefined ? null : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const res = await handleApproval(ctx, { method: http.method, path: event.rawPath, body, origin: { sourceIp: http.sourceIp, userAgent: http.userAgent } });
    return { statusCode: res.status, headers: res.headers, body: res.body };
  });
