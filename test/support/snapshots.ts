import type { Recipe } from '../../shared/config/schema';
import { Recipe as RecipeSchema } from '../../shared/config/schema';
import { addDays } from '../../shared/domain/dates';
import type { Agreement, Client, Device, Snapshot, SourceStatus, Subscription } from '../../shared/domain/model';
import type { Invoice, Ticket } from '../../shared/domain/work';

/** Small canonical snapshots for engine tests, with defaults a test can override. */

export const RUN_DATE = '2026-11-23';

export function client(externalId: string, name: string, extra: Partial<Client> = {}): Client {
  return { externalId, name, active: true, refs: [], deviceRefs: [], accountManagerEmail: null, ...extra };
}

export function agreement(externalId: string, clientExternalId: string, lines: Array<{ id: string; product: string; quantity: number; price?: number } & Partial<Agreement['lines'][number]>>, extra: Partial<Agreement> = {}): Agreement {
  return {
    externalId,
    clientExternalId,
    name: `Agreement ${externalId}`,
    status: 'active',
    startDate: '2024-01-01',
    endDate: '2027-01-01',
    noEndDate: false,
    billAmountCents: null,
    lines: lines.map(({ id, product, quantity, price, ...rest }) => ({
      externalId: id,
      product,
      description: '',
      quantity,
      unitPriceCents: price ?? 4500,
      effectiveDate: '2024-01-01',
      cancelledDate: null,
      writeBack: { agreementId: externalId, additionId: id },
      ...rest,
    })),
    ...extra,
  };
}

export function device(externalId: string, clientExternalId: string, extra: Partial<Device> = {}): Device {
  return { externalId, clientExternalId, name: externalId, deviceClass: 'WINDOWS_WORKSTATION', vendorClass: '', lastSeenAt: `${RUN_DATE}T01:00:00.000Z`, approved: true, deleted: false, ...extra };
}

export function subscription(externalId: string, clientExternalId: string, productName: string, quantity: number, extra: Partial<Subscription> = {}): Subscription {
  return { externalId, clientExternalId, productId: productName, productName, quantity, status: 'active', vendorStatus: 'Active', billingTerm: 'Monthly', commitmentEndDate: null, startDate: '2025-01-01', ...extra };
}

export function fresh(snapshot: Omit<Snapshot, 'runDate' | 'fetchedAt' | 'quarantined' | 'warnings' | 'agreements' | 'devices' | 'subscriptions'> & Partial<Snapshot>): SourceStatus {
  const full: Snapshot = { agreements: [], devices: [], subscriptions: [], quarantined: [], warnings: [], runDate: RUN_DATE, fetchedAt: `${RUN_DATE}T08:00:00.000Z`, ...snapshot };
  return { sourceId: full.sourceId, kind: full.kind, role: full.role, state: 'fresh', snapshot: full };
}

export const RECIPES: Recipe[] = [
  RecipeSchema.parse({ product: 'Managed Workstation', count: { from: 'rmm', deviceClasses: ['WINDOWS_WORKSTATION', 'MAC', 'LINUX_WORKSTATION'] }, listPriceCents: 4500 }),
  RecipeSchema.parse({ product: 'M365 Business Premium', count: { from: 'marketplace', products: ['Microsoft 365 Business Premium'] }, listPriceCents: 2200 }),
];

/** A PSA ticket opened `daysAgo` days before RUN_DATE (or `runDate`), open unless closed is given. */
export function ticket(externalId: string, clientExternalId: string, daysAgo: number, extra: Partial<Ticket> & { runDate?: string } = {}): Ticket {
  const { runDate = RUN_DATE, ...rest } = extra;
  return {
    externalId,
    clientExternalId,
    agreementExternalId: null,
    summary: `Ticket ${externalId}`,
    status: 'New',
    closed: false,
    openedAt: `${addDays(runDate, -daysAgo)}T15:00:00.000Z`,
    closedAt: null,
    billingCode: null,
    slaBreached: false,
    reopened: false,
    updatedAt: null,
    ...rest,
  };
}

/** A PSA invoice dated `daysAgo` days before RUN_DATE, due 30 days later, paid after `paidAfter` days or unpaid. */
export function invoice(externalId: string, clientExternalId: string, daysAgo: number, totalCents: number, paidAfter: number | null, extra: Partial<Invoice> = {}): Invoice {
  const date = addDays(RUN_DATE, -daysAgo);
  return {
    externalId,
    clientExternalId,
    number: externalId,
    date,
    dueDate: addDays(date, 30),
    totalCents,
    balanceCents: paidAfter === null ? totalCents : 0,
    paidDate: paidAfter === null ? null : addDays(date, paidAfter),
    laborCents: null,
    ...extra,
  };
}
