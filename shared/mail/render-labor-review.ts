import type { LaborLedgerEntry } from '../domain/labor/ledger';
import { LABOR_KIND_TRAITS } from '../domain/labor/model';
import { html, oneLine, type HtmlValue } from './escape';
import { longDate, money, plural } from './format';
import { button, buttons, emailDocument, footer, h1, h2, h3, link, list, notice, p, strong } from './layout';
import type { MspInfo, RenderedEmail } from './models';
import { bullet, textDocument, textSection } from './text';

/**
 * Finance's weekly labor review list: every open labor finding (billable time never invoiced,
 * out-of-scope work absorbed, closed tickets without billing, block-hours overage) with its time
 * entries and a "Bill it" and a "Covered, don't bill" link. Each link opens a confirm page first.
 */

export interface LaborReviewItem {
  entry: LaborLedgerEntry;
  billUrl: string;
  coveredUrl: string;
  /** The finding's ticket, entry or agreement in the PSA's web app, when the source has a webUrl. */
  psaUrl?: string;
}

export interface LaborReviewModel {
  msp: MspInfo;
  runDate: string;
  shadowMode: boolean;
  items: LaborReviewItem[];
}

const amountOf = (e: LaborLedgerEntry, cur: string) => (e.amountCents == null ? `${e.hours} h (no rate known)` : `${money(e.amountCents, cur)} (${e.hours} h)`);
const billLabel = (e: LaborLedgerEntry) => (LABOR_KIND_TRAITS[e.kind].billIt === 'link-only' ? 'Bill it in the PSA' : 'Bill it');

/** Labor findings are work done once and not billed, unlike the seat emails' $/month. */
const ONE_OFF = 'Amounts are one-off, not per month.';

export function renderLaborReview(m: LaborReviewModel): RenderedEmail {
  const cur = m.msp.currency;
  const priced = m.items.reduce((n, i) => n + (i.entry.amountCents ?? 0), 0);
  const hours = Math.round(m.items.reduce((n, i) => n + i.entry.hours, 0) * 100) / 100;
  const subject = oneLine(`Labor review: ${plural(m.items.length, 'finding')}, ${money(priced, cur)} unbilled \u2014 ${m.msp.name}`);
  const clients = groupByClient(m.items);

  const itemHtml = (i: LaborReviewItem): HtmlValue => [
    h3(`${LABOR_KIND_TRAITS[i.entry.kind].label}: ${amountOf(i.entry, cur)}`),
    p(html`${i.psaUrl ? link(i.psaUrl, i.entry.subject.label) : i.entry.subject.label} (${i.entry.sourceId}): ${i.entry.why}.`, true),
    list(i.entry.entries.map((t) => `${t.date}: ${t.hours} h ${t.workType ?? 'unclassified'}${t.worker ? ` by ${t.worker}` : ''}, ${t.billable}`)),
    buttons([button(i.billUrl, billLabel(i.entry)), button(i.coveredUrl, "Covered, don't bill", 'secondary')]),
  ];
  const shadowText = 'Shadow mode is on: "Bill it" writes nothing to the PSA until safety.shadowMode is turned off.';
  const body: HtmlValue[] = [
    p(html`${m.msp.name} &middot; labor review for the week of ${longDate(m.runDate)}`, true),
    h1(`${plural(m.items.length, 'labor finding')} to review`),
    p(html`${strong(money(priced, cur))} of work done and not billed, ${hours} h in all, across ${plural(clients.length, 'client')}.`),
    m.shadowMode ? notice('Shadow mode', p(shadowText)) : null,
    p('"Bill it" makes the time billable in the PSA if it has not changed since it was found. "Covered, don\'t bill" asks for a reason, records it, and the finding is not listed again. Each link opens a confirm page first.', true),
    clients.map(([name, items]) => [h2(name), items.map(itemHtml)]),
  ];
  const text = textDocument([
    `${m.msp.name}: labor review for the week of ${longDate(m.runDate)}`,
    `${plural(m.items.length, 'labor finding')}: ${money(priced, cur)} not billed, ${hours} h.`,
    m.shadowMode ? `SHADOW MODE: ${shadowText}` : null,
    ...clients.map(([name, items]) =>
      textSection(
        name,
        items.flatMap((i) => [
          `${LABOR_KIND_TRAITS[i.entry.kind].label}: ${amountOf(i.entry, cur)}`,
          `  ${i.entry.subject.label} (${i.entry.sourceId}): ${i.entry.why}.`,
          ...(i.psaUrl ? [`  In the PSA: ${i.psaUrl}`] : []),
          ...i.entry.entries.map((t) => bullet(`${t.date}: ${t.hours} h ${t.workType ?? 'unclassified'}, ${t.billable}`, 2)),
          `  ${billLabel(i.entry)}: ${i.billUrl}`,
          `  Covered, don't bill: ${i.coveredUrl}`,
          '',
        ]),
      ),
    ),
    `Sent by Trueup for ${m.msp.name} once a week. ${ONE_OFF}`,
  ]);
  return {
    subject,
    html: emailDocument({ title: subject, preheader: `${money(priced, cur)} of unbilled labor across ${plural(clients.length, 'client')}.`, body, footer: footer(m.msp.name, 'You get this once a week, as a finance approver.', ONE_OFF) }),
    text,
  };
}

function groupByClient(items: LaborReviewItem[]): Array<[string, LaborReviewItem[]]> {
  const by = new Map<string, LaborReviewItem[]>();
  for (const i of items) by.set(i.entry.clientName, [...(by.get(i.entry.clientName) ?? []), i]);
  const total = (xs: LaborReviewItem[]) => xs.reduce((n, i) => n + (i.entry.amountCents ?? 0), 0);
  return [...by.entries()].sort((a, b) => total(b[1]) - total(a[1]));
}
