import * as z from 'zod';
import { IsoDate, IsoTimestamp, WriteBackRef } from './values';
import { WorkIds, WorkPull } from './work';

export { IsoDate, IsoTimestamp, WriteBackRef };

/**
 * The canonical vocabulary every connector translates into. Vendor ids are kept as strings
 * (ConnectWise uses ints, Pax8 uuids) so one model fits all. Dates are ISO calendar dates
 * (YYYY-MM-DD) unless the name says "At" (a full ISO timestamp).
 */

export const VENDOR_KINDS = ['connectwise', 'autotask', 'halopsa', 'syncro', 'ninjaone', 'dattormm', 'kaseyavsa', 'automate', 'pax8'] as const;
export const VendorKind = z.enum(VENDOR_KINDS);
export type VendorKind = z.infer<typeof VendorKind>;

export const SourceRole = z.enum(['psa', 'rmm', 'marketplace']);
export type SourceRole = z.infer<typeof SourceRole>;

/** Each vendor's role; each vendor's module (shared/connectors/vendors) states the same, checked by the compiler. */
export const ROLE_OF = {
  connectwise: 'psa',
  autotask: 'psa',
  halopsa: 'psa',
  syncro: 'psa',
  ninjaone: 'rmm',
  dattormm: 'rmm',
  kaseyavsa: 'rmm',
  automate: 'rmm',
  pax8: 'marketplace',
} as const satisfies Record<VendorKind, SourceRole>;

/** A pointer from a record in one system to a client in another, e.g. a Datto RMM site's autotaskCompanyId. */
export const CrossRef = z.object({
  /** The vendor the id belongs to; `any-psa` when the vendor is not known (Pax8 externalId). */
  vendor: z.union([VendorKind, z.literal('any-psa')]),
  id: z.string().min(1),
});
export type CrossRef = z.infer<typeof CrossRef>;

export const Client = z.object({
  /** The vendor's own id for the company, organization, site or customer. */
  externalId: z.string().min(1),
  name: z.string().min(1),
  active: z.boolean().default(true),
  /** Cross-references to this client in other systems. */
  refs: z.array(CrossRef).default([]),
  /** RMM device ids this client owns according to the PSA (Halo assets carry ninjarmm_id / datto_id). */
  deviceRefs: z.array(CrossRef).default([]),
  /** The PSA's account manager, used as the vCIO when config says so. */
  accountManagerEmail: z.email().nullable().default(null),
});
export type Client = z.infer<typeof Client>;

export const AgreementStatus = z.enum(['active', 'cancelled', 'expired', 'inactive']);

export const AgreementLine = z.object({
  externalId: z.string().min(1),
  /** Product identifier or name as the PSA shows it; recipes match on this (case-insensitive). */
  product: z.string().min(1),
  description: z.string().default(''),
  quantity: z.number().nonnegative(),
  /** Price per unit per month, in minor units (cents). */
  unitPriceCents: z.number().int().nonnegative(),
  effectiveDate: IsoDate.nullable().default(null),
  cancelledDate: IsoDate.nullable().default(null),
  writeBack: WriteBackRef,
});
export type AgreementLine = z.infer<typeof AgreementLine>;

export const Agreement = z.object({
  externalId: z.string().min(1),
  clientExternalId: z.string().min(1),
  name: z.string().min(1),
  status: AgreementStatus,
  startDate: IsoDate.nullable().default(null),
  endDate: IsoDate.nullable().default(null),
  noEndDate: z.boolean().default(false),
  /** Monthly recurring revenue of the agreement in cents, when the PSA states it; else derived from lines. */
  billAmountCents: z.number().int().nonnegative().nullable().default(null),
  lines: z.array(AgreementLine).default([]),
});
export type Agreement = z.infer<typeof Agreement>;

