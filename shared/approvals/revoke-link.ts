import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context';
import { reasonText } from '../domain/reject-reasons';
import type { SuppressionRule } from '../domain/suppression';
import { html } from '../mail/escape';
import { dateTime, signedMoney } from '../mail/format';
import { appendAudit } from '../store/records';
import { getSuppression, revokeSuppression } from '../store/suppressions';
import type { Origin } from './decide';
import { messagePage, notConfirmedPage } from './pages';
import { page, type ApprovalResponse } from './response';
import type { ApprovalTarget, TokenClaims } from './tokens';

/**
 * A "Revoke" link on a written-off line in the digest. GET shows the rule and a confirm form; the
 * form's POST revokes it once (a conditional write naming the rejection it ends) and audits it.
 * The next night treats the gap as open again and proposes it.
 */

export async function answerRevokeLink(
  ctx: AppContext,
  claims: TokenClaims,
  target: Extract<ApprovalTarget, { ruleKey: string }>,
  req: { post: boolean; confirmed: boolean; origin: Origin },
): Promise<ApprovalResponse> {
  const tz = ctx.config.msp.timeZone;
  const cur = ctx.config.msp.currency;
  const rule = await getSuppression(ctx.table, target.ruleKey);
  // A rule replaced since (the line was rejected again) is not the one this link was sent for.
  if (!rule || rule.rejectedAt !== target.rejectedAt) return messagePage(404, 'Nothing to revoke', 'The write-off this link names no longer exists. Nothing was changed.');
  if (!req.post) return rule.revokedAt ? revokePage(rule, 'Already revoked', false, tz, cur) : revokePage(rule, 'Revoke this write-off?', true, tz, cur);
  if (!req.confirmed) return notConfirmedPage();

  const at = ctx.now().toISOString();
  const by = target.recipient;
  if (!(await revokeSuppression(ctx.table, target.ruleKey, rule.rejectedAt, by, at))) {
    return revokePage((await getSuppression(ctx.table, target.ruleKey)) ?? rule, 'Already revoked', false, tz, cur);
  }
  await appendAudit(ctx.table, {
    at,
    id: randomUUID(),
    action: 'revoked write-off',
    actor: by,
    from: `${req.origin.sourceIp} (${req.origin.userAgent || 'no user agent'})`,
    proposalId: rule.proposalId,
    detail: {
      clientKey: rule.clientKey,
      clientName: rule.clientName,
      product: rule.product,
      outcome: 'the gap is open again from the next run',
      rejectReason: rule.reason.code,
      rejectReasonText: rule.reason.text,
      rejectedBy: rule.rejectedBy,
      rejectedAt: rule.rejectedAt,
      monthlyImpactCents: rule.monthlyImpactCents,
      via: 'revoke link',
      keyId: claims.keyId,
    },
  });
  ctx.logger.info('write-off revoked', { clientKey: rule.clientKey, lineKey: rule.lineKey });
  return revokePage({ ...rule, revokedBy: by, revokedAt: at }, 'Write-off revoked', false, tz, cur);
}

function revokePage(rule: SuppressionRule, title: string, ask: boolean, timeZone: string, currency: string): ApprovalResponse {
  const lead = ask
    ? 'Nothing has changed yet. Revoking ends this write-off: the next nightly run treats the gap as open again and proposes it to finance.'
    : rule.revokedAt
      ? 'The write-off is revoked; the next nightly run treats the gap as open again.'
      : 'Nothing was changed.';
  return page(
    200,
    title,
    html`<h1>${title}</h1>
<p>${lead}</p>
<section class="card${ask ? '' : ' good'}">
<h2>${rule.clientName}: ${rule.product}</h2>
<dl>
<dt>Written off</dt><dd>${signedMoney(rule.monthlyImpactCents, currency)} per month (${rule.delta > 0 ? '+' : ''}${rule.delta} units)</dd>
<dt>Reason</dt><dd>${reasonText(rule.reason)}</dd>
<dt>Rejected</dt><dd>${dateTime(rule.rejectedAt, timeZone)} by ${rule.rejectedBy}</dd>
${rule.revokedAt ? html`<dt>Revoked</dt><dd>${dateTime(rule.revokedAt, timeZone)} by ${rule.revokedBy ?? 'unknown'}</dd>` : ''}
</dl>
</section>
${ask ? html`<form method="post" class="card"><input type="hidden" name="confirm" value="yes"><button type="submit" class="reject">Confirm: revoke the write-off</button></form>` : ''}`,
  );
}
