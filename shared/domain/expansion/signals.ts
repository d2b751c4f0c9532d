import type { Expansion, Recipe } from '../../config/schema';
import { addDays } from '../dates';
import type { ClientGroup } from '../matching';
import type { Agreement, Device, Snapshot, Subscription } from '../model';
import { deviceItems, subscriptionItems } from '../recipes';
import type { Opportunity, OpportunityKind } from './opportunity';
import { recipeFor, unitPrice } from './prices';

/**
 * Expansion signals for one client, from tonight's snapshots: each signal only where its source
 * reports the fact (a device the RMM says nothing about is never counted as unprotected or old),
 * priced at recipe prices where config names a recipe for it (config `expansion.pricedBy`).
 */

export interface ExpansionInput {
  group: ClientGroup;
  /** Tonight's fresh snapshots: a client's records in a stale source are simply not seen. */
  snapshots: readonly Snapshot[];
  recipes: readonly Recipe[];
  rules: Expansion;
  runDate: string;
}

interface Records {
  agreements: Agreement[];
  devices: Device[];
  subscriptions: Subscription[];
  hasRmm: boolean;
  hasMarketplace: boolean;
}

function recordsOf({ group, snapshots }: ExpansionInput): Records {
  const bySource = new Map(snapshots.map((s) => [s.sourceId, s]));
  const members = group.members.filter((m) => bySource.has(m.sourceId));
  const mine = <T extends { clientExternalId: string }>(pick: (s: Snapshot) => T[], role: string) =>
    members.filter((m) => m.role === role).flatMap((m) => pick(bySource.get(m.sourceId)!).filter((x) => x.clientExternalId === m.client.externalId));
  return {
    agreements: (bySource.get(group.psaSourceId)?.agreements ?? []).filter((a) => a.clientExternalId === group.psa.externalId),
    devices: mine((s) => s.devices, 'rmm').filter((d) => !d.deleted),
    subscriptions: mine((s) => s.subscriptions, 'marketplace').filter((s) => s.status === 'active'),
    hasRmm: members.some((m) => m.role === 'rmm'),
    hasMarketplace: members.some((m) => m.role === 'marketplace'),
  };
}

type Draft = Omit<Opportunity, 'clientKey' | 'clientName' | 'monthlyCents'>;

const COMPUTERS = new Set<Device['deviceClass']>(['WINDOWS_WORKSTATION', 'MAC', 'LINUX_WORKSTATION']);
const wordsIn = (text: string, words: string) => new RegExp(`(^|[^a-z0-9.])${words.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9])`).test(text.toLowerCase());

/** The end-of-support row an OS name matches, longest first; null when none does. */
export function endOfSupport(osName: string, table: Expansion['endOfSupport']): Expansion['endOfSupport'][number] | null {
  return [...table].sort((a, b) => b.os.length - a.os.length).find((row) => wordsIn(osName, row.os)) ?? null;
}

const pricedBy = (input: ExpansionInput, r: Records, product: string | undefined) => (product ? unitPrice(recipeFor(input.recipes, product), r.agreements, input.runDate) : null);

function deviceSignals(input: ExpansionInput, r: Records): Draft[] {
  const { rules, runDate } = input;
  const unprotected = r.devices.filter((d) => d.antivirus === 'none');
  const outOfSupport = r.devices.flatMap((d) => {
    const row = d.osName ? endOfSupport(d.osName, rules.endOfSupport) : null;
    return row && row.endsOn <= runDate ? [{ d, row }] : [];
  });
  const bornBefore = addDays(runDate, -Math.round(rules.hardwareMaxAgeYears * 365.25));
  const aging = r.devices.filter((d) => (d.builtOn ? d.builtOn <= bornBefore : !!d.warrantyEndsOn && d.warrantyEndsOn < runDate));
  const oses = [...new Set(outOfSupport.map((x) => x.row.os))].sort();
  const device = (kind: OpportunityKind, ds: Device[], summary: string, priceBy: string | undefined): Draft[] =>
    ds.length ? [{ kind, units: ds.length, summary, ids: ds.map((d) => d.externalId).sort(), items: deviceItems(ds), pricedAs: pricedBy(input, r, priceBy) }] : [];
  return [
    ...device('no-security', unprotected, `${unprotected.length} of the devices whose antivirus the RMM reports have none`, rules.pricedBy.security),
    ...device('os-end-of-support', outOfSupport.map((x) => x.d), `${outOfSupport.length} devices run an operating system past end of support (${oses.join(', ')})`, rules.pricedBy.osUpgrade),
    ...device('aging-hardware', aging, `${aging.length} devices made more than ${rules.hardwareMaxAgeYears} years ago or out of warranty`, rules.pricedBy.hardware),
  ];
}

