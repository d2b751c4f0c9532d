import type { LedgerEntry } from '../ledger';
import { groupBy, type ClientGroup } from '../matching';
import type { Snapshot } from '../model';
import type { ClientCounts } from '../reconcile';
import type { CountPoint } from '../renewal-risk';
import type { ClientHealthInputs } from './components';

/**
 * Each matched client's health inputs from one night: its PSA agreements and work (tickets,
 * invoices), tonight's counts, its stored trend and its ledger entries. A PSA snapshot without
 * a work pull gives every client of that PSA `work: null`, so their ticket and invoice parts say
 * "not read" instead of scoring a client with no tickets as perfect.
 */
export interface HealthNight {
  runDate: string;
  groups: readonly ClientGroup[];
  psa: readonly Snapshot[];
  ledger: readonly LedgerEntry[];
  counts: readonly ClientCounts[];
  /** Past nights' counts by client key, oldest first. */
  trends: ReadonlyMap<string, CountPoint[]>;
}

export function healthInputs(night: HealthNight): Map<string, ClientHealthInputs> {
  const work = new Map(night.psa.map((s) => [s.sourceId, indexWork(s)]));
  const ledger = groupBy(night.ledger, (e) => e.clientKey);
  const counts = new Map(night.counts.map((c) => [c.clientKey, c]));
  const out = new Map<string, ClientHealthInputs>();
  for (const g of night.groups) {
    const w = work.get(g.psaSourceId);
    if (!w) continue;
    const id = g.psa.externalId;
    const c = counts.get(g.key);
    out.set(g.key, {
      runDate: night.runDate,
      work: w.pulled ? { tickets: w.tickets.get(id) ?? [], invoices: w.invoices.get(id) ?? [], ticketsReachBack: w.reachBack } : null,
      agreements: w.agreements.get(id) ?? [],
      size: c ? { seats: c.seats, devices: c.devices } : null,
      trend: night.trends.get(g.key) ?? [],
      ledger: ledger.get(g.key) ?? [],
    });
  }
  return out;
}

function indexWork(s: Snapshot) {
  const tickets = s.work?.tickets ?? [];
  // How far back the pull reaches: the oldest ticket it holds, across all clients.
  const reachBack = tickets.reduce<string | null>((min, t) => (t.openedAt && (min === null || t.openedAt.slice(0, 10) < min) ? t.openedAt.slice(0, 10) : min), null);
  return {
    pulled: s.work !== undefined,
    reachBack,
    tickets: groupBy(tickets, (t) => t.clientExternalId),
    invoices: groupBy(s.work?.invoices ?? [], (v) => v.clientExternalId),
    agreements: groupBy(s.agreements, (a) => a.clientExternalId),
  };
}