/** Device classes in Trueup's words; NinjaOne's nodeClass names where they fit. */
export const DEVICE_CLASSES = [
  'WINDOWS_WORKSTATION',
  'WINDOWS_SERVER',
  'MAC',
  'MAC_SERVER',
  'LINUX_WORKSTATION',
  'LINUX_SERVER',
  'VIRTUAL_HOST',
  'VIRTUAL_GUEST',
  'MOBILE',
  'NETWORK',
  'PRINTER',
  'OTHER',
  // The RMM did not state a class, or stated one Trueup does not know: counted by no recipe, listed apart.
  'UNCLASSIFIED',
] as const;
export const DeviceClass = z.enum(DEVICE_CLASSES);
export type DeviceClass = z.infer<typeof DeviceClass>;

/** protected: running and up to date; at-risk: installed but stopped or out of date; none: no antivirus/EDR detected. */
export const AntivirusState = z.enum(['protected', 'at-risk', 'none']);
export type AntivirusState = z.infer<typeof AntivirusState>;

export const Device = z.object({
  externalId: z.string().min(1),
  /** The RMM organization (NinjaOne) or site (Datto RMM) the device belongs to. */
  clientExternalId: z.string().min(1),
  name: z.string().default(''),
  deviceClass: DeviceClass,
  /** The vendor's own class or type, kept for the evidence. */
  vendorClass: z.string().default(''),
  lastSeenAt: IsoTimestamp.nullable().default(null),
  /** The first night Trueup stored this device: set by collect from shared/store/first-seen.ts, never by a connector. */
  firstSeenOn: IsoDate.nullable().optional(),
  approved: z.boolean().default(true),
  deleted: z.boolean().default(false),
  /** The operating system as the RMM names it ("Windows 10 Pro"); absent when the RMM does not say. Expansion signals only. */
  osName: z.string().nullable().optional(),
  /** Antivirus/EDR as the RMM sees it; absent when the RMM does not report it. */
  antivirus: AntivirusState.nullable().optional(),
  /** The hardware warranty's end, when the RMM reports it. */
  warrantyEndsOn: IsoDate.nullable().optional(),
  /** When the hardware was made or bought, when the RMM reports it. */
  builtOn: IsoDate.nullable().optional(),
});
export type Device = z.infer<typeof Device>;

export const SubscriptionStatus = z.enum(['active', 'pending', 'trial', 'cancelled', 'other']);

export const Subscription = z.object({
  externalId: z.string().min(1),
  clientExternalId: z.string().min(1),
  productId: z.string().min(1),
  productName: z.string().min(1),
  quantity: z.number().nonnegative(),
  status: SubscriptionStatus,
  vendorStatus: z.string().default(''),
  billingTerm: z.string().nullable().default(null),
  /** Pax8 commitmentTerm.endDate: the date a committed (NCE) seat count may next go down. */
  commitmentEndDate: IsoDate.nullable().default(null),
  startDate: IsoDate.nullable().default(null),
  /** The day the marketplace last changed the subscription (Pax8 updatedDate): a seat change or any other edit [I]. */
  updatedOn: IsoDate.nullable().optional(),
  /** What the marketplace charges the MSP per seat per month, in cents (Pax8 partnerCost); absent when not stated. */
  partnerCostCents: z.number().int().nonnegative().nullable().optional(),
});
export type Subscription = z.infer<typeof Subscription>;

/** A vendor record that failed validation: reported in the run summary, never counted. */
export const QuarantinedRecord = z.object({
  sourceId: z.string(),
  entity: z.string(),
  externalId: z.string().nullable(),
  reason: z.string(),
});
export type QuarantinedRecord = z.infer<typeof QuarantinedRecord>;

/** What one connector returns for one night. */
export const SourcePull = z.object({
  clients: z.array(Client),
  agreements: z.array(Agreement).default([]),
  devices: z.array(Device).default([]),
  subscriptions: z.array(Subscription).default([]),
  quarantined: z.array(QuarantinedRecord).default([]),
  /** Degradations a person should know about that did not stop the pull (a lookup the API user may not read). */
  warnings: z.array(z.string()).default([]),
  /** A PSA's tickets, time entries, invoices and agreement coverage (shared/domain/work.ts), when its work pull ran. */
  work: WorkPull.optional(),
});
export type SourcePull = z.infer<typeof SourcePull>;

