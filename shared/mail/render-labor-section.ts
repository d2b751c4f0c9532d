import { html, type HtmlValue } from './escape';
import { money, plural, signedMoney } from './format';
import { dataTable, h2, list, notice, p, strong } from './layout';
import type { LaborDigestSection } from './labor-section';
import { bullet, textSection } from './text';

/** The "Labor leakage" section of the owner digest, in HTML and in text, from its data (labor-section.ts). */

const hoursText = (h: number) => `${h} h`;
const rateText = (cents: number | null, cur: string) => (cents == null ? 'no rate known' : `${money(cents, cur)}/h`);
const trendText = (cents: number | null, cur: string) => (cents == null ? '' : ` (${signedMoney(cents, cur)}/h on the cycle before)`);

/** The section's first sentence after its amount (the amount goes first, bold in HTML). */
function headlineRest(s: LaborDigestSection, cur: string): string {
  const change = s.open.cents - s.weekAgo.cents;
  const wow = s.weekAgo.count === 0 && s.open.count === 0 ? '' : `; ${change === 0 ? 'unchanged' : signedMoney(change, cur)} on last week`;
  const unpriced = s.open.unpricedHours > 0 ? ` (${hoursText(s.open.unpricedHours)} of it without a rate, not in the amount)` : '';
  return `of work done and not billed, ${hoursText(s.open.hours)}${unpriced}, in ${plural(s.open.count, 'finding')}${wow}. New this week: ${money(s.newThisWeek.cents, cur)}. Recovered this week: ${money(s.recoveredThisWeek.cents, cur)}.`;
}

export function laborSectionHtml(s: LaborDigestSection, cur: string): HtmlValue {
  return [
    h2('Labor leakage'),
    p(html`${strong(money(s.open.cents, cur))} ${headlineRest(s, cur)}`),
    s.stale.length ? notice('Tickets and time not read tonight', list(s.stale.map((x) => `${x.sourceId}: ${x.reason}`))) : null,
    dataTable('Open labor findings by kind', [{ label: 'Kind' }, { label: 'Findings', align: 'right' }, { label: 'Hours', align: 'right' }, { label: 'Amount', align: 'right' }], s.byKind.filter((k) => k.count > 0).map((k) => [k.label, String(k.count), hoursText(k.hours), money(k.cents, cur)])),
    s.topClients.length ? dataTable('Top clients', [{ label: 'Client' }, { label: 'Hours', align: 'right' }, { label: 'Amount', align: 'right' }], s.topClients.map((c) => [c.clientName, hoursText(c.hours), money(c.cents, cur)])) : null,
    s.effectiveRates.length
      ? dataTable('Effective billable rate (labor billed per hour worked, last closed cycle)', [{ label: 'Client' }, { label: 'Hours worked', align: 'right' }, { label: 'Billed', align: 'right' }, { label: 'Per hour', align: 'right' }], s.effectiveRates.map((r) => [r.clientName, hoursText(r.hoursWorked), r.billedCents == null ? 'unknown' : money(r.billedCents, cur), `${rateText(r.effectiveRateCents, cur)}${trendText(r.trendCents, cur)}`]))
      : null,
  ];
}

export function laborSectionText(s: LaborDigestSection, cur: string): string {
  return textSection('Labor leakage', [
    `${money(s.open.cents, cur)} ${headlineRest(s, cur)}`,
    ...s.stale.map((x) => bullet(`Not read tonight: ${x.sourceId}: ${x.reason}`)),
    ...s.byKind.filter((k) => k.count > 0).map((k) => bullet(`${k.label}: ${k.count}, ${hoursText(k.hours)}, ${money(k.cents, cur)}`)),
    ...(s.topClients.length ? ['Top clients:', ...s.topClients.map((c) => bullet(`${c.clientName}: ${money(c.cents, cur)} (${hoursText(c.hours)})`))] : []),
    ...(s.effectiveRates.length ? ['Effective billable rate (last closed cycle):', ...s.effectiveRates.map((r) => bullet(`${r.clientName}: ${rateText(r.effectiveRateCents, cur)} over ${hoursText(r.hoursWorked)} worked${trendText(r.trendCents, cur)}`))] : []),
  ]);
}
