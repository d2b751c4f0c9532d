import * as z from 'zod';
import type { BillableStatus } from '../../../domain/work';
import { assertBillingUnchanged } from '../../bill-time';
import { VendorRequestError, WriteBackUnsupportedError } from '../../http/errors';
import { autotaskQueryAll } from '../../http/paging/autotask-query';
import type { BillTimeRequest, BillTimeResult } from '../../types';
import { fieldsOf } from './records';
import type { UnitsContext } from './units';

/** A time entry's billing does not depend on the day: no "today" is needed. */
type EntryContext = Pick<UnitsContext, 'http' | 'pageSize'>;
import { billableOf } from './work-map';
import { AtBillingCode, AtBillingItem, AtTimeEntry, WORK_TYPE_USE } from './work-records';

const EntryRef = z.object({ timeEntryID: z.coerce.number().int().positive() });

/**
 * "Bill it" on an Autotask time entry: re-read it and its billing item, refuse if either moved,
 * then PATCH /V1.0/TimeEntries with isNonBillable false (and the billing code asked for) [V:
 * TimeEntryModel]. Autotask bills time once it is approved and posted, which the REST API cannot
 * do (BillingItems has no create [V]): an entry already billable is left to a person.
 */
export async function billAutotaskTime(ctx: EntryContext, req: BillTimeRequest): Promise<BillTimeResult> {
  const { http } = ctx;
  const ref = EntryRef.safeParse(req.ref);
  if (!ref.success) throw new VendorRequestError(http.vendor, 'the finding does not name an Autotask time entry', undefined, JSON.stringify(req.ref));
  const id = ref.data.timeEntryID;
  const current = await readBilling(ctx, id);
  assertBillingUnchanged(http.vendor, req.expected, current, `time entry ${id}`);
  const billingCodeID = req.billingCode === undefined ? undefined : await billingCodeId(ctx, req.billingCode);
  if (current.billable === 'billable' && (billingCodeID === undefined || billingCodeID === current.billingCodeID))
    throw new WriteBackUnsupportedError(
      http.vendor,
      `time entry ${id} is already billable; Autotask's API cannot approve and post time for billing, so approve and post it in Autotask (Contracts > Approve and Post)`,
    );
  // Not idempotent in effect only if someone changes it meanwhile: HttpClient does not repeat a PATCH after a 5xx.
  await http.json({ method: 'PATCH', path: 'V1.0/TimeEntries', json: { id, isNonBillable: false, showOnInvoice: true, ...(billingCodeID === undefined ? {} : { billingCodeID }) } });
  return { billable: 'billable', effective: 'on the next invoice once the entry is approved and posted in Autotask (Contracts > Approve and Post)' };
}

async function readBilling(ctx: EntryContext, id: number): Promise<{ billable: BillableStatus; invoiced: boolean; billingCodeID: number | null }> {
  const query = <S extends z.ZodObject>(entity: string, schema: S, field: string) =>
    autotaskQueryAll(ctx.http, { entity, filter: [{ op: 'eq', field, value: id }], includeFields: fieldsOf(schema), pageSize: ctx.pageSize });
  const [entries, items] = await Promise.all([query('TimeEntries', AtTimeEntry, 'id'), query('BillingItems', AtBillingItem, 'timeEntryID')]);
  if (!entries.length) throw new VendorRequestError(ctx.http.vendor, `time entry ${id} is no longer in Autotask; nothing was written`);
  const entry = AtTimeEntry.safeParse(entries[0]);
  if (!entry.success) throw new VendorRequestError(ctx.http.vendor, `time entry ${id} is unreadable now; nothing was written`);
  const e = entry.data;
  return { billable: billableOf(e), invoiced: items.length > 0, billingCodeID: e.billingCodeID ?? null };
}

/** A billing code by id, or by its name among the work-type codes. */
async function billingCodeId(ctx: EntryContext, code: string): Promise<number> {
  if (/^\d+$/.test(code)) return Number(code);
  const raw = await autotaskQueryAll(ctx.http, {
    entity: 'BillingCodes',
    filter: [{ op: 'eq', field: 'name', value: code }, { op: 'eq', field: 'useType', value: WORK_TYPE_USE }],
    includeFields: fieldsOf(AtBillingCode),
    pageSize: ctx.pageSize,
  });
  const found = raw.map((r) => AtBillingCode.safeParse(r)).find((r) => r.success && r.data.name.toLowerCase() === code.toLowerCase());
  if (!found?.data) throw new VendorRequestError(ctx.http.vendor, `no work-type billing code named "${code}" in Autotask; nothing was written`);
  return found.data.id;
}
