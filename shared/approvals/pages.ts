import { REJECT_REASONS, reasonText, RejectReasonCode } from '../domain/reject-reasons';
import { writeBackUnfinished, type Proposal, type ProposalStatus } from '../domain/trueups';
import { html, safeHref, type HtmlValue, type SafeHtml } from '../mail/escape';
import { evidenceHtml } from '../mail/findings';
import { dateTime, longDate, money, plural, quantity, signedMoney } from '../mail/format';
import { page, type ApprovalResponse } from './response';
import type { ApprovalAction, TokenRefusal } from './tokens';

/**
 * The pages a link holder sees. They show the proposals the token names and nothing else: no
 * navigation, no other client, no totals. Every vendor string goes through `html`, so it is
 * escaped.
 */

export interface PageContext {
  currency: string;
  timeZone: string;
  shadowMode: boolean;
  /** When the page is shown: a write-back still running long after its decision did not finish. */
  now: Date;
}

const STATUS_WORDS: Record<ProposalStatus, { title: string; tone: 'good' | 'bad' | 'warn' | '' }> = {
  PENDING: { title: 'Waiting for a decision', tone: '' },
  APPROVED: { title: 'Approved', tone: 'good' },
  WRITING: { title: 'Approved: writing to the PSA', tone: '' },
  APPLIED: { title: 'Approved and written to the PSA', tone: 'good' },
  REJECTED: { title: 'Rejected', tone: 'good' },
  CONFLICT: { title: 'Approved, but not written: the PSA changed', tone: 'warn' },
  FAILED: { title: 'Approved, but the write to the PSA failed', tone: 'bad' },
  SUPERSEDED: { title: 'Replaced by a newer proposal', tone: 'warn' },
};
const UNFINISHED = { title: 'Approved, but the write-back did not finish: checking tonight', tone: 'warn' } as const;

const wordsFor = (p: Proposal, ctx: PageContext) => (writeBackUnfinished(p, ctx.now) ? UNFINISHED : STATUS_WORDS[p.status]);

function proposalCard(p: Proposal, ctx: PageContext): SafeHtml {
  const verb = p.proposedQuantity >= p.expectedQuantity ? 'Increase' : 'Decrease';
  const words = wordsFor(p, ctx);
  return html`<section class="card${words.tone ? ` ${words.tone}` : ''}">
<h2>${p.clientName}: ${p.addToAgreement !== undefined ? `add a line for ${quantity(p.proposedQuantity)} ${p.product}` : `${verb.toLowerCase()} ${p.product} from ${quantity(p.expectedQuantity)} to ${quantity(p.proposedQuantity)}`}</h2>
<dl>
<dt>Agreement</dt><dd>${p.agreementUrl ? html`<a href="${safeHref(p.agreementUrl)}">${p.agreementName}</a>` : p.agreementName} in ${p.psaSourceId}</dd>
${p.addToAgreement !== undefined ? html`<dt>Line</dt><dd>a new line</dd>` : ''}
<dt>Change</dt><dd>${quantity(p.expectedQuantity)} → ${quantity(p.proposedQuantity)} (${quantity(p.observedTotal)} in use)</dd>
<dt>Per month</dt><dd>${signedMoney(p.monthlyImpactCents, ctx.currency)} at ${money(p.unitPriceCents, ctx.currency, true)} per unit</dd>
<dt>Proposed</dt><dd>${longDate(p.createdOn)}</dd>
<dt>Status</dt><dd>${words.title}</dd>
${p.decidedAt ? html`<dt>Decided</dt><dd>${dateTime(p.decidedAt, ctx.timeZone)} by ${p.decidedBy ?? 'unknown'}</dd>` : ''}
${p.rejectReason ? html`<dt>Reason</dt><dd>${reasonText(p.rejectReason)}</dd>` : ''}
${p.outcome ? html`<dt>Outcome</dt><dd>${p.outcome}</dd>` : ''}
</dl>
${p.capNote ? html`<p class="muted">${p.capNote}</p>` : ''}
<p class="muted">Evidence:</p>
<ul>${p.evidence.map((ev) => html`<li>${evidenceHtml(ev, 20)}</li>`)}</ul>
</section>`;
}