function seatSignals(input: ExpansionInput, r: Records): Draft[] {
  const { rules, recipes, runDate } = input;
  const out: Draft[] = [];
  const named = (names: readonly string[]) => r.subscriptions.filter((s) => names.some((n) => [s.productName, s.productId].some((p) => p.trim().toLowerCase() === n.trim().toLowerCase())));
  const users = named(rules.userProducts);
  const seats = users.reduce((n, s) => n + s.quantity, 0);
  const computers = r.devices.filter((d) => COMPUTERS.has(d.deviceClass) && d.approved).length;
  // Only where both sides are seen: a client with no RMM organization has unmanaged users by definition, not by evidence.
  if (r.hasRmm && seats > computers)
    out.push({ kind: 'users-without-endpoints', units: seats - computers, summary: `${seats} user licences against ${computers} managed computers`, ids: users.map((s) => s.externalId).sort(), items: subscriptionItems(users), pricedAs: pricedBy(input, r, rules.pricedBy.endpoint) });
  for (const u of rules.upgrades) {
    const from = named([u.from]);
    const addOns = named(u.addOns);
    const units = from.reduce((n, s) => n + s.quantity, 0);
    if (units === 0 || addOns.length === 0) continue;
    const to = unitPrice(recipeFor(recipes, u.to), r.agreements, runDate);
    const was = unitPrice(recipeFor(recipes, u.from), r.agreements, runDate);
    const step = to && was && to.unitPriceCents > was.unitPriceCents ? { product: `${to.product} over ${was.product}`, unitPriceCents: to.unitPriceCents - was.unitPriceCents, from: 'difference' as const } : null;
    const bought = [...new Set(addOns.map((s) => s.productName))].sort().join(', ');
    out.push({ kind: 'licence-upgrade', units, summary: `${units} ${u.from} seats could move to ${u.to}, which includes ${bought} bought separately`, ids: [...from, ...addOns].map((s) => s.externalId).sort(), items: subscriptionItems([...from, ...addOns]), pricedAs: step });
  }
  return out;
}

export function expansionSignals(input: ExpansionInput): Opportunity[] {
  const r = recordsOf(input);
  return [...deviceSignals(input, r), ...seatSignals(input, r)].map((o) => ({
    clientKey: input.group.key,
    clientName: input.group.psa.name,
    ...o,
    monthlyCents: o.pricedAs ? o.pricedAs.unitPriceCents * o.units : null,
  }));
}

/** Every matched client's opportunities tonight, largest $/month first (unpriced last). */
export function expansionForNight(groups: readonly ClientGroup[], snapshots: readonly Snapshot[], recipes: readonly Recipe[], rules: Expansion, runDate: string): Opportunity[] {
  return groups
    .flatMap((group) => expansionSignals({ group, snapshots, recipes, rules, runDate }))
    .sort((a, b) => (b.monthlyCents ?? -1) - (a.monthlyCents ?? -1) || a.clientName.localeCompare(b.clientName) || a.kind.localeCompare(b.kind));
}

/** One client's opportunities by its key (`<psa sourceId>:<client id>`), as the vCIO alert and QBR pack ask; null when tonight matched no such client. */
export function expansionForClient(clientKey: string, groups: readonly ClientGroup[], input: Omit<ExpansionInput, 'group'>): Opportunity[] | null {
  const group = groups.find((g) => g.key === clientKey);
  return group ? expansionSignals({ ...input, group }) : null;
}
