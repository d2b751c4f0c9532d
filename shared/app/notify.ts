import { deliverAlerts, NO_ALERTS, type AlertOutcome } from '../alerts/deliver';
import { renewalsMessage } from '../alerts/renewals';
import { createLinkSigner } from '../approvals/tokens';
import type { FinanceBatchModel, RenewalAlertModel } from '../mail/models';
import { renderFinanceBatch } from '../mail/render-finance';
import { renderRenewalAlert } from '../mail/render-renewal';
import { loadLedger } from '../store/ledger';
import { getNightOutbox } from '../store/night-outbox';
import { getProposals } from '../store/proposals';
import { getRenewalAlerts, mailSent, markRenewalSent, recordMailSent } from '../store/records';
import { groupBy } from '../domain/matching';
import { proposeTrueUps, type Proposal } from '../domain/trueups';
import type { AppContext } from './context';
import { mspInfo } from './msp';
import { notifyLaborReview } from './notify-labor';
import { StoredRenewalModel } from './renewal-model';

/**
 * After a night is reconciled: each new renewal alert to its client's vCIO (once per agreement
 * term), and one batched true-up email to finance (once per night per recipient). What to send
 * is read by primary key from the list reconcile left (night-outbox), so nothing is missed.
 */
export async function notifyNight(ctx: AppContext, runDate: string): Promise<{ renewalAlerts: number; financeEmails: number; laborReviews: number; alerts: AlertOutcome }> {
  const outbox = await getNightOutbox(ctx.table, runDate);
  let renewalAlerts = 0;
  const alerts = (await getRenewalAlerts(ctx.table, outbox.renewals)).sort((a, b) => a.agreementKey.localeCompare(b.agreementKey));
  const vcioOf = (model: Pick<RenewalAlertModel, 'alert'>) => model.alert.vcioEmail ?? ctx.config.recipients.vcio.default;
  for (const stored of alerts) {
    // Pending is never sent: one whose send failed an earlier night goes out now.
    if (stored.status !== 'pending') continue;
    const model = StoredRenewalModel.parse(stored.model);
    const messageId = await ctx.mailer.send([vcioOf(model)], renderRenewalAlert(model));
    if (await markRenewalSent(ctx.table, stored.agreementKey, stored.endDate, messageId)) renewalAlerts++;
  }
  // The night's alerts also go to the chat channels, one post per channel, after every email.
  const models = alerts.map((a) => StoredRenewalModel.parse(a.model));
  const posted = models.length
    ? await deliverAlerts(ctx, 'renewals', runDate, (channel) => {
        const mine = models.filter((m) => !channel.vcio || channel.vcio.includes(vcioOf(m)));
        return mine.length ? renewalsMessage(mine) : null;
      })
    : NO_ALERTS;

  // Finance's weekly labor review list goes out on its own day, proposals or not.
  const laborReviews = await notifyLaborReview(ctx, runDate);
  const proposals = (await getProposals(ctx.table, outbox.proposalIds))
    .filter((p) => p.createdOn === runDate && p.status === 'PENDING')
    .sort((a, b) => a.id.localeCompare(b.id));
  if (proposals.length === 0) return { renewalAlerts, financeEmails: 0, laborReviews, alerts: posted };
  const blocked = proposeTrueUps(await loadLedger(ctx.table), runDate, ctx.config.safety).blocked;
  const signer = await createLinkSigner(ctx.config, ctx.secrets, ctx.now);
  const parts = splitByClient(proposals);
  let financeEmails = 0;
  for (const to of ctx.config.recipients.finance) {
    for (const [i, part] of parts.entries()) {
      const period = parts.length === 1 ? runDate : `${runDate}#part-${i + 1}-of-${parts.length}`;
      if (await mailSent(ctx.table, 'finance', to, period)) continue;
      const clients = [...new Map(part.map((p) => [p.clientKey, p.clientName])).entries()];
      const model: FinanceBatchModel = {
        msp: mspInfo(ctx.config),
        runDate,
        shadowMode: ctx.config.safety.shadowMode,
        proposals: part.map((proposal) => ({
          proposal,
          approveUrl: signer.link({ proposalId: proposal.id, recipient: to }, 'approve'),
          rejectUrl: signer.link({ proposalId: proposal.id, recipient: to }, 'reject'),
        })),
        clients: clients.map(([clientKey, clientName]) => ({
          clientKey,
          clientName,
          approveAllUrl: signer.link({ clientKey, runDate, recipient: to }, 'approve'),
          rejectAllUrl: signer.link({ clientKey, runDate, recipient: to }, 'reject'),
        })),
        // Held-back changes are listed once, in the first email of the night.
        blocked: i === 0 ? blocked : [],
        ...(parts.length > 1 ? { part: { index: i + 1, count: parts.length } } : {}),
      };
      const email = renderFinanceBatch(model);
      const messageId = await ctx.mailer.send([to], email);
      await recordMailSent(ctx.table, 'finance', to, period, { messageId, at: ctx.now().toISOString(), subject: email.subject, proposals: part.map((p) => p.id) });
      financeEmails++;
    }
  }
  return { renewalAlerts, financeEmails, laborReviews, alerts: posted };
}

/**
 * A large MSP's first night can propose hundreds of changes; one email of them all is too long to
 * read and past what mail clients show. Whole clients go together, so "approve all" stays whole.
 */
const PROPOSALS_PER_EMAIL = 40;

function splitByClient(proposals: Proposal[]): Proposal[][] {
  const byClient = [...groupBy(proposals, (p) => p.clientKey).values()];
  const parts: Proposal[][] = [];
  for (const client of byClient) {
    const last = parts.at(-1);
    if (last && last.length + client.length <= PROPOSALS_PER_EMAIL) last.push(...client);
    else parts.push([...client]);
  }
  return parts;
}

