import type { BillableStatus } from '../domain/work';
import { WriteBackConflictError } from './http/errors';
import type { BillTimeRequest } from './types';

type Billing = { billable: BillableStatus; invoiced: boolean | null };

const describe = (s: Billing): string => `${s.billable}, ${s.invoiced === null ? 'invoicing unknown' : s.invoiced ? 'invoiced' : 'not invoiced'}`;

/** The compare of "Bill it"'s compare-and-set: the entry as re-read must be as the finding saw it. */
export function assertBillingUnchanged(vendor: string, expected: BillTimeRequest['expected'], current: Billing, entry: string): void {
  if (current.billable !== expected.billable || current.invoiced !== expected.invoiced)
    throw new WriteBackConflictError(vendor, describe(expected), describe(current), `${entry}'s billing`);
}
