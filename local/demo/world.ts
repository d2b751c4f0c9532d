import type { AntivirusState, DeviceClass } from '../../shared/domain/model';
import type { WorldWork } from './work-world';

/**
 * The demo MSP as one vendor-neutral world. Each simulator renders its vendor's slice of it in
 * that vendor's own shapes (ids, field names, envelopes), so the demo and the tests exercise the
 * real connectors end to end, and every planted gap is known in advance.
 */

export type PsaVendor = 'connectwise' | 'autotask' | 'halopsa' | 'syncro';
export type RmmVendor = 'ninjaone' | 'dattormm' | 'kaseyavsa' | 'automate';

export interface WorldLine {
  /** Numeric string: every PSA here uses integer ids. */
  id: string;
  product: string;
  quantity: number;
  unitPriceCents: number;
  effectiveDate: string | null;
  cancelledDate: string | null;
}

export interface WorldAgreement {
  id: string;
  name: string;
  status: 'active' | 'cancelled' | 'expired' | 'inactive';
  startDate: string;
  endDate: string | null;
  noEndDate: boolean;
  lines: WorldLine[];
}

export interface WorldDevice {
  /** Numeric string (NinjaOne node id, Datto device id). */
  id: string;
  /** Datto RMM devices also have a uid. */
  uid: string;
  name: string;
  deviceClass: DeviceClass;
  lastSeenAt: string;
  approved: boolean;
  deleted: boolean;
  /** What the RMM reports about the machine where its API carries it (expansion signals); absent: not reported. */
  facts?: DeviceFacts;
}

export interface DeviceFacts {
  /** The operating system's name, in place of the class's usual one. */
  os?: string;
  antivirus?: AntivirusState;
  warrantyEndsOn?: string;
  builtOn?: string;
}

export interface WorldSubscription {
  id: string;
  productId: string;
  quantity: number;
  status: 'Active' | 'Cancelled' | 'PendingManual' | 'Trial';
  billingTerm: 'Monthly' | 'Annual' | '3-Year';
  commitmentEndDate: string | null;
  startDate: string;
}

export interface WorldClient {
  name: string;
  psa: { vendor: PsaVendor; id: string; name: string; accountManagerEmail: string | null };
  agreements: WorldAgreement[];
  /** The client's RMM organization (NinjaOne) or site (Datto RMM), if managed. */
  rmm: {
    vendor: RmmVendor;
    /** NinjaOne org id (numeric string) or Datto site id. */
    id: string;
    /** Datto site uid. */
    uid: string;
    name: string;
    /** Datto sites carry the Autotask company id when the PSA is Autotask. */
    autotaskCompanyId: string | null;
    devices: WorldDevice[];
  } | null;
  pax8: { id: string; name: string; externalId: string | null; subscriptions: WorldSubscription[] } | null;
  /** The client's tickets, time and invoices in its PSA (local/demo/work-world.ts); none when absent. */
  work?: WorldWork;
}

export interface WorldProduct {
  id: string;
  name: string;
  vendorName: string;
  sku: string;
  requiresCommitment: boolean;
  /** What Pax8 charges the MSP per seat per month, in cents (served as partnerCost per billing term). */
  partnerCostCents?: number;
}

export interface DemoWorld {
  /** The night the demo runs as (YYYY-MM-DD). */
  asOf: string;
  clients: WorldClient[];
  /** Pax8 product catalogue. */
  products: WorldProduct[];
  /** Organizations that match no PSA client: the demo's planted "unmapped" finding. */
  orphans: { rmm: Array<NonNullable<WorldClient['rmm']>>; pax8: Array<NonNullable<WorldClient['pax8']>> };
  /** Raw vendor records that break the vendor's schema, planted per vendor to show quarantine. */
  malformed: Partial<Record<PsaVendor | RmmVendor | 'pax8', unknown[]>>;
}
