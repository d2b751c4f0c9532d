import * as z from 'zod';
import type { HttpClient } from '../../http/client';
import { assertBillingUnchanged } from '../../bill-time';
import { VendorRequestError } from '../../http/errors';
import { unwrapHaloList } from '../../http/paging/halo-pages';
import type { BillTimeRequest, BillTimeResult } from '../../types';
import { billingOf, isInvoiced } from './work-map';
import { HaloAction, HaloChargeType } from './work-records';

const ActionRef = z.object({ actionId: z.coerce.number().int().positive(), ticketId: z.coerce.number().int().positive() });

/**
 * "Bill it" on a HaloPSA time action: re-read it (GET /Actions/{id}?ticket_id=), refuse if its
 * billing moved, then POST /Actions with the action's id, actisbillable and the charge type asked
 * for (an array of Actions; an id updates that action [V: request schema]), and read it back:
 * the update shape is inferred [I], so a silently ignored write must not pass as done.
 */
export async function billHaloTime(http: HttpClient, chargeTypeLookupId: number, req: BillTimeRequest): Promise<BillTimeResult> {
  const ref = ActionRef.safeParse(req.ref);
  if (!ref.success) throw new VendorRequestError(http.vendor, 'the finding does not name a HaloPSA action', undefined, JSON.stringify(req.ref));
  const { actionId, ticketId } = ref.data;
  const before = await readAction(http, actionId, ticketId);
  const current = { billable: billingOf(before), invoiced: isInvoiced(before) };
  assertBillingUnchanged(http.vendor, req.expected, current, `action ${actionId}`);
  const chargerate = req.billingCode === undefined ? undefined : await chargeTypeId(http, chargeTypeLookupId, req.billingCode);
  // [I] recalculate_billing asks Halo to price the action again with the new flag and charge type.
  await http.json({
    method: 'POST',
    path: '/Actions',
    json: [{ id: actionId, ticket_id: ticketId, actisbillable: true, recalculate_billing: true, ...(chargerate === undefined ? {} : { chargerate }) }],
  });
  const after = await readAction(http, actionId, ticketId);
  if (!after.actisbillable || (chargerate !== undefined && after.chargerate !== chargerate))
    throw new VendorRequestError(http.vendor, `action ${actionId} is still not billable as asked after the write; Halo did not apply it`);
  return { billable: billingOf(after), effective: "on the ticket's next invoice in Halo (Billing > Ready for Invoicing)" };
}

async function readAction(http: HttpClient, id: number, ticketId: number): Promise<HaloAction> {
  const res = await http.json({ path: `/Actions/${id}`, query: { ticket_id: ticketId } });
  const action = HaloAction.safeParse(res.body);
  if (!action.success) throw new VendorRequestError(http.vendor, `action ${id} of ticket ${ticketId} is unreadable now; nothing was written`);
  return action.data;
}

/** A charge type by id, or by its name in the charge type Lookup. */
async function chargeTypeId(http: HttpClient, lookupId: number, code: string): Promise<number> {
  if (/^\d+$/.test(code)) return Number(code);
  const res = await http.json({ path: '/Lookup', query: { lookupid: lookupId } });
  const found = (unwrapHaloList(res.body, 'lookups')?.records ?? [])
    .map((r) => HaloChargeType.safeParse(r))
    .find((r) => r.success && r.data.name.toLowerCase() === code.toLowerCase());
  if (!found?.data) throw new VendorRequestError(http.vendor, `no charge type named "${code}" in Halo; nothing was written`);
  return found.data.id;
}
