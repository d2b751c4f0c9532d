import * as z from 'zod';
import { addDays } from '../../../domain/dates';
import type { QuarantinedRecord, WriteBackRef } from '../../../domain/model';
import type { HttpClient } from '../../http/client';
import { VendorRequestError, WriteBackConflictError } from '../../http/errors';
import { autotaskQueryAll } from '../../http/paging/autotask-query';
import type { WriteBackRequest, WriteBackResult } from '../../types';
import { parseEach } from '../../validate';
import { AtServiceUnit, fieldsOf } from './records';

/**
 * Seat counts live in ContractServiceUnits, one row per billing period plus a new row whenever an
 * adjustment takes effect [V]. They change only through ContractServiceAdjustments, which is
 * create-only and takes a delta, not an absolute count [V].
 */

export interface UnitsContext {
  http: HttpClient;
  sourceId: string;
  pageSize: number;
  /** The MSP's today (the run date, or the day of a write-back): the day whose billing period is "current". */
  today: string;
}

/** The row that bills on `day`; when several cover it, the latest-starting one [I: an adjustment's row]. */
export function periodOn(rows: readonly AtServiceUnit[], day: string): AtServiceUnit | undefined {
  return rows.filter((r) => r.startDate <= day && day <= r.endDate).sort(latestFirst)[0];
}

const latestFirst = (a: AtServiceUnit, b: AtServiceUnit): number => b.startDate.localeCompare(a.startDate) || b.id - a.id;

const LineRef = z.object({
  contractID: z.coerce.number().int().positive(),
  contractServiceID: z.coerce.number().int().positive(),
  serviceID: z.coerce.number().int().positive(),
});

export async function readLineUnits(ctx: UnitsContext, ref: WriteBackRef): Promise<number> {
  return (await unitsFrom(ctx, lineRef(ctx, ref))).current.units;
}

export async function writeLineUnits(ctx: UnitsContext, req: WriteBackRequest): Promise<WriteBackResult> {
  const ref = lineRef(ctx, req.ref);
  if (!Number.isInteger(req.newQuantity) || req.newQuantity < 0)
    throw new VendorRequestError(ctx.http.vendor, `Autotask units are whole numbers; cannot set ${req.newQuantity}`);
  const { current, scheduled } = await unitsFrom(ctx, ref);
  if (current.units !== req.expectedQuantity) throw new WriteBackConflictError(ctx.http.vendor, req.expectedQuantity, current.units);
  // A change already booked for a later period (an earlier decrease) would be applied twice.
  if (scheduled !== current.units) throw new WriteBackConflictError(ctx.http.vendor, req.expectedQuantity, scheduled);
  const unitChange = req.newQuantity - current.units;
  if (unitChange === 0) return { previousQuantity: current.units, newQuantity: req.newQuantity, effective: 'no change: Autotask already bills this quantity' };

  const when = effectiveDate(current, unitChange, req.effectiveDate);
  // Not idempotent: HttpClient never repeats it after a 5xx, which may have been applied.
  await ctx.http.json({
    method: 'POST',
    path: 'V1.0/ContractServiceAdjustments',
    json: { contractID: ref.contractID, contractServiceID: ref.contractServiceID, serviceID: ref.serviceID, effectiveDate: `${when.date}T00:00:00`, unitChange },
  });
  return { previousQuantity: current.units, newQuantity: req.newQuantity, effective: when.effective };
}

/**
 * An increase starts on the requested day and Autotask bills it prorated for the rest of the
 * current period; a decrease starts with the next period, because the current one is already
 * billed and MSPs do not credit seats mid-period [I: Autotask's proration is not documented].
 */
function effectiveDate(current: AtServiceUnit, unitChange: number, requested: string): { date: string; effective: string } {
  if (unitChange > 0) {
    const date = requested < current.startDate ? current.startDate : requested;
    return { date, effective: `from ${date}; Autotask is expected to bill the added units prorated to the end of the current period (${current.endDate})` };
  }
  const nextPeriod = addDays(current.endDate, 1);
  const date = requested < nextPeriod ? nextPeriod : requested;
  return { date, effective: `from ${date}, the start of the next contract period; the current period (to ${current.endDate}) stays billed as it is` };
}

function lineRef(ctx: UnitsContext, ref: WriteBackRef): z.infer<typeof LineRef> {
  const parsed = LineRef.safeParse(ref);
  if (!parsed.success) throw new VendorRequestError(ctx.http.vendor, 'the proposal does not name an Autotask contract service', undefined, JSON.stringify(ref));
  return parsed.data;
}

/** The period billing today and the units of the last period already booked from today on. */
async function unitsFrom(ctx: UnitsContext, ref: z.infer<typeof LineRef>): Promise<{ current: AtServiceUnit; scheduled: number }> {
  const raw = await autotaskQueryAll(ctx.http, {
    entity: 'ContractServiceUnits',
    filter: [
      { op: 'eq', field: 'contractServiceID', value: ref.contractServiceID },
      { op: 'gte', field: 'endDate', value: ctx.today },
    ],
    includeFields: fieldsOf(AtServiceUnit),
    pageSize: ctx.pageSize,
  });
  const bad: QuarantinedRecord[] = [];
  const rows = parseEach(raw, AtServiceUnit, (r) => r, { sourceId: ctx.sourceId, entity: 'ContractServiceUnits' }, bad);
  // A quantity is compared and set from these rows: one unreadable row makes the answer unsafe.
  if (bad[0]) throw new VendorRequestError(ctx.http.vendor, `ContractServiceUnits row ${bad[0].externalId} is unreadable: ${bad[0].reason}`);
  const current = periodOn(rows, ctx.today);
  if (!current)
    throw new VendorRequestError(ctx.http.vendor, `contract service ${ref.contractServiceID} has no ContractServiceUnits period covering ${ctx.today}`);
  const last = [...rows].sort(latestFirst)[0]!;
  return { current, scheduled: last.units };
}