/** How a snapshot's work set was read: when (the next incremental read's watermark), over which window, whole or changes only, and why it is stale. */
export const WorkRead = z.object({
  /** When the read that produced the set began: the PSA's changes after it are read next night. */
  at: IsoTimestamp,
  /** The oldest work date in the set. */
  from: IsoDate,
  full: z.boolean(),
  /** Why tonight's read failed, when the set is an earlier night's kept: then nothing is resolved from it. */
  stale: z.string().nullable(),
  /** The time entries and tickets of the last set that tonight's read found gone from the PSA: their findings are not money recovered. */
  deleted: WorkIds.optional(),
});
export type WorkRead = z.infer<typeof WorkRead>;

export const Snapshot = SourcePull.extend({
  sourceId: z.string(),
  kind: VendorKind,
  role: SourceRole,
  runDate: IsoDate,
  fetchedAt: IsoTimestamp,
  /** Present when the source's work (tickets, time, invoices) was read or kept tonight. */
  workRead: WorkRead.optional(),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** A run's view of one source: a snapshot, or why there is none. */
export type SourceStatus =
  | { sourceId: string; kind: VendorKind; role: SourceRole; state: 'fresh'; snapshot: Snapshot }
  | { sourceId: string; kind: VendorKind; role: SourceRole; state: 'stale' | 'failed'; reason: string };

export const FindingKind = z.enum(['under-billed', 'over-billed', 'unbilled-usage', 'unmapped']);
export type FindingKind = z.infer<typeof FindingKind>;

export interface FindingKindTraits {
  /**
   * Where its $/month is counted: `unbilled` is leakage (the headline), `over-billed` the dispute
   * risk, `estimate` apart (usage no recipe or client maps to a billing line).
   */
  counts: 'unbilled' | 'over-billed' | 'estimate';
  /** What a true-up does for it: change the line's quantity, add a line, or nothing. */
  proposable: 'quantity' | 'add-line' | null;
  /** The kind in a person's words. */
  label: string;
}

/** Every place that treats kinds differently reads it here, so a new kind is a compile error until each trait is given. */
export const FINDING_KINDS = {
  'under-billed': { counts: 'unbilled', proposable: 'quantity', label: 'under-billed' },
  'over-billed': { counts: 'over-billed', proposable: 'quantity', label: 'over-billed' },
  'unbilled-usage': { counts: 'unbilled', proposable: 'add-line', label: 'unbilled usage' },
  unmapped: { counts: 'estimate', proposable: null, label: 'unmapped' },
} as const satisfies Record<FindingKind, FindingKindTraits>;

type KindProposing<P> = { [K in FindingKind]: (typeof FINDING_KINDS)[K]['proposable'] extends P ? K : never }[FindingKind];
/** A kind a true-up fixes by changing the line's quantity. */
export const changesQuantity = (kind: FindingKind): kind is KindProposing<'quantity'> => FINDING_KINDS[kind].proposable === 'quantity';
/** A kind a true-up fixes by adding a line to the agreement. */
export const addsLine = (kind: FindingKind): kind is KindProposing<'add-line'> => FINDING_KINDS[kind].proposable === 'add-line';

/**
 * Where a finding stands; shared/domain/ledger.ts says which statuses the headline counts.
 * held: a safety rule or suspect data holds its true-up. suppressed: rejected with a reason, so
 * written off until someone revokes the rule. dismissed: rejected before reasons were asked for
 * (no rule, kept as it was). There is no separate "rejected": every rejection now carries a reason
 * and so becomes suppressed.
 */
export const FindingStatus = z.enum(['open', 'proposed', 'approved', 'applied', 'held', 'suppressed', 'dismissed', 'resolved']);
export type FindingStatus = z.infer<typeof FindingStatus>;

/**
 * One record behind a count, as a person reads it: a device by hostname, or a subscription by
 * product. Devices carry lastSeenAt and firstSeenOn; subscriptions carry quantity and changedOn.
 */
export const EvidenceItem = z.object({
  id: z.string(),
  /** Device hostname, or the subscription's product name. */
  name: z.string(),
  lastSeenAt: IsoTimestamp.nullable().optional(),
  firstSeenOn: IsoDate.nullable().optional(),
  quantity: z.number().optional(),
  /** The day the subscription last changed, else its start: Pax8 states no date of the last seat change itself. */
  changedOn: IsoDate.nullable().optional(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const Evidence = z.object({
  /** Where the count came from: "ninja-main", "pax8". */
  sourceId: z.string(),
  /** Device or subscription ids behind the observed count: all of them, for the audit. */
  ids: z.array(z.string()),
  /** One line a person can read: "42 devices: WINDOWS_WORKSTATION, MAC; approved; seen in 30 days". */
  rule: z.string(),
  /** The records behind the count, newest first, at most EVIDENCE_ITEM_LIMIT (ids has them all). Absent on evidence stored before items existed. */
  items: z.array(EvidenceItem).optional(),
  /** The client's page in the source's web app (the RMM organization, the Pax8 company), when the source has a webUrl. */
  url: z.string().optional(),
});
export type Evidence = z.infer<typeof Evidence>;

/** One night's computed gap for a client and line, before it meets the ledger. */
export const Finding = z.object({
  /** `<psa sourceId>:<client externalId>`, or the unmatched org's own key for unmapped findings. */
  clientKey: z.string(),
  clientName: z.string(),
  /** The recipe key (product slug), or `org` / `product:<id>` for unmapped findings. */
  lineKey: z.string(),
  kind: FindingKind,
  /** Which kind of source the observed count comes from: a stale one leaves the finding unchecked. */
  basis: SourceRole,
  /** The source the finding is about: the PSA for billing gaps, the unmatched org's own source for unmapped ones. */
  sourceId: z.string(),
  product: z.string(),
  billed: z.number(),
  observed: z.number(),
  delta: z.number(),
  unitPriceCents: z.number().int(),
  /** delta × unit price; positive is unbilled revenue, negative is over-billing. */
  monthlyImpactCents: z.number().int(),
  evidence: z.array(Evidence),
  /** The PSA line a true-up would change, when there is exactly one to change. */
  line: z
    .object({
      sourceId: z.string(),
      agreementExternalId: z.string(),
      agreementName: z.string(),
      /** The agreement's page in the PSA's web app, when the source has a webUrl. */
      agreementUrl: z.string().optional(),
      lineExternalId: z.string(),
      /** This line's own quantity; `billed` sums every active line of the product. */
      quantity: z.number(),
      writeBack: WriteBackRef,
    })
    .nullable(),
  /**
   * Unbilled usage only: the agreement a new line for the product would go on (the client's active
   * agreement with the most recurring revenue); absent when the client has none to add it to.
   */
  addTo: z.object({ sourceId: z.string(), agreementExternalId: z.string(), agreementName: z.string() }).optional(),
  /** Pax8 commitment end dates behind the count: a decrease before then cannot be passed on. */
  committedUntil: IsoDate.nullable().default(null),
  /** Why the night's data behind this finding is suspect (shared/domain/completeness.ts); absent when it is not. */
  suspect: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

export const RenewalAlert = z.object({
  agreementKey: z.string(),
  clientKey: z.string(),
  clientName: z.string(),
  agreementName: z.string(),
  endDate: IsoDate,
  daysLeft: z.number().int(),
  mrrCents: z.number().int(),
  vcioEmail: z.string().nullable(),
  /** The agreement's page in the PSA's web app, when the source has a webUrl. */
  agreementUrl: z.string().optional(),
  /** Set when the alert came before the usual window because the client's health is red or yellow. */
  earlyFor: z.enum(['red', 'yellow']).optional(),
});
export type RenewalAlert = z.infer<typeof RenewalAlert>;
