import type { AlertChannel } from '../config/alerts';
import { staticHeaders } from '../connectors/http/auth';
import { HttpClient, type HttpClientOptions } from '../connectors/http/client';
import { VendorError } from '../connectors/http/errors';
import { slackPayload } from './slack';
import { teamsPayload } from './teams';
import type { AlertMessage } from './message';

/** A post that failed after its retries, said without the URL (its path or signature is the credential). */
export class AlertPostError extends Error {
  override name = 'AlertPostError';
}

export type PostOptions = Pick<HttpClientOptions, 'fetch' | 'sleep' | 'random' | 'baseBackoffMs'>;

/**
 * Posts one message to a channel's webhook with the connectors' HTTP client: bounded retries
 * with backoff on 429/5xx and timeouts, honouring Retry-After. A repeated post can show a
 * message twice, which is better than an alert lost, so posts count as safe to repeat.
 */
export async function postToWebhook(channel: AlertChannel, webhookUrl: string, message: AlertMessage, opts: PostOptions = {}): Promise<void> {
  const url = checkedUrl(channel, webhookUrl);
  const client = new HttpClient({
    vendor: `${channel.kind === 'teams' ? 'Teams' : 'Slack'} channel ${channel.id}`,
    baseUrl: url.origin,
    auth: staticHeaders(async () => ({})),
    authHint: `the webhook URL of alert channel ${channel.id}`,
    timeoutMs: 10_000,
    maxRetries: 3,
    maxRetryAfterMs: 30_000,
    ...opts,
  });
  const payload = channel.kind === 'teams' ? teamsPayload(message) : slackPayload(message);
  let res;
  try {
    res = await client.text({ method: 'POST', path: url.toString(), json: payload, idempotent: true });
  } catch (err) {
    // The client's message names the URL path, which for Slack holds the credential.
    if (err instanceof VendorError) throw new AlertPostError(`${err.vendor}: ${err.status ? `HTTP ${err.status}` : 'no answer'}${err.detail ? ` (${err.detail.slice(0, 80)})` : ''}`);
    throw new AlertPostError(`alert channel ${channel.id}: the post failed`);
  }
  // Slack says success with the body "ok"; Teams Workflows queue the run with 202 and no body [I].
  if (channel.kind === 'slack' && res.body.trim() !== 'ok') throw new AlertPostError(`Slack channel ${channel.id}: answered "${res.body.slice(0, 80)}" instead of ok`);
}

/** Any https URL is accepted (Teams Workflows hosts have moved before); plain http only for the local stand-in. */
function checkedUrl(channel: AlertChannel, webhookUrl: string): URL {
  let url: URL;
  try {
    url = new URL(webhookUrl.trim());
  } catch {
    throw new AlertPostError(`alert channel ${channel.id}: the webhook URL in its secret is not a URL`);
  }
  const loopback = url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !loopback) throw new AlertPostError(`alert channel ${channel.id}: the webhook URL must start with https://`);
  return url;
}
