import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The local stand-in for Teams Workflows and Slack incoming webhooks: records every post and
 * answers as each does on success (Teams 202 with no body [I], Slack 200 "ok"). A post to a
 * path with `?fail=<status>&times=<n>` is refused with that status n times (every time without
 * `times`), so tests can show a retry and a failure. GET /posts lists what arrived.
 */
export interface WebhookStandIn {
  url: string;
  /** A webhook URL for a channel of this kind on the stand-in. */
  hook(kind: 'teams' | 'slack', name: string, fail?: { status: number; times?: number }): string;
  posts(): ReceivedPost[];
  close(): Promise<void>;
}

export interface ReceivedPost {
  kind: 'teams' | 'slack';
  path: string;
  status: number;
  body: unknown;
}

export async function startWebhookStandIn(port = 0): Promise<WebhookStandIn> {
  const received: ReceivedPost[] = [];
  const refusals = new Map<string, number>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/posts') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ posts: received }, null, 2));
      return;
    }
    const kind = url.pathname.startsWith('/teams/') ? 'teams' : url.pathname.startsWith('/slack/') ? 'slack' : null;
    if (req.method !== 'POST' || !kind) {
      res.writeHead(404).end('not a webhook');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = statusFor(url, refusals);
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      received.push({ kind, path: url.pathname, status: body === null ? 400 : status, body });
      if (body === null) res.writeHead(400).end('invalid_payload');
      else if (status >= 300) res.writeHead(status).end(kind === 'slack' ? 'channel_not_found' : '');
      else if (kind === 'slack') res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      else res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    hook: (kind, name, fail) => `${base}/${kind}/${name}${fail ? `?fail=${fail.status}${fail.times ? `&times=${fail.times}` : ''}` : ''}`,
    posts: () => [...received],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The status a refusing hook answers with, until its `times` are used up. */
function statusFor(url: URL, refusals: Map<string, number>): number {
  const fail = Number(url.searchParams.get('fail'));
  if (!fail) return 200;
  const times = Number(url.searchParams.get('times') ?? Infinity);
  const used = refusals.get(url.pathname) ?? 0;
  refusals.set(url.pathname, used + 1);
  return used < times ? fail : 200;
}
