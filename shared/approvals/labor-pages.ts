import type { LaborLedgerEntry } from '../domain/labor/ledger';
import { LABOR_KIND_TRAITS } from '../domain/labor/model';
import { html, safeHref, type SafeHtml } from '../mail/escape';
import { dateTime, longDate, money } from '../mail/format';
import { page, type ApprovalResponse } from './response';

/** The pages a labor link shows: the finding and its time, a confirm form, and what was done. */

export interface LaborPageContext {
  currency: string;
  timeZone: string;
  /** The finding's records in the PSA's web app, where the source has a webUrl. */
  links: { subject?: string; entries: Map<string, string | undefined> };
}

const STATUS_WORDS: Record<LaborLedgerEntry['status'], string> = {
  open: 'Open: not decided',
  billed: 'Billed: made billable in the PSA, on its way to an invoice',
  covered: "Covered: not to be billed",
  resolved: 'Resolved: no longer found in the PSA',
  'aged-out': 'Left the look-back window unbilled',
  deleted: 'Deleted in the PSA: its time or ticket no longer exists there; nothing was recovered',
};

export function laborCard(e: LaborLedgerEntry, ctx: LaborPageContext): SafeHtml {
  const amount = e.amountCents == null ? `${e.hours} h, no rate known` : `${money(e.amountCents, ctx.currency, true)} (${e.hours} h)`;
  return html`<section class="card">
<h2>${e.clientName}: ${LABOR_KIND_TRAITS[e.kind].label}</h2>
<dl>
<dt>What</dt><dd>${ctx.links.subject ? html`<a href="${safeHref(ctx.links.subject)}">${e.subject.label}</a>` : e.subject.label} in ${e.sourceId}</dd>
<dt>Why</dt><dd>${e.why}</dd>
<dt>At stake</dt><dd>${amount}</dd>
<dt>First found</dt><dd>${longDate(e.firstSeen)}</dd>
<dt>Status</dt><dd>${STATUS_WORDS[e.status]}</dd>
${e.decision ? html`<dt>Decided</dt><dd>${dateTime(e.decision.at, ctx.timeZone)} by ${e.decision.by}</dd>` : ''}
${e.decision?.reason ? html`<dt>Reason</dt><dd>${e.decision.reason}</dd>` : ''}
${e.decision?.outcome ? html`<dt>Outcome</dt><dd>${e.decision.outcome}</dd>` : ''}
</dl>
<p class="muted">Time:</p>
<ul>${e.entries.map((t) => {
    const link = ctx.links.entries.get(t.externalId);
    const label = `${t.date}: ${t.hours} h ${t.workType ?? 'unclassified'}${t.worker ? ` by ${t.worker}` : ''}, ${t.billable}${t.rateCents == null ? '' : ` at ${money(t.rateCents, ctx.currency, true)}/h (${t.rateBasis} rate)`}`;
    return html`<li>${link ? html`<a href="${safeHref(link)}">${label}</a>` : label}</li>`;
  })}</ul>
</section>`;
}

/** GET: the finding and the form for the link's action. Showing it changes nothing. */
export function laborConfirmPage(action: 'bill' | 'covered', e: LaborLedgerEntry, ctx: LaborPageContext): ApprovalResponse {
  const traits = LABOR_KIND_TRAITS[e.kind];
  if (action === 'bill' && traits.billIt === 'link-only') {
    return page(200, 'Bill it in the PSA', html`<h1>Bill it in the PSA</h1>
<p>${traits.linkOnlyWhy} Trueup cannot do that through the PSA's API; open the records below and bill them there. The finding resolves on the next nightly run that no longer finds it.</p>
${laborCard(e, ctx)}`);
  }
  const form =
    action === 'bill'
      ? html`<form method="post" class="card"><input type="hidden" name="confirm" value="yes"><p>Bill it makes this time billable in the PSA, if it has not changed since it was found; it then goes on the next invoice.</p><button type="submit">Confirm: bill it</button></form>`
      : html`<form method="post" class="card"><input type="hidden" name="confirm" value="yes"><fieldset><legend>Why is it covered?</legend><label for="reason">The reason is kept in the audit log and this finding is not shown again.</label><input type="text" id="reason" name="reason" maxlength="500" required></fieldset><button type="submit" class="reject">Confirm: covered, don't bill</button></form>`;
  const title = action === 'bill' ? 'Bill this time?' : "Covered, don't bill?";
  return page(200, title, html`<h1>${title}</h1><p>Nothing has changed yet.</p>${laborCard(e, ctx)}${form}`);
}

export function laborOutcomePage(title: string, lead: string, e: LaborLedgerEntry, ctx: LaborPageContext, status = 200): ApprovalResponse {
  return page(status, title, html`<h1>${title}</h1><p>${lead}</p>${laborCard(e, ctx)}`);
}
