import * as z from 'zod';
import type { Agreement, AgreementLine, Client, CrossRef } from '../../../domain/model';
import type { HaloAsset, HaloClient, HaloContract, HaloInvoice, HaloInvoiceLine } from './records';

/** HaloPSA records -> the canonical model. Pure: no HTTP, no state. */

const Email = z.email();

export function toClient(c: HaloClient, agentEmails: ReadonlyMap<number, string>, assets: readonly HaloAsset[]): Client {
  const email = c.accountmanagertech ? agentEmails.get(c.accountmanagertech) : undefined;
  return {
    externalId: String(c.id),
    name: c.name,
    active: !c.inactive,
    refs: [],
    deviceRefs: assets.flatMap(deviceRefsOf),
    accountManagerEmail: email && Email.safeParse(email).success ? email : null,
  };
}

/**
 * The RMM ids a Halo asset carries: the cross-reference that ties RMM organizations to Halo
 * clients. ninjarmm_id is the NinjaOne device id [V3]. For Datto RMM the spec has datto_id (a
 * string: the device uid [I]) and datto_alternate_id (an int: the numeric device id [I]); both
 * are kept, so the match holds whichever id the Datto RMM connector keys devices by.
 */
function deviceRefsOf(a: HaloAsset): CrossRef[] {
  const refs: CrossRef[] = [];
  if (a.ninjarmm_id && a.ninjarmm_id > 0) refs.push({ vendor: 'ninjaone', id: String(a.ninjarmm_id) });
  if (a.datto_id?.trim()) refs.push({ vendor: 'dattormm', id: a.datto_id.trim() });
  if (a.datto_alternate_id && a.datto_alternate_id > 0) refs.push({ vendor: 'dattormm', id: String(a.datto_alternate_id) });
  return refs;
}

export function toAgreement(c: HaloContract, lines: AgreementLine[]): Agreement {
  const endDate = dateOf(c.end_date);
  return {
    externalId: String(c.id),
    clientExternalId: String(c.client_id),
    name: c.ref?.trim() || `Contract ${c.id}`,
    status: statusOf(c),
    startDate: dateOf(c.start_date),
    endDate,
    noEndDate: endDate === null,
    // [I] periodchargeamount is per billing period, whose codes the spec does not list: the
    // engine derives the monthly amount from the lines instead.
    billAmountCents: null,
    lines,
  };
}

/**
 * A recurring invoice whose contract is not in the pull (none set, or the contract quarantined)
 * still bills: it stands as an evergreen agreement of its own, so its lines are never lost.
 */
export function invoiceAsAgreement(inv: HaloInvoice, lines: AgreementLine[]): Agreement {
  return {
    externalId: `recurring-invoice-${inv.id}`,
    clientExternalId: String(inv.client_id),
    name: inv.reference?.trim() || `Recurring invoice ${inv.id}`,
    status: 'active',
    startDate: null,
    endDate: null,
    noEndDate: true,
    billAmountCents: null,
    lines,
  };
}

/**
 * A recurring-invoice line as a billing line, or null when it does not bill (marked inactive).
 * The product is the short description, the name recipes are written in; the item code is the
 * fallback, since Halo items need not have one [I].
 */
export function toLine(invoiceId: number, l: HaloInvoiceLine): AgreementLine | null {
  if (l.isinactive) return null;
  const product = l.item_shortdescription?.trim() || l.item_code!.trim();
  const calculated = calculatedFrom(l);
  const description = l.item_longdescription?.trim() || product;
  return {
    externalId: String(l.id),
    product,
    description: calculated ? `${description} (quantity calculated by Halo from ${calculated})` : description,
    quantity: l.qty_order,
    // [I] unit_price is per invoice period; recurring invoices for managed services run monthly.
    unitPriceCents: Math.round((l.unit_price ?? 0) * 100),
    effectiveDate: dateOf(l.startdate),
    cancelledDate: dateOf(l.enddate),
    writeBack: { recurringInvoiceId: invoiceId, lineId: l.id },
  };
}

/** Halo can derive a line's quantity from the client's assets or users [V: InvoiceDetail flags]. */
export function calculatedFrom(l: Pick<HaloInvoiceLine, 'calculate_price_from_assets' | 'calculate_price_from_users'>): string | null {
  if (l.calculate_price_from_assets) return 'assets';
  if (l.calculate_price_from_users) return 'users';
  return null;
}

function statusOf(c: HaloContract): Agreement['status'] {
  if (c.expired) return 'expired';
  // [I] contract_status is free text per instance; only a cancellation is read from it.
  if (/cancel/i.test(c.contract_status ?? '')) return 'cancelled';
  return c.active === false ? 'inactive' : 'active';
}

/** The date prefix of a naive Halo date-time; [I] Halo writes 1900-01-01 for "no date". */
export function dateOf(value: string | null | undefined): string | null {
  if (!value || value.startsWith('1900-01-01')) return null;
  return value.slice(0, 10);
}
