import type { Recipe } from '../../config/schema';
import type { ClientGroup } from '../matching';
import type { Snapshot, Subscription } from '../model';
import { lineIsActive, lineMatches, subscriptionsCounted } from '../recipes';
import { agreementBills } from './agreement';
import type { ProductMargin } from './night';

/**
 * Licence gross margin per product: what the PSA bills a month for a marketplace recipe's
 * product against what Pax8 charges the MSP for the same clients' seats (Subscription
 * partnerCostCents). A client whose counted subscriptions do not all state a cost is left out of
 * both sides and counted in clientsWithoutCost: a margin on half the cost would look too good.
 */

interface ClientSide {
  revenueCents: number;
  billedUnits: number;
  subs: Subscription[];
}

function clientSide(recipe: Recipe, group: ClientGroup, bySource: Map<string, Snapshot>, runDate: string): ClientSide {
  const psa = bySource.get(group.psaSourceId);
  const lines = (psa?.agreements ?? [])
    .filter((a) => a.clientExternalId === group.psa.externalId && agreementBills(a, runDate))
    .flatMap((a) => a.lines.filter((l) => lineIsActive(l, runDate) && lineMatches(recipe, l)));
  const subs = group.members
    .filter((m) => m.role === 'marketplace')
    .flatMap((m) => subscriptionsCounted(recipe, (bySource.get(m.sourceId)?.subscriptions ?? []).filter((s) => s.clientExternalId === m.client.externalId)));
  return { revenueCents: lines.reduce((n, l) => n + Math.round(l.quantity * l.unitPriceCents), 0), billedUnits: lines.reduce((n, l) => n + l.quantity, 0), subs };
}

export function licenceMargins(groups: readonly ClientGroup[], snapshots: readonly Snapshot[], recipes: readonly Recipe[], runDate: string): ProductMargin[] {
  const bySource = new Map(snapshots.map((s) => [s.sourceId, s]));
  const out: ProductMargin[] = [];
  for (const recipe of recipes.filter((r) => r.count.from === 'marketplace')) {
    const m: ProductMargin = { product: recipe.product, revenueCents: 0, costCents: 0, billedUnits: 0, boughtSeats: 0, clients: 0, clientsWithoutCost: 0 };
    for (const group of groups) {
      const side = clientSide(recipe, group, bySource, runDate);
      if (side.billedUnits === 0 && side.subs.length === 0) continue;
      if (side.subs.some((s) => s.partnerCostCents == null)) {
        m.clientsWithoutCost++;
        continue;
      }
      m.clients++;
      m.revenueCents += side.revenueCents;
      m.billedUnits += side.billedUnits;
      m.boughtSeats += side.subs.reduce((n, s) => n + s.quantity, 0);
      m.costCents += side.subs.reduce((n, s) => n + Math.round(s.quantity * s.partnerCostCents!), 0);
    }
    if (m.clients > 0 || m.clientsWithoutCost > 0) out.push(m);
  }
  return out;
}

/** Margin as a share of revenue, or null when nothing is billed. */
export const marginPercent = (m: Pick<ProductMargin, 'revenueCents' | 'costCents'>): number | null =>
  m.revenueCents > 0 ? ((m.revenueCents - m.costCents) / m.revenueCents) * 100 : null;
