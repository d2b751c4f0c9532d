import type { Agreement, AgreementLine, Client } from '../../../domain/model';
import type { CwAddition, CwAgreement, CwCompany } from './records';

/** ConnectWise records -> the canonical model. Pure: no HTTP, no state. */

export function toClient(company: CwCompany): Client {
  return {
    externalId: String(company.id),
    name: company.name,
    // [I] company statuses are named per CW instance; "Inactive" is the stock one.
    active: !/inactive/i.test(company.status?.name ?? ''),
    refs: [],
    deviceRefs: [],
    // The spec excerpt has no member email on Company (territoryManager is an id/name reference)
    // nor any owner on Agreement, so there is nothing to map without a member lookup.
    accountManagerEmail: null,
  };
}

export function toAgreement(a: CwAgreement, lines: AgreementLine[]): Agreement {
  const months = monthsPerCycle(a.billingCycle?.name);
  return {
    externalId: String(a.id),
    clientExternalId: String(a.company.id),
    name: a.name,
    // [I] agreementStatus is nullable in the spec; then cancelledFlag is all we have.
    status: a.agreementStatus ? (a.agreementStatus.toLowerCase() as Agreement['status']) : a.cancelledFlag ? 'cancelled' : 'active',
    startDate: dateOf(a.startDate),
    endDate: dateOf(a.endDate),
    // [I] a null flag with no end date is an evergreen agreement in all but name.
    noEndDate: a.noEndingDateFlag ?? !a.endDate,
    billAmountCents: a.billAmount == null ? null : toMonthlyCents(a.billAmount, months),
    lines,
  };
}

/**
 * An addition as a billing line, or null when the customer is not billed for it (DoNotBill,
 * NoCharge): such a line must not make delivered usage look billed, and it has no billed
 * quantity a true-up could correct, so it is left out and the usage shows as unbilled.
 *
 * quantity is the addition's `quantity`, not `quantity - lessIncluded`: it is the number of units
 * the agreement covers, which is what devices and licences are counted against, and the field a
 * true-up writes. Included units are a price concession, kept visible in the description.
 */
export function toLine(agreementId: number, add: CwAddition, billingCycle: string | undefined): AgreementLine | null {
  if (add.billCustomer !== 'Billable') return null;
  const included = add.lessIncluded ?? 0;
  const description = add.description?.trim() || add.product.identifier;
  return {
    externalId: String(add.id),
    product: add.product.identifier,
    description: included > 0 ? `${description} (${included} of ${add.quantity} included at no charge)` : description,
    quantity: add.quantity,
    unitPriceCents: toMonthlyCents(add.unitPrice ?? 0, monthsPerCycle(billingCycle)),
    effectiveDate: dateOf(add.effectiveDate),
    cancelledDate: dateOf(add.cancelledDate),
    writeBack: { agreementId, additionId: add.id },
  };
}

/** CW agreement dates are midnight UTC date-times [V: captured sample]; keep the calendar date. */
export function dateOf(value: string | null | undefined): string | null {
  return value ? value.slice(0, 10) : null;
}

/**
 * Months one billing cycle spans. CW bills additions and billAmount once per agreement billing
 * cycle; the canonical model is per month. [I] cycle names are per-instance records; the stock
 * ones are matched and anything else is taken as monthly, the usual managed-services cycle.
 */
export function monthsPerCycle(name: string | undefined): number {
  const n = (name ?? '').toLowerCase();
  if (/semi|half/.test(n)) return 6;
  if (/quarter/.test(n)) return 3;
  if (/annual|year/.test(n)) return 12;
  return 1;
}

function toMonthlyCents(amount: number, months: number): number {
  return Math.round((amount * 100) / months);
}
