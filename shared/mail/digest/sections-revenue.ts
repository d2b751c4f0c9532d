import { marginPercent, type MrrMonth, type Retention } from '../../domain/revenue';
import type { Bar } from '../chart';
import { longDate, money, perMonth, plural, signedMoney } from '../format';
import type { LastMonthRevenue } from '../models';
import { muted, type Block, type Section } from '../view';
import type { DigestFacts } from './facts';

/**
 * "Last month's revenue", in the first issue of each month (shared/app/digest.ts loads it): the
 * month's MRR movements as a chart, NRR and GRR for the month and twelve months, revenue per seat
 * and device, licence margin per product. A month without figures says why, never zeros.
 */
export function lastMonthRevenueSection({ m, cur }: DigestFacts): Section | null {
  return m.revenue ? revenueSection(m.revenue, cur) : null;
}

const monthName = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const pct = (n: number | null) => (n === null ? 'not known' : `${n.toFixed(1)}%`);
const retentionText = (r: Retention) => `NRR ${pct(r.nrr)}, GRR ${pct(r.grr)}`;

export function revenueSection(r: LastMonthRevenue, cur: string): Section {
  const title = `Last month's revenue: ${monthName(r.month)}`;
  if (!r.result.ok) return { title, blocks: [muted(`No revenue figures for ${monthName(r.month)}: ${r.result.reason}.`)] };
  return { title, blocks: revenueBlocks(r.result.month, cur) };
}

function revenueBlocks(m: MrrMonth, cur: string): Block[] {
  const mv = m.movements;
  const bar = (label: string, cents: number, signed: boolean): Bar => ({ label, value: Math.abs(cents), display: signed ? signedMoney(cents, cur) : money(cents, cur) });
  const row = (label: string, value: string) => ({ cells: [label, value], line: `${label}: ${value}` });
  const margins = m.margins.map((g) =>
    row(
      `Licence margin, ${g.product}`,
      `${money(g.revenueCents - g.costCents, cur)} (${pct(marginPercent(g))}) on ${money(g.revenueCents, cur)} billed${g.clientsWithoutCost ? `; ${plural(g.clientsWithoutCost, 'client')} without a partner cost left out` : ''}`,
    ),
  );
  return [
    {
      kind: 'headline',
      title: `MRR: ${perMonth(mv.endingCents, cur)}`,
      summary: [{ strong: signedMoney(mv.endingCents - mv.startingCents, cur) }, ` from ${longDate(m.startNight)} to ${longDate(m.endNight)}.`],
      kpis: [
        { label: 'Ending MRR', value: money(mv.endingCents, cur), note: `from ${money(mv.startingCents, cur)}` },
        { label: 'Net revenue retention', value: pct(m.monthRetention.nrr), note: 'this month' },
        { label: 'Gross revenue retention', value: pct(m.monthRetention.grr), note: 'this month' },
      ],
    },
    {
      kind: 'chart',
      caption: 'MRR movements over the month',
      bars: [bar('Starting', mv.startingCents, false), bar('New', mv.newCents, true), bar('Expansion', mv.expansionCents, true), bar('Contraction', mv.contractionCents, true), bar('Churned', mv.churnedCents, true), bar('Ending', mv.endingCents, false)],
    },
    {
      kind: 'table',
      caption: 'Retention over twelve months, revenue per seat and device, licence margin',
      columns: [{ label: 'Measure' }, { label: 'Value' }],
      rows: [
        row('Trailing twelve months', m.trailing.note ? `not known: ${m.trailing.note}` : retentionText(m.trailing)),
        row('Revenue per seat', m.perSeatCents === null ? 'no seats' : money(m.perSeatCents, cur, true)),
        row('Revenue per device', m.perDeviceCents === null ? 'no devices' : money(m.perDeviceCents, cur, true)),
        ...margins,
      ],
    },
    ...[...(m.startNote ? [m.startNote] : []), ...m.notes].map((n) => muted(n)),
  ];
}
