import { marginPercent, type MrrMonth, type Retention } from '../domain/revenue';
import { barChart, barChartText, type Bar } from './chart';
import type { HtmlValue } from './escape';
import { longDate, money, perMonth, plural, signedMoney } from './format';
import { dataTable, h2, kpis, p, type Kpi } from './layout';
import type { LastMonthRevenue } from './models';
import { bullet, textSection } from './text';

/**
 * "Last month's revenue", the owner digest's section in the first issue of each month: the
 * month's MRR movements as a chart, NRR and GRR, per-seat revenue and licence margin. Built as
 * data (revenueSection), then drawn by two small renderers, HTML and text, from the same data.
 */

export interface RevenueSection {
  title: string;
  summary: string;
  kpis: Kpi[];
  chart: { caption: string; bars: Bar[] } | null;
  /** Label and value rows: retention over twelve months, per-seat and per-device revenue, licence margins. */
  rows: Array<[string, string]>;
  notes: string[];
}

const monthName = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const pct = (n: number | null) => (n === null ? 'not known' : `${n.toFixed(1)}%`);
const retentionText = (r: Retention) => `NRR ${pct(r.nrr)}, GRR ${pct(r.grr)}`;

export function revenueSection(r: LastMonthRevenue, currency: string): RevenueSection {
  const title = `Last month's revenue: ${monthName(r.month)}`;
  if (!r.result.ok) return { title, summary: `No revenue figures for ${monthName(r.month)}: ${r.result.reason}.`, kpis: [], chart: null, rows: [], notes: [] };
  return filled(title, r.result.month, currency);
}

function filled(title: string, m: MrrMonth, cur: string): RevenueSection {
  const mv = m.movements;
  const bar = (label: string, cents: number, signed: boolean): Bar => ({ label, value: Math.abs(cents), display: signed ? signedMoney(cents, cur) : money(cents, cur) });
  const margins = m.margins.map((g): [string, string] => [
    `Licence margin, ${g.product}`,
    `${money(g.revenueCents - g.costCents, cur)} (${pct(marginPercent(g))}) on ${money(g.revenueCents, cur)} billed${g.clientsWithoutCost ? `; ${plural(g.clientsWithoutCost, 'client')} without a partner cost left out` : ''}`,
  ]);
  return {
    title,
    summary: `Recurring revenue ${perMonth(mv.endingCents, cur)} on ${longDate(m.endNight)}, ${signedMoney(mv.endingCents - mv.startingCents, cur)} since ${longDate(m.startNight)}.`,
    kpis: [
      { label: 'Ending MRR', value: money(mv.endingCents, cur), note: `from ${money(mv.startingCents, cur)}` },
      { label: 'Net revenue retention', value: pct(m.monthRetention.nrr), note: 'this month' },
      { label: 'Gross revenue retention', value: pct(m.monthRetention.grr), note: 'this month' },
    ],
    chart: {
      caption: 'MRR movements over the month',
      bars: [bar('Starting', mv.startingCents, false), bar('New', mv.newCents, true), bar('Expansion', mv.expansionCents, true), bar('Contraction', mv.contractionCents, true), bar('Churned', mv.churnedCents, true), bar('Ending', mv.endingCents, false)],
    },
    rows: [
      ['Trailing twelve months', m.trailing.note ? `not known: ${m.trailing.note}` : retentionText(m.trailing)],
      ['Revenue per seat', m.perSeatCents === null ? 'no seats' : money(m.perSeatCents, cur, true)],
      ['Revenue per device', m.perDeviceCents === null ? 'no devices' : money(m.perDeviceCents, cur, true)],
      ...margins,
    ],
    notes: [...(m.startNote ? [m.startNote] : []), ...m.notes],
  };
}

export function revenueSectionHtml(s: RevenueSection): HtmlValue[] {
  return [
    h2(s.title),
    p(s.summary, true),
    s.kpis.length ? kpis(s.kpis) : null,
    s.chart ? barChart(s.chart.caption, s.chart.bars) : null,
    s.rows.length ? dataTable('Retention, revenue per seat and device, licence margin', [{ label: 'Measure' }, { label: 'Value' }], s.rows) : null,
    ...s.notes.map((n) => p(n, true)),
  ];
}

export function revenueSectionText(s: RevenueSection): string {
  return textSection(s.title, [
    s.summary,
    ...s.kpis.map((k) => `${k.label}: ${k.value}${typeof k.note === 'string' ? ` (${k.note})` : ''}`),
    ...(s.chart ? barChartText(s.chart.bars) : []),
    ...s.rows.map(([label, value]) => bullet(`${label}: ${value}`)),
    ...s.notes,
  ]);
}
