import * as z from 'zod';
import { IsoDate } from '../values';
import type { Snapshot } from '../model';
import { agreementRevenue } from './agreement';

/**
 * One night's MRR picture: per client and per service, from the PSA's active agreements
 * (agreement.ts says how an agreement's amount is counted), with the seats and devices the
 * night observed for per-seat and per-device revenue, and each licence product's margin.
 * Stored once a night (shared/store/mrr.ts), read back through these schemas.
 */

export const ServiceMrr = z.object({ service: z.string(), cents: z.number().int(), quantity: z.number().nullable() });
export type ServiceMrr = z.infer<typeof ServiceMrr>;

export const ClientMrr = z.object({
  /** `<psa sourceId>:<client externalId>`, as findings and renewal alerts key clients. */
  clientKey: z.string(),
  clientName: z.string(),
  cents: z.number().int(),
  services: z.array(ServiceMrr),
  /** Active marketplace seats and RMM devices the night matched to the client; null when not known. */
  seats: z.number().nullable(),
  devices: z.number().nullable(),
});
export type ClientMrr = z.infer<typeof ClientMrr>;

export const ProductMargin = z.object({
  /** The recipe's product: the PSA line it bills and the Pax8 products it counts. */
  product: z.string(),
  /** What the PSA bills for it a month, over the clients whose Pax8 cost is known. */
  revenueCents: z.number().int(),
  /** What Pax8 charges the MSP a month for the same clients' seats (partner cost). */
  costCents: z.number().int(),
  billedUnits: z.number(),
  boughtSeats: z.number(),
  clients: z.number().int(),
  /** Clients billed for the product whose Pax8 subscriptions state no partner cost: left out of both figures. */
  clientsWithoutCost: z.number().int(),
});
export type ProductMargin = z.infer<typeof ProductMargin>;

export const MrrNight = z.object({
  runDate: IsoDate,
  clients: z.array(ClientMrr),
  margins: z.array(ProductMargin).default([]),
  /** Agreements whose amount a person should look at (agreement.ts). */
  notes: z.array(z.string()).default([]),
});
export type MrrNight = z.infer<typeof MrrNight>;

export interface ClientCountsLike {
  clientKey: string;
  devices: number;
  seats: number;
}

/** MRR per PSA client with any active agreement: the clients' sum is the sum of the agreements' MRR. */
export function mrrByClient(psaSnapshots: readonly Snapshot[], runDate: string, counts: readonly ClientCountsLike[] = []): Pick<MrrNight, 'clients' | 'notes'> {
  const countOf = new Map(counts.map((c) => [c.clientKey, c]));
  const clients = new Map<string, ClientMrr>();
  const notes: string[] = [];
  for (const snap of psaSnapshots) {
    const names = new Map(snap.clients.map((c) => [c.externalId, c.name]));
    for (const agreement of snap.agreements) {
      const revenue = agreementRevenue(agreement, runDate);
      if (revenue.note) notes.push(`${snap.sourceId}: ${revenue.note}`);
      if (revenue.cents === 0 && revenue.services.length === 0) continue;
      const clientKey = `${snap.sourceId}:${agreement.clientExternalId}`;
      const c = countOf.get(clientKey);
      const row = clients.get(clientKey) ?? { clientKey, clientName: names.get(agreement.clientExternalId) ?? clientKey, cents: 0, services: [], seats: c?.seats ?? null, devices: c?.devices ?? null };
      row.cents += revenue.cents;
      row.services = mergeServices(row.services, revenue.services);
      clients.set(clientKey, row);
    }
  }
  return { clients: [...clients.values()].sort((a, b) => a.clientKey.localeCompare(b.clientKey)), notes };
}

/** Services of one name added together (case-insensitively: PSAs spell one product several ways). */
function mergeServices(into: ServiceMrr[], more: readonly ServiceMrr[]): ServiceMrr[] {
  const out = into.map((s) => ({ ...s }));
  for (const s of more) {
    const same = out.find((o) => o.service.toLowerCase() === s.service.toLowerCase());
    if (!same) out.push({ ...s });
    else {
      same.cents += s.cents;
      same.quantity = same.quantity === null || s.quantity === null ? null : same.quantity + s.quantity;
    }
  }
  return out;
}

/** MRR per service across every client of the night, largest first. */
export function mrrByService(night: Pick<MrrNight, 'clients'>): ServiceMrr[] {
  return mergeServices([], night.clients.flatMap((c) => c.services)).sort((a, b) => b.cents - a.cents || a.service.localeCompare(b.service));
}
