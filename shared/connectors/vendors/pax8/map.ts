import type { Client, Subscription } from '../../../domain/model';
import type { Pax8Company, Pax8Subscription } from './records';

/** Pax8 records -> the canonical model. Pure: no HTTP, no state. */

export function toClient(company: Pax8Company): Client {
  const externalId = company.externalId?.trim();
  return {
    externalId: company.id,
    name: company.name,
    // [I] status is readOnly and always sent; a company without one is taken as active.
    active: company.status == null || company.status === 'Active',
    // Pax8 does not say which PSA the externalId belongs to; matching tries it against each.
    refs: externalId ? [{ vendor: 'any-psa', id: externalId }] : [],
    deviceRefs: [],
    accountManagerEmail: null,
  };
}

/**
 * Pax8 subscription status -> canonical status. Anything not listed (a status Pax8 adds later)
 * is "other", which no recipe counts, and vendorStatus keeps the exact word for the evidence.
 */
export const SUBSCRIPTION_STATUS: Record<string, Subscription['status']> = {
  Active: 'active',
  // [V] "Requires Activation and has been activated": billing has begun.
  Activated: 'active',
  PendingManual: 'pending',
  PendingAutomated: 'pending',
  PendingActivation: 'pending',
  WaitingForDetails: 'pending',
  Trial: 'trial',
  Cancelled: 'cancelled',
  // [I] the client has asked to give these seats up: counting them would propose billing the
  // client for licences on their way out, so they count as cancelled from the request on.
  PendingCancel: 'cancelled',
  // [I] "Converted from trial": whether the paid seats live on this record or a new one is not
  // documented, and counting both would bill a client twice, so it is left uncounted.
  Converted: 'other',
};

export function toSubscription(sub: Pax8Subscription, productName: string): Subscription {
  return {
    externalId: sub.id,
    clientExternalId: sub.companyId,
    productId: sub.productId,
    productName,
    quantity: sub.quantity,
    // hasOwn: a status named like an Object method ("constructor") must not match the prototype.
    status: Object.hasOwn(SUBSCRIPTION_STATUS, sub.status) ? SUBSCRIPTION_STATUS[sub.status]! : 'other',
    vendorStatus: sub.status,
    billingTerm: sub.billingTerm ?? null,
    commitmentEndDate: sub.commitmentTerm?.endDate ?? null,
    startDate: sub.startDate ?? null,
    ...(sub.updatedDate ? { updatedOn: sub.updatedDate } : {}),
    ...partnerCost(sub),
  };
}

/** Months one Pax8 billing term spans [I: partnerCost is taken as the price of one term]; terms that do not recur have no monthly cost. */
const TERM_MONTHS: Record<string, number> = { Monthly: 1, Annual: 12, '2-Year': 24, '3-Year': 36 };

/** The partner cost per seat per month in cents, when Pax8 states one for a recurring term. */
function partnerCost(sub: Pax8Subscription): Pick<Subscription, 'partnerCostCents'> {
  const months = Object.hasOwn(TERM_MONTHS, sub.billingTerm ?? 'Monthly') ? TERM_MONTHS[sub.billingTerm ?? 'Monthly']! : null;
  if (sub.partnerCost == null || months === null) return {};
  return { partnerCostCents: Math.round((sub.partnerCost * 100) / months) };
}
