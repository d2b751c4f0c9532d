import * as z from 'zod';
import { addDays } from '../../../domain/dates';
import { assertBillingUnchanged } from '../../bill-time';
import type { HttpClient } from '../../http/client';
import { VendorRequestError } from '../../http/errors';
import type { BillTimeRequest, BillTimeResult } from '../../types';
import { productNames, syncroList } from './work';
import { billableOf, invoicedOf } from './work-map';
import { SyncroTimer } from './work-records';

const TimerRef = z.object({ timerId: z.coerce.number().int().positive(), ticketId: z.coerce.number().int().positive(), createdOn: z.iso.date() });
const Patched = z.object({ ticket_timer: z.object({ billable: z.boolean() }) });

/**
 * "Bill it" on a Syncro ticket timer: re-read it (GET /ticket_timers of the day it was created:
 * there is no read by id [V]), refuse if its billing moved, set its product if asked (PUT
 * /tickets/{id}/update_timer_entry [V]), make it billable (PATCH ticket_timers/{id}?billable=true
 * [V]), then charge it onto the ticket (POST /tickets/{id}/charge_timer_entry [V]), so the
 * ticket's invoice bills it.
 */
export async function billSyncroTime(http: HttpClient, req: BillTimeRequest): Promise<BillTimeResult> {
  const ref = TimerRef.safeParse(req.ref);
  if (!ref.success) throw new VendorRequestError(http.vendor, 'the finding does not name a Syncro ticket timer', undefined, JSON.stringify(req.ref));
  const { timerId, ticketId, createdOn } = ref.data;
  const timer = await readTimer(http, timerId, createdOn);
  assertBillingUnchanged(http.vendor, req.expected, { billable: billableOf(timer), invoiced: invoicedOf(timer) }, `ticket timer ${timerId}`);
  if (req.billingCode !== undefined) {
    const product_id = await productId(http, req.billingCode);
    // user_id is "Current user by default" [V: request body]: sent as read, so the time stays its worker's, not the API user's.
    const user_id = timer.user_id != null && timer.user_id > 0 ? timer.user_id : undefined;
    await http.json({ method: 'PUT', path: `/tickets/${ticketId}/update_timer_entry`, json: { timer_entry_id: timerId, product_id, ...(user_id === undefined ? {} : { user_id }) } });
  }
  if (!timer.billable) {
    const res = await http.json({ method: 'PATCH', path: `/ticket_timers/${timerId}`, query: { billable: true } });
    if (!Patched.safeParse(res.body).data?.ticket_timer.billable)
      throw new VendorRequestError(http.vendor, `ticket timer ${timerId} is still not billable after the write; Syncro did not apply it, and it was not charged`);
  }
  // Not idempotent: it adds a line item to the ticket, so HttpClient never repeats it after a 5xx.
  await http.json({ method: 'POST', path: `/tickets/${ticketId}/charge_timer_entry`, json: { timer_entry_id: timerId } });
  return { billable: 'billable', effective: "charged onto the ticket: on the ticket's invoice in Syncro" };
}

async function readTimer(http: HttpClient, id: number, createdOn: string): Promise<SyncroTimer> {
  const raw = await syncroList(http, '/ticket_timers', 'ticket_timers', { created_at_gt: addDays(createdOn, -1), created_at_lt: addDays(createdOn, 1) });
  const found = raw.find((r) => (r as { id?: unknown }).id === id);
  if (found === undefined) throw new VendorRequestError(http.vendor, `ticket timer ${id} is no longer in Syncro; nothing was written`);
  const timer = SyncroTimer.safeParse(found);
  if (!timer.success) throw new VendorRequestError(http.vendor, `ticket timer ${id} is unreadable now; nothing was written`);
  return timer.data;
}

/** A labor product by id, or by its name in the catalog. */
async function productId(http: HttpClient, code: string): Promise<number> {
  if (/^\d+$/.test(code)) return Number(code);
  const found = [...(await productNames(http))].find(([, name]) => name.toLowerCase() === code.toLowerCase());
  if (!found) throw new VendorRequestError(http.vendor, `no product named "${code}" in Syncro; nothing was written`);
  return found[0];
}
