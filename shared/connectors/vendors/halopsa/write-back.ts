import type { WriteBackRef } from '../../../domain/model';
import { describeIssues } from '../../../describe-issues';
import type { HttpClient } from '../../http/client';
import { VendorRequestError, WriteBackConflictError } from '../../http/errors';
import type { PsaConnector, WriteBackRequest, WriteBackResult } from '../../types';
import type { RecurringInvoiceMode } from './invoices';
import { calculatedFrom, dateOf } from './map';
import { HaloInvoice, HaloInvoiceLine, HaloLineRef } from './records';

type ReadLine = Awaited<ReturnType<ReturnType<typeof lineReader>>>;

/**
 * Compare-and-set of one recurring-invoice line's qty_order: the line is re-read, refused if its
 * quantity moved, then changed, then read back.
 * - includelines: POST /RecurringInvoice/updatelines with that one line (an array of
 *   InvoiceDetail [V: request body schema]), so a line edited in Halo in between is untouched.
 * - per-invoice: the whole invoice back through POST /RecurringInvoice (an array of
 *   InvoiceHeader; an id updates that record [V]), for a tenant that refuses updatelines.
 */
export function createHaloWriteBack(http: HttpClient, mode: RecurringInvoiceMode): Pick<PsaConnector, 'readLineQuantity' | 'writeLineQuantity'> {
  const fail = (message: string) => new VendorRequestError(http.vendor, message);
  const readLine = lineReader(http);

  const write = async (read: ReadLine, newQuantity: number): Promise<void> => {
    if (mode === 'includelines') {
      // [I] updatelines finds the line by id (ihid names its invoice) and changes only the fields
      // sent; Halo prices the line (net_amount) itself. The read-back below checks the first part.
      await http.json({ method: 'POST', path: '/RecurringInvoice/updatelines', json: [{ id: read.lineId, ihid: read.recurringInvoiceId, qty_order: newQuantity }] });
      return;
    }
    // [I] the swagger does not say whether lines left out of `lines` are deleted, so every line
    // goes back exactly as read, with only this line's qty_order changed. A line edited in Halo
    // between the re-read and this write is overwritten: the reason this path is opt-in.
    const changed = read.lines.map((l) => ((l as { id?: unknown }).id === read.lineId ? { ...(l as object), qty_order: newQuantity } : l));
    await http.json({ method: 'POST', path: '/RecurringInvoice', json: [{ id: read.recurringInvoiceId, lines: changed }] });
  };

  async function writeLineQuantity(req: WriteBackRequest): Promise<WriteBackResult> {
    const read = await readLine(req.ref);
    const where = `line ${read.lineId} of recurring invoice ${read.recurringInvoiceId}`;
    const calculated = calculatedFrom(read.line);
    if (calculated) throw fail(`${where} has its quantity calculated by Halo from ${calculated}; change the ${calculated} in Halo instead`);
    if (read.line.qty_order !== req.expectedQuantity) throw new WriteBackConflictError(http.vendor, req.expectedQuantity, read.line.qty_order);

    await write(read, req.newQuantity);

    // [I] since the update shape is inferred, read it back: a silently ignored write must not pass as done.
    const after = await readLine(req.ref);
    if (after.line.qty_order !== req.newQuantity)
      throw fail(`${where} still shows ${after.line.qty_order} after writing ${req.newQuantity}; Halo did not apply the update`);
    const next = dateOf(read.invoice.nextcreationdate);
    return {
      previousQuantity: read.line.qty_order,
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

/** Reads one line as Halo holds it now, through GET /RecurringInvoice/{id} [V]. */
function lineReader(http: HttpClient) {
  const fail = (message: string) => new VendorRequestError(http.vendor, message);
  return async (ref: WriteBackRef) => {
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
  };
}
