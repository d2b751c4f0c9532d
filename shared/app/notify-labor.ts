import { createLinkSigner } from '../approvals/tokens';
import { laborWebLinks } from '../connectors/web-links';
import { weekdayOf, weekOf } from '../domain/dates';
import { isLiveLabor } from '../domain/labor/ledger';
import { renderLaborReview, type LaborReviewModel } from '../mail/render-labor-review';
import { loadLaborLedger } from '../store/labor';
import { mailSent, recordMailSent } from '../store/records';
import type { AppContext } from './context';
import { mspInfo } from './msp';

/**
 * Finance's weekly labor review list, after the night of the review day (laborFindings.reviewDay):
 * once per week per recipient, and only when there is something open to review.
 */
export async function notifyLaborReview(ctx: AppContext, runDate: string): Promise<number> {
  const { laborFindings } = ctx.config;
  if (!laborFindings.enabled || weekdayOf(runDate) !== laborFindings.reviewDay) return 0;
  const open = (await loadLaborLedger(ctx.table)).filter(isLiveLabor).sort((a, b) => (b.amountCents ?? 0) - (a.amountCents ?? 0) || a.key.localeCompare(b.key));
  if (open.length === 0) return 0;
  const signer = await createLinkSigner(ctx.config, ctx.secrets, ctx.now);
  const links = laborWebLinks(ctx.config.sources);
  const period = weekOf(runDate);
  let sent = 0;
  for (const to of ctx.config.recipients.finance) {
    if (await mailSent(ctx.table, 'labor-review', to, period)) continue;
    const model: LaborReviewModel = {
      msp: mspInfo(ctx.config),
      runDate,
      shadowMode: ctx.config.safety.shadowMode,
      items: open.map((entry) => {
        const target = { laborKey: entry.key, firstSeen: entry.firstSeen, recipient: to };
        const psaUrl = links.subject(entry.sourceId, entry.subject);
        return { entry, billUrl: signer.link(target, 'bill'), coveredUrl: signer.link(target, 'covered'), ...(psaUrl ? { psaUrl } : {}) };
      }),
    };
    const email = renderLaborReview(model);
    const messageId = await ctx.mailer.send([to], email);
    await recordMailSent(ctx.table, 'labor-review', to, period, { messageId, at: ctx.now().toISOString(), subject: email.subject, findings: open.map((e) => e.key) });
    sent++;
  }
  return sent;
}