/** GET: the evidence and a confirm form. Showing it changes nothing; only the form's POST acts. */
export function confirmPage(action: ApprovalAction, proposals: Proposal[], ctx: PageContext): ApprovalResponse {
  const pending = proposals.filter((p) => p.status === 'PENDING');
  const decided = proposals.filter((p) => p.status !== 'PENDING');
  const what = pending.length === 1 ? 'this change' : `these ${pending.length} changes`;
  const title = action === 'approve' ? `Approve ${what}?` : `Reject ${what}?`;
  const effect =
    action === 'reject'
      ? 'Rejecting records your decision and your reason, and writes the gap off: later nights propose nothing for it and the owner digest lists it as written off until someone revokes it. Nothing is written to the PSA.'
      : ctx.shadowMode
        ? 'Shadow mode is on: approving records your decision, but nothing is written to the PSA.'
        : 'Approving writes the new quantity into the PSA, after checking that it has not changed since the proposal was made.';
  return page(
    200,
    title,
    html`<h1>${title}</h1>
<p>Nothing has changed yet. ${effect}</p>
${pending.map((p) => proposalCard(p, ctx))}
<form method="post" class="card">
<input type="hidden" name="confirm" value="yes">
${action === 'reject' ? reasonFields(pending.length) : ''}
<button type="submit"${action === 'reject' ? html` class="reject"` : ''}>${action === 'approve' ? 'Confirm approval' : 'Confirm rejection'}${pending.length > 1 ? ` of ${pending.length}` : ''}</button>
</form>
${decided.length ? html`<h2>Already decided</h2>${decided.map((p) => proposalCard(p, ctx))}` : ''}`,
  );
}

/** Why the change is rejected: one of the usual reasons, or "Other" with a few words (the POST refuses a rejection without one). */
function reasonFields(count: number): SafeHtml {
  return html`<fieldset>
<legend>Why ${count > 1 ? 'are these not billable' : 'is this not billable'}?</legend>
${RejectReasonCode.options.map((code) => html`<label><input type="radio" name="reason" value="${code}" required> ${REJECT_REASONS[code]}</label>`)}
<label for="reasonText">Details (required for Other)</label>
<input type="text" id="reasonText" name="reasonText" maxlength="500">
</fieldset>
`;
}

/** After a POST, or a link whose proposals were all decided already: what is recorded. */
export function outcomePage(proposals: Proposal[], ctx: PageContext, actedNow: boolean): ApprovalResponse {
  const only = proposals.length === 1 ? proposals[0]! : null;
  const title = only ? wordsFor(only, ctx).title : actedNow ? `${plural(proposals.length, 'change')} decided` : 'Already decided';
  const lead = actedNow ? 'Your decision is recorded.' : 'This link was used already; this is the recorded outcome. Nothing was changed now.';
  return page(200, title, html`<h1>${title}</h1><p>${lead}</p>${proposals.map((p) => proposalCard(p, ctx))}`);
}

const REFUSALS: Record<TokenRefusal, { status: number; title: string; advice: string }> = {
  malformed: { status: 400, title: 'This link is not complete', advice: 'Open the link straight from the email; copying it by hand can cut it short.' },
  'bad-signature': { status: 403, title: 'This link has been altered', advice: 'Its signature does not match, so it was refused. Use the link exactly as it came in the email.' },
  'unknown-key': { status: 403, title: 'This link is no longer accepted', advice: 'It was signed with a key that has since been retired. Use the links in the newest email.' },
  expired: { status: 410, title: 'This link has expired', advice: 'Approval links are valid for a limited time. If the change is still needed, the next nightly email proposes it again.' },
};

export function refusalPage(refusal: TokenRefusal, detail: string): ApprovalResponse {
  const r = REFUSALS[refusal];
  return page(r.status, r.title, html`<section class="card bad"><h1>${r.title}</h1><p>Nothing was changed: ${detail}.</p><p class="muted">${r.advice}</p></section>`);
}

export const notConfirmedPage = (): ApprovalResponse => messagePage(400, 'Not confirmed', 'Nothing was changed. Open the link and use the confirm button on the page.');

export function messagePage(status: number, title: string, message: HtmlValue, headers: Record<string, string> = {}): ApprovalResponse {
  return page(status, title, html`<section class="card"><h1>${title}</h1><p>${message}</p></section>`, headers);
}
