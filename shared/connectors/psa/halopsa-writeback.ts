import type { WriteBackRef } from '../../domain/model';
import { describeIssues } from '../../describe-issues';
import type { HttpClient } from '../http/client';
import { VendorRequestError, WriteBackConflictError } from '../http/errors';
import type { PsaConnector, WriteBackRequest, WriteBackResult } from '../types';
import { calculatedFrom, dateOf } from './halopsa-map';
import { HaloInvoice, HaloInvoiceLine, HaloLineRef } from './halopsa-records';

/**
 * Compare-and-set of one recurring-invoice line's qty_order. Halo has no per-line endpoint: the
 * invoice is re-read, and written back through POST /RecurringInvoice, Halo's create-or-update
 * convention (an array of InvoiceHeader; an id updates that record [V: request body schema]).
 */
export function createHaloWriteBack(http: HttpClient): Pick<PsaConnector, 'readLineQuantity' | 'writeLineQuantity'> {
  const fail = (message: string) => new VendorRequestError(http.vendor, message);

  async function readLine(ref: WriteBackRef) {
    const parsedRef = HaloLineRef.safeParse(ref);
    if (!parsedRef.success) throw fail(`writeBack ref is not a HaloPSA line reference: ${describeIssues(parsedRef.error).replace(/\n/g, '; ')}`);
    const { recurringInvoiceId, lineId } = parsedRef.data;
    const res = await http.json({ path: `/RecurringInvoice/${recurringInvoiceId}` });
    const invoice = HaloInvoice.safeParse(res.body);
    if (!invoice.success) throw fail(`recurring invoice ${recurringInvoiceId} cannot be read: ${describeIssues(invoice.error).replace(/\n/g, '; ')}`);
    const lines = invoice.data.lines ?? [];
    const raw = lines.find((l) => (l as { id?: unknown } | null)?.id === lineId);
    if (raw === undefined) throw fail(`line ${lineId} is no longer on recurring invoice ${recurringInvoiceId}`);
    const line = HaloInvoiceLine.safeParse(raw);
    if (!line.success) throw fail(`line ${lineId} of recurring invoice ${recurringInvoiceId} cannot be read: ${describeIssues(line.error).replace(/\n/g, '; ')}`);
    return { recurringInvoiceId, lineId, invoice: invoice.data, lines, line: line.data };
  }

  async function writeLineQuantity(req: WriteBackRequest): Promise<WriteBackResult> {
    const { recurringInvoiceId, lineId, invoice, lines, line } = await readLine(req.ref);
    const where = `line ${lineId} of recurring invoice ${recurringInvoiceId}`;
    const calculated = calculatedFrom(line);
    if (calculated) throw fail(`${where} has its quantity calculated by Halo from ${calculated}; change the ${calculated} in Halo instead`);
    if (line.qty_order !== req.expectedQuantity) throw new WriteBackConflictError(http.vendor, req.expectedQuantity, line.qty_order);

    // [I] the swagger does not say whether lines left out of `lines` are deleted, so every line
    // goes back exactly as read, with only this line's qty_order changed.
    const changed = lines.map((l) => ((l as { id?: unknown }).id === lineId ? { ...(l as object), qty_order: req.newQuantity } : l));
    await http.json({ method: 'POST', path: '/RecurringInvoice', json: [{ id: recurringInvoiceId, lines: changed }] });

    // [I] since the update shape is inferred, read it back: a silently ignored write must not pass as done.
    const after = await readLine(req.ref);
    if (after.line.qty_order !== req.newQuantity)
      throw fail(`${where} still shows ${after.line.qty_order} after writing ${req.newQuantity}; Halo did not apply the update`);
    const next = dateOf(invoice.nextcreationdate);
    return {
      previousQuantity: line.qty_order,
      newQuantity: req.newQuantity,
      // Halo bills the new quantity from the next invoice the schedule creates.
      effective: next ? `next recurring invoice on ${next}` : 'next recurring invoice',
    };
  }

  return {
    readLineQuantity: async (ref) => (await readLine(ref)).line.qty_order,
    writeLineQuantity,
  };
}
