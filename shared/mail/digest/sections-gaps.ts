import { costSoFar, daysOpen, type LedgerEntry } from '../../domain/ledger';
import { gapText } from '../findings';
import { money, perMonth, plural } from '../format';
import { muted, type Block, type Section } from '../view';
import { capped, countsText, heldText, lockedText, sum, type DigestFacts } from './facts';

/** The sections about open gaps: what is new, how old, whose, what is over-billed and what was won back. */

const TOP = 5;
const AGE_BUCKETS = [
  { label: 'Under a week', max: 6 },
  { label: '1 to 4 weeks', max: 29 },
  { label: '1 to 3 months', max: 89 },
  { label: 'Over 3 months', max: Infinity },
];

export function newThisWeekSection({ m, cur, newLeakage }: DigestFacts): Section {
  const shown = capped(newLeakage, (rest) => perMonth(sum(rest, (e) => e.monthlyImpactCents), cur));
  const newCents = sum(newLeakage, (e) => e.monthlyImpactCents);
  const blocks: Block[] = newLeakage.length
    ? [
        muted(`${perMonth(newCents, cur)} of the ${perMonth(m.totals.unbilledCents, cur)} unbilled is new this week.`),
        {
          kind: 'table',
          caption: 'Unbilled gaps first seen in the last seven days',
          columns: [{ label: 'Client' }, { label: 'Product' }, { label: 'Billed / in use' }, { label: '$/month', align: 'right' }],
          rows: shown.shown.map((e) => ({
            cells: [e.clientName, e.product, countsText(e), money(e.monthlyImpactCents, cur)],
            line: `${e.clientName}, ${e.product}: ${gapText(e)}, ${perMonth(e.monthlyImpactCents, cur)}`,
          })),
          more: shown.more,
        },
      ]
    : [muted('No new unbilled gaps this week.')];
  return { title: `New this week (${newLeakage.length})`, blocks };
}

export function ageSection({ cur, leakage }: DigestFacts): Section {
  const title = 'How long gaps have been open';
  if (!leakage.length) return { title, blocks: [muted('No open unbilled gaps.')] };
  const oldest = [...leakage].sort((a, b) => daysOpen(b) - daysOpen(a) || costSoFar(b) - costSoFar(a)).slice(0, TOP);
  return {
    title,
    blocks: [
      {
        kind: 'table',
        caption: 'Open unbilled gaps by age, with what they have cost since first seen',
        columns: [{ label: 'Open for' }, { label: 'Gaps', align: 'right' }, { label: '$/month', align: 'right' }, { label: 'Cost so far', align: 'right' }],
        rows: ageBuckets(leakage).map((a) => ({
          cells: [a.label, String(a.count), money(a.monthlyCents, cur), money(a.accumulatedCents, cur)],
          line: `${a.label}: ${plural(a.count, 'gap')}, ${perMonth(a.monthlyCents, cur)}, ${money(a.accumulatedCents, cur)} so far`,
        })),
      },
      {
        kind: 'table',
        caption: 'Oldest open gaps',
        lead: 'Oldest:',
        columns: [{ label: 'Client' }, { label: 'Product', optional: true }, { label: 'Days', align: 'right' }, { label: 'Cost so far', align: 'right' }],
        rows: oldest.map((e) => ({
          cells: [e.clientName, e.product, String(daysOpen(e)), money(costSoFar(e), cur)],
          line: `${e.clientName}, ${e.product}: ${daysOpen(e)} days, ${money(costSoFar(e), cur)} so far`,
        })),
      },
    ],
  };
}

