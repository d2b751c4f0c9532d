import type { EvidenceItem } from '../model';

/**
 * Expansion opportunities for the vCIO: what a client could buy, never what it fails to pay for.
 * They are kept apart from findings and never enter the leakage totals.
 */

export const OPPORTUNITY_KINDS = {
  'no-security': { label: 'devices without antivirus/EDR', unit: 'device' },
  'os-end-of-support': { label: 'operating systems past end of support', unit: 'device' },
  'aging-hardware': { label: 'aging hardware', unit: 'device' },
  'users-without-endpoints': { label: 'licensed users without a managed computer', unit: 'seat' },
  'licence-upgrade': { label: 'licence upgrade', unit: 'seat' },
} as const satisfies Record<string, { label: string; unit: 'device' | 'seat' }>;
export type OpportunityKind = keyof typeof OPPORTUNITY_KINDS;

export interface Opportunity {
  clientKey: string;
  clientName: string;
  kind: OpportunityKind;
  /** One line a person reads: "3 devices run Windows 10, out of support since 14 Oct 2025". */
  summary: string;
  /** Devices or seats behind it. */
  units: number;
  /**
   * The recipe product that prices it and its price per unit a month: the client's own line price,
   * the recipe's list price, or (upgrades) the difference between two recipes' prices; null when none applies.
   */
  pricedAs: { product: string; unitPriceCents: number; from: 'client line' | 'list price' | 'difference' } | null;
  /** units × unit price; null when no recipe prices it (listed, not summed). */
  monthlyCents: number | null;
  /** The devices or subscriptions behind it, at most EVIDENCE_ITEM_LIMIT (ids has them all). */
  ids: string[];
  items: EvidenceItem[];
}
