import type { AppContext } from '../app/context';
import type { AlertChannel } from '../config/alerts';
import { mailSent, recordMailSent } from '../store/records';
import type { AlertMessage } from './message';
import { postToWebhook, type PostOptions } from './post';

export interface AlertOutcome {
  posted: number;
  /** Posts that failed after their retries: the handlers count them in the AlertPostsFailed metric, which alarms. */
  failed: number;
}

export const NO_ALERTS: AlertOutcome = { posted: 0, failed: 0 };

/**
 * Posts `what` to every channel configured for it, once per channel and period (a marker beside
 * the emails' sent-mail markers). A failure is logged and counted, never thrown: the emails are
 * what must go out, and the next run posts what is still unmarked.
 */
export async function deliverAlerts(
  ctx: AppContext,
  what: AlertChannel['send'][number],
  period: string,
  build: (channel: AlertChannel) => AlertMessage | null,
  opts: PostOptions = {},
): Promise<AlertOutcome> {
  const outcome = { ...NO_ALERTS };
  for (const channel of ctx.config.alerts.filter((c) => c.send.includes(what))) {
    try {
      if (await mailSent(ctx.table, `alert-${what}`, channel.id, period)) continue;
      const message = build(channel);
      if (!message) continue;
      const url = await ctx.secrets(channel.webhookUrl, `alerts.${channel.id}.webhookUrl`);
      await postToWebhook(channel, url, message, opts);
      await recordMailSent(ctx.table, `alert-${what}`, channel.id, period, { at: ctx.now().toISOString(), kind: channel.kind, title: message.title });
      outcome.posted++;
    } catch (err) {
      outcome.failed++;
      // Messages here never hold the URL (post.ts); the channel id says which secret to check.
      ctx.logger.error('alert post failed; the email went out regardless', { channel: channel.id, kind: channel.kind, what, period, error: (err as Error).message });
    }
  }
  return outcome;
}
