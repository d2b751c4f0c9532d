import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaFunctionUrlEvent } from '@aws-lambda-powertools/parser/types';
import { handler } from '../functions/approval/handler';
import { systemClock } from '../shared/clock';
import { lambdaContext } from './bus';

/**
 * The approval endpoint on a laptop: each request becomes the Lambda Function URL event AWS
 * would send (payload format 2.0) and goes through the same handler, so local and AWS run the
 * same code. It listens on 127.0.0.1 only.
 */

/** Form posts are tiny; anything bigger is not a confirm form. */
const MAX_BODY_BYTES = 16 * 1024;
type Method = LambdaFunctionUrlEvent['requestContext']['http']['method'];
/** The methods a Function URL passes on; it refuses any other before the function runs. */
const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] satisfies Method[];

export async function startApprovalServer(port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    try {
      if (!METHODS.includes(req.method ?? '')) {
        res.writeHead(405, { 'Content-Type': 'text/plain', Allow: 'GET, HEAD, POST' }).end('method not allowed');
        return;
      }
      const body = await readBody(req);
      if (body === null) {
        res.writeHead(413, { 'Content-Type': 'text/plain' }).end('request body too large');
        return;
      }
      const out = (await handler(functionUrlEvent(req, body, port), lambdaContext('approval'))) as { statusCode: number; headers: Record<string, string>; body: string };
      res.writeHead(out.statusCode, out.headers);
      res.end(req.method === 'HEAD' ? undefined : out.body);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
      res.end(`approval endpoint error: ${(err as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function functionUrlEvent(req: IncomingMessage, body: string, port: number): LambdaFunctionUrlEvent {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  // The request's arrival time, as the Function URL stamps it; the handler keeps its own clock.
  const now = systemClock.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: `127.0.0.1:${port}`,
      domainPrefix: 'local',
      http: {
        method: req.method as Method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body ? { body } : {}),
    isBase64Encoded: false,
  };
}
