import type { WriteBackRef } from '../../../domain/model';
import { describeIssues } from '../../../describe-issues';
import type { HttpClient } from '../../http/client';
import { VendorRequestError, WriteBackConflictError } from '../../http/errors';
import type { PsaConnector, WriteBackRequest, WriteBackResult } from '../../types';
import { dateOf } from './map';
import { SyncroLineItem, SyncroLineRef, SyncroScheduleEnvelope } from './records';

/**
 * Compare-and-set of one schedule line item's quantity: re-read the schedule, refuse if the
 * quantity moved, else PUT /schedules/{id}/line_items/{schedule_line_item_id} [V: spec].
 */
export function createSyncroWriteBack(http: HttpClient): Pick<PsaConnector, 'readLineQuantity' | 'writeLineQuantity'> {
  const fail = (message: string) => new VendorRequestError(http.vendor, message);
  const issues = (error: Parameters<typeof describeIssues>[0]) => describeIssues(error).replace(/\n/g, '; ');

  async function readLine(ref: WriteBackRef) {
    const parsedRef = SyncroLineRef.safeParse(ref);
    if (!parsedRef.success) throw fail(`writeBack ref is not a Syncro line reference: ${issues(parsedRef.error)}`);
    const { scheduleId, lineItemId } = parsedRef.data;
    const res = await http.json({ path: `/schedules/${scheduleId}` });
    const envelope = SyncroScheduleEnvelope.safeParse(res.body);
    if (!envelope.success) throw fail(`schedule ${scheduleId} cannot be read: ${issues(envelope.error)}`);
    const raw = (envelope.data.schedule.lines ?? []).find((l) => (l as { id?: unknown } | null)?.id === lineItemId);
    if (raw === undefined) throw fail(`line item ${lineItemId} is no longer on schedule ${scheduleId}`);
    const line = SyncroLineItem.safeParse(raw);
    if (!line.success) throw fail(`line item ${lineItemId} of schedule ${scheduleId} cannot be read: ${issues(line.error)}`);
    return { scheduleId, lineItemId, schedule: envelope.data.schedule, line: line.data };
  }

  async function writeLineQuantity(req: WriteBackRequest): Promise<WriteBackResult> {
    const { scheduleId, lineItemId, schedule, line } = await readLine(req.ref);
    if (line.quantity !== req.expectedQuantity) throw new WriteBackConflictError(http.vendor, req.expectedQuantity, line.quantity);
    // [I] the body carries only what changes; the spec does not say whether omitted fields are kept,
    // so the read-back below proves the quantity took.
    await http.json({ method: 'PUT', path: `/schedules/${scheduleId}/line_items/${lineItemId}`, json: { quantity: req.newQuantity } });
    const after = await readLine(req.ref);
    if (after.line.quantity !== req.newQuantity)
      throw fail(`line item ${lineItemId} of schedule ${scheduleId} still shows ${after.line.quantity} after writing ${req.newQuantity}; Syncro did not apply the update`);
    const next = dateOf(schedule.next_run);
    return {
      previousQuantity: line.quantity,
      newQuantity: req.newQuantity,
      // Syncro bills the new quantity from the schedule's next run.
      effective: next ? `next invoice of the recurring schedule on ${next}` : 'next invoice of the recurring schedule',
    };
  }

  return {
    readLineQuantity: async (ref) => (await readLine(ref)).line.quantity,
    writeLineQuantity,
  };
}
