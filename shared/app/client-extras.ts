import type { Recipe } from '../config/schema';
import { OPPORTUNITY_KINDS, type Opportunity as Signal } from '../domain/expansion';
import type { ClientGroup } from '../domain/matching';
import type { Snapshot } from '../domain/model';
import type { Opportunity } from '../domain/opportunity';
import { licenceMargins } from '../domain/revenue';

/** What the renewal alert and the QBR pack show beside health, per client. */
export interface ClientExtras {
  /** Licence gross margin a month (PSA price less Pax8 cost); null when no licence of the client states a cost. */
  marginCents: number | null;
  opportunities: Opportunity[];
}

/** Tonight's margin and expansion signals by client key, as the alert and the pack list them. */
export function clientExtras(night: { groups: readonly ClientGroup[]; fresh: readonly Snapshot[]; recipes: readonly Recipe[]; runDate: string }, signals: readonly Signal[]): (clientKey: string) => ClientExtras {
  const groupOf = new Map(night.groups.map((g) => [g.key, g]));
  const signalsOf = new Map<string, Signal[]>();
  for (const s of signals) {
    const list = signalsOf.get(s.clientKey);
    if (list) list.push(s);
    else signalsOf.set(s.clientKey, [s]);
  }
  return (clientKey) => {
    const group = groupOf.get(clientKey);
    const margins = group ? licenceMargins([group], night.fresh, night.recipes, night.runDate).filter((m) => m.clients > 0) : [];
    return {
      marginCents: margins.length ? margins.reduce((n, m) => n + m.revenueCents - m.costCents, 0) : null,
      opportunities: (signalsOf.get(clientKey) ?? []).map((s) => ({ kind: s.kind, title: OPPORTUNITY_KINDS[s.kind].label, detail: s.summary, monthlyCents: s.monthlyCents })),
    };
  };
}
