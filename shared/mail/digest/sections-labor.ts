import { money, plural, signedMoney } from '../format';
import type { LaborDigestSection } from '../labor-section';
import { type Block, type Section } from '../view';
import type { DigestFacts } from './facts';

/**
 * "Labor leakage": work done and not billed (one-off $, apart from the $/month above), by kind
 * and client, week over week, what was recovered, and the effective billable rate per client.
 * Its figures come from shared/mail/labor-section.ts (the model's `labor`).
 */

const hours = (h: number) => `${h} h`;
const rate = (cents: number | null, cur: string) => (cents == null ? 'no rate known' : `${money(cents, cur)}/h`);
const trend = (cents: number | null, cur: string) => (cents == null ? '' : ` (${signedMoney(cents, cur)}/h on the cycle before)`);

function summary(s: LaborDigestSection, cur: string): string {
  const change = s.weekAgo ? s.open.cents - s.weekAgo.cents : null;
  const wow = change === null ? '; no earlier week to compare with' : `; ${change === 0 ? 'unchanged' : signedMoney(change, cur)} on last week`;
  const unpriced = s.open.unpricedHours > 0 ? ` (${hours(s.open.unpricedHours)} of it without a rate, not in the amount)` : '';
  return ` of work done and not billed, ${hours(s.open.hours)}${unpriced}, in ${plural(s.open.count, 'finding')}${wow}. New this week: ${money(s.newThisWeek.cents, cur)}. Recovered this week: ${money(s.recoveredThisWeek.cents, cur)}.`;
}

export function laborSection({ m, cur }: DigestFacts): Section | null {
  const s = m.labor;
  if (!s) return null;
  const blocks: Block[] = [{ kind: 'paragraph', content: [{ strong: money(s.open.cents, cur) }, summary(s, cur)] }];
  if (s.stale.length) blocks.push({ kind: 'notice', alarm: 'Not read tonight:', title: 'tickets and time', items: s.stale.map((x) => `${x.sourceId}: ${x.reason}`), note: 'Labor findings rest on the last read; none was resolved from it.' });
  const kinds = s.byKind.filter((k) => k.count > 0);
  if (kinds.length)
    blocks.push({
      kind: 'table',
      caption: 'Open labor findings by kind',
      columns: [{ label: 'Kind' }, { label: 'Findings', align: 'right' }, { label: 'Hours', align: 'right' }, { label: 'Amount', align: 'right' }],
      rows: kinds.map((k) => ({ cells: [k.label, String(k.count), hours(k.hours), money(k.cents, cur)], line: `${k.label}: ${k.count}, ${hours(k.hours)}, ${money(k.cents, cur)}` })),
    });
  if (s.topClients.length)
    blocks.push({
      kind: 'table',
      caption: 'Top clients',
      lead: 'Top clients:',
      columns: [{ label: 'Client' }, { label: 'Hours', align: 'right' }, { label: 'Amount', align: 'right' }],
      rows: s.topClients.map((c) => ({ cells: [c.clientName, hours(c.hours), money(c.cents, cur)], line: `${c.clientName}: ${money(c.cents, cur)} (${hours(c.hours)})` })),
    });
  if (s.effectiveRates.length)
    blocks.push({
      kind: 'table',
      caption: 'Effective billable rate: labor billed per hour worked, last closed cycle',
      lead: 'Effective billable rate (last closed cycle):',
      columns: [{ label: 'Client' }, { label: 'Hours worked', align: 'right' }, { label: 'Billed', align: 'right', optional: true }, { label: 'Per hour', align: 'right' }],
      rows: s.effectiveRates.map((r) => ({
        cells: [r.clientName, hours(r.hoursWorked), r.billedCents == null ? 'unknown' : money(r.billedCents, cur), `${rate(r.effectiveRateCents, cur)}${trend(r.trendCents, cur)}`],
        line: `${r.clientName}: ${rate(r.effectiveRateCents, cur)} over ${hours(r.hoursWorked)} worked${trend(r.trendCents, cur)}`,
      })),
    });
  return { title: 'Labor leakage', blocks };
}
