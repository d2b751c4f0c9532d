import { marginPercent, type MrrMonth, type Retention } from '../../shared/domain/revenue';
import { money, plural, signedMoney } from '../../shared/mail/format';

/** `trueup report mrr`: one month's MRR picture as text, or as CSV for a spreadsheet. */

const pct = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(1)}%`);
const retentionText = (r: Retention) => `NRR ${pct(r.nrr)}, GRR ${pct(r.grr)}`;

export function formatMrrMonth(m: MrrMonth, currency: string): string {
  const $ = (c: number) => money(c, currency);
  const mv = m.movements;
  const out = [
    `MRR for ${m.month} (nights ${m.startNight} to ${m.endNight})`,
    ...(m.startNote ? [`  Note: ${m.startNote}`] : []),
    '',
    `  Starting MRR   ${$(mv.startingCents)}`,
    `  New            ${signedMoney(mv.newCents, currency)}`,
    `  Expansion      ${signedMoney(mv.expansionCents, currency)}`,
    `  Contraction    ${signedMoney(mv.contractionCents, currency)}`,
    `  Churned        ${signedMoney(mv.churnedCents, currency)}`,
    `  Ending MRR     ${$(mv.endingCents)}  (net new ${signedMoney(mv.endingCents - mv.startingCents, currency)})`,
    '',
    `  Month:               ${retentionText(m.monthRetention)}`,
    `  Trailing 12 months:  ${m.trailing.note ?? `${retentionText(m.trailing)} (from ${m.trailing.fromNight})`}`,
    `  Per seat:   ${m.perSeatCents === null ? 'n/a (no seats)' : money(m.perSeatCents, currency, true)}   Per device: ${m.perDeviceCents === null ? 'n/a (no devices)' : money(m.perDeviceCents, currency, true)}`,
  ];
  if (mv.clients.length) out.push('', 'Movements by client', ...mv.clients.map((c) => `  ${c.kind.padEnd(11)} ${signedMoney(c.cents, currency).padStart(10)}  ${c.clientName} (${$(c.fromCents)} to ${$(c.toCents)})`));
  if (m.services.length) out.push('', 'MRR by service', ...m.services.map((s) => `  ${$(s.cents).padStart(10)}  ${s.service}${s.quantity === null ? '' : ` (${s.quantity} units)`}`));
  if (m.margins.length) {
    out.push('', 'Licence gross margin (PSA price against Pax8 partner cost)');
    for (const g of m.margins) {
      const without = g.clientsWithoutCost ? `; ${plural(g.clientsWithoutCost, 'client')} left out, no partner cost stated` : '';
      out.push(`  ${g.product}: billed ${$(g.revenueCents)}, cost ${$(g.costCents)}, margin ${$(g.revenueCents - g.costCents)} (${pct(marginPercent(g))}); ${g.billedUnits} billed, ${g.boughtSeats} bought${without}`);
    }
  }
  if (m.notes.length) out.push('', 'To look at', ...m.notes.map((n) => `  ${n}`));
  return out.join('\n');
}

const cell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const dollars = (cents: number) => (cents / 100).toFixed(2);
const percent = (n: number | null) => (n === null ? null : n.toFixed(2));

/** One table: section, name, key, value (dollars or percent), detail. */
export function mrrCsv(m: MrrMonth): string {
  const mv = m.movements;
  const rows: Array<Array<string | number | null>> = [['section', 'name', 'key', 'value', 'detail']];
  const summary = (name: string, value: string | null, detail = '') => rows.push(['summary', name, m.month, value, detail]);
  summary('starting_mrr', dollars(mv.startingCents), m.startNight);
  summary('new', dollars(mv.newCents));
  summary('expansion', dollars(mv.expansionCents));
  summary('contraction', dollars(mv.contractionCents));
  summary('churned', dollars(mv.churnedCents));
  summary('ending_mrr', dollars(mv.endingCents), m.endNight);
  summary('nrr_month_percent', percent(m.monthRetention.nrr));
  summary('grr_month_percent', percent(m.monthRetention.grr));
  summary('nrr_trailing_12_percent', percent(m.trailing.nrr), m.trailing.note ?? m.trailing.fromNight ?? '');
  summary('grr_trailing_12_percent', percent(m.trailing.grr), m.trailing.note ?? m.trailing.fromNight ?? '');
  summary('revenue_per_seat', m.perSeatCents === null ? null : dollars(m.perSeatCents));
  summary('revenue_per_device', m.perDeviceCents === null ? null : dollars(m.perDeviceCents));
  for (const c of mv.clients) rows.push(['movement', c.clientName, c.clientKey, dollars(c.cents), `${c.kind}: ${dollars(c.fromCents)} to ${dollars(c.toCents)}`]);
  for (const s of m.services) rows.push(['service', s.service, '', dollars(s.cents), s.quantity === null ? '' : `${s.quantity} units`]);
  for (const g of m.margins)
    rows.push(['margin', g.product, '', dollars(g.revenueCents - g.costCents), `billed ${dollars(g.revenueCents)}; cost ${dollars(g.costCents)}; ${g.clientsWithoutCost} clients without cost`]);
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}