export function topClientsSection({ cur, leakage }: DigestFacts): Section {
  const clients = topClients(leakage);
  const table: Block = {
    kind: 'table',
    caption: `The ${plural(clients.length, 'client')} with the most unbilled revenue`,
    columns: [{ label: 'Client' }, { label: 'Gaps', align: 'right', optional: true }, { label: '$/month', align: 'right' }, { label: 'Cost so far', align: 'right' }],
    rows: clients.map((c) => ({
      cells: [c.clientName, String(c.count), money(c.monthlyCents, cur), money(c.accumulatedCents, cur)],
      line: `${c.clientName}: ${perMonth(c.monthlyCents, cur)} (${plural(c.count, 'gap')}), ${money(c.accumulatedCents, cur)} so far`,
    })),
  };
  return { title: 'Top clients by unbilled revenue', blocks: [clients.length ? table : muted('None.')] };
}

export function overBillingSection({ m, cur, overBilled }: DigestFacts): Section {
  const shown = capped(overBilled, (rest) => perMonth(-sum(rest, (e) => e.monthlyImpactCents), cur));
  const flags = (e: LedgerEntry) => `${lockedText(e, m.runDate)}${heldText(e)}`;
  const blocks: Block[] = overBilled.length
    ? [
        muted(`${perMonth(m.totals.overbilledCents, cur)} billed for more than is in use. Fix the rest before a client disputes it; a line whose licences are under a commitment is locked until the date shown and cannot be reduced before then.`),
        {
          kind: 'table',
          caption: 'Lines billed for more than is in use',
          columns: [{ label: 'Client' }, { label: 'Product' }, { label: 'Billed / in use' }, { label: '$/month', align: 'right' }],
          rows: shown.shown.map((e) => ({
            cells: [e.clientName, e.product, `${countsText(e)}${flags(e)}`, money(-e.monthlyImpactCents, cur)],
            line: `${e.clientName}, ${e.product}: ${gapText(e)}, ${perMonth(-e.monthlyImpactCents, cur)}${flags(e)}`,
          })),
          more: shown.more,
        },
      ]
    : [muted('No over-billing found.')];
  return { title: `Over-billing (${overBilled.length})`, blocks };
}

export function recoveredSection({ m, cur }: DigestFacts): Section {
  const { entries, thisWeekCents } = m.recovered;
  const shown = capped(entries, (rest) => perMonth(sum(rest, (e) => e.recoveredCents), cur));
  const table: Block = {
    kind: 'table',
    caption: 'True-ups applied in the PSA whose gap has now closed',
    columns: [{ label: 'Client' }, { label: 'Product' }, { label: '$/month', align: 'right' }],
    rows: shown.shown.map((e) => ({ cells: [e.clientName, e.product, money(e.recoveredCents, cur)], line: `${e.clientName}, ${e.product}: ${perMonth(e.recoveredCents, cur)}` })),
    more: shown.more,
  };
  return {
    title: `Recovered: ${perMonth(thisWeekCents, cur)} this week`,
    blocks: [entries.length ? table : muted('Nothing recovered this week. Approving the true-ups in the finance email is how gaps close.')],
  };
}

interface ClientTotal {
  clientName: string;
  count: number;
  monthlyCents: number;
  accumulatedCents: number;
}

function topClients(entries: LedgerEntry[]): ClientTotal[] {
  const by = new Map<string, ClientTotal>();
  for (const e of entries) {
    const c = by.get(e.clientKey) ?? { clientName: e.clientName, count: 0, monthlyCents: 0, accumulatedCents: 0 };
    c.count++;
    c.monthlyCents += e.monthlyImpactCents;
    c.accumulatedCents += costSoFar(e);
    by.set(e.clientKey, c);
  }
  return [...by.values()].sort((a, b) => b.monthlyCents - a.monthlyCents).slice(0, TOP);
}

function ageBuckets(entries: LedgerEntry[]) {
  return AGE_BUCKETS.map((b, i) => {
    const min = i === 0 ? 0 : AGE_BUCKETS[i - 1]!.max + 1;
    const inBucket = entries.filter((e) => daysOpen(e) >= min && daysOpen(e) <= b.max);
    return { label: b.label, count: inBucket.length, monthlyCents: sum(inBucket, (e) => e.monthlyImpactCents), accumulatedCents: sum(inBucket, costSoFar) };
  });
}
