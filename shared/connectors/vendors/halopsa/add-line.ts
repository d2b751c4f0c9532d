import { describeIssues } from '../../../describe-issues';
import type { AgreementLine } from '../../../domain/model';
import { addLineChecked, productLineOf } from '../../add-line';
import type { HttpClient } from '../../http/client';
import { VendorRequestError } from '../../http/errors';
import { haloPages } from '../../http/paging/halo-pages';
import type { AddLineRequest, AddLineResult, PsaConnector, ProductLine } from '../../types';
import type { RecurringInvoiceMode } from './invoices';
import { dateOf, toLine } from './map';
import { HaloInvoice, HaloInvoiceHeader, HaloInvoiceLine, HaloItem } from './records';

/**
 * HaloPSA add-line true-ups: a new line, for the Item named like the recipe's product (GET /Item
 * [V]), on the agreement's recurring invoice. An agreement is a contract (its recurring invoices:
 * GET /RecurringInvoice?contract_id= [V]) or a recurring invoice standing alone. The line goes in
 * through the same request the quantity write-back uses (write-back.ts):
 * - includelines: POST /RecurringInvoice/updatelines with one InvoiceDetail and no id [I: added];
 * - per-invoice: the invoice's lines as read plus the new one, through POST /RecurringInvoice.
 */

const STANDALONE = /^recurring-invoice-(\d+)$/;

export function createHaloAddLine(http: HttpClient, mode: RecurringInvoiceMode, pageSize: number): Pick<PsaConnector, 'findProductLine' | 'addLine'> {
  const fail = (message: string) => new VendorRequestError(http.vendor, message);

  const readInvoice = async (id: number): Promise<HaloInvoice> => {
    const invoice = HaloInvoice.safeParse((await http.json({ path: `/RecurringInvoice/${id}` })).body);
    if (!invoice.success) throw fail(`recurring invoice ${id} cannot be read: ${describeIssues(invoice.error).replace(/\n/g, '; ')}; nothing was added`);
    return invoice.data;
  };

  /** The agreement's billing recurring invoices, lowest id first: the first is where a line is added [I]. */
  const invoicesOf = async (agreementId: string): Promise<HaloInvoice[]> => {
    const alone = STANDALONE.exec(agreementId);
    if (alone) return [await readInvoice(Number(alone[1]))];
    const ids: number[] = [];
    for await (const page of haloPages(http, { path: '/RecurringInvoice', key: 'invoices', query: { contract_id: agreementId } }, pageSize))
      for (const raw of page) {
        const header = HaloInvoiceHeader.safeParse(raw);
        if (!header.success) throw fail(`a recurring invoice of contract ${agreementId} cannot be read; nothing was added`);
        if (!header.data.disabled && String(header.data.contract_id) === agreementId) ids.push(header.data.id);
      }
    if (!ids.length) throw fail(`contract ${agreementId} has no recurring invoice that bills, so there is nowhere to add a line; nothing was added`);
    return Promise.all(ids.sort((a, b) => a - b).map(readInvoice));
  };

  const linesOf = (invoice: HaloInvoice): AgreementLine[] =>
    (invoice.lines ?? []).flatMap((raw) => {
      const line = HaloInvoiceLine.safeParse(raw);
      // An unreadable line could be the product's: adding another could bill it twice.
      if (!line.success) throw fail(`a line of recurring invoice ${invoice.id} cannot be read (${describeIssues(line.error).replace(/\n/g, '; ')}); nothing was added`);
      return toLine(invoice.id, line.data) ?? [];
    });

  const find = (invoices: readonly HaloInvoice[], names: readonly string[], onDate: string): ProductLine | null => {
    const line = productLineOf(invoices.flatMap(linesOf), names, onDate);
    return line ? { lineExternalId: line.externalId, quantity: line.quantity } : null;
  };

  const lookupItem = async (product: string): Promise<HaloItem | null> => {
    for await (const page of haloPages(http, { path: '/Item', key: 'items', query: { search: product } }, pageSize))
      for (const raw of page) {
        const item = HaloItem.safeParse(raw);
        if (item.success && item.data.name?.trim().toLowerCase() === product.toLowerCase()) return item.data;
      }
    return null;
  };

  async function addLine(req: AddLineRequest): Promise<AddLineResult> {
    const target = (await invoicesOf(req.agreementExternalId))[0]!;
    const next = dateOf(target.nextcreationdate);
    return addLineChecked(req, {
      vendor: http.vendor,
      catalog: 'the HaloPSA items (Items, active ones)',
      findLine: async () => find(await invoicesOf(req.agreementExternalId), req.productNames, req.effectiveDate),
      lookupProduct: () => lookupItem(req.product),
      create: async (item) => {
        // [I] Halo prices the line (net_amount) itself from qty_order and unit_price.
        const line = { ihid: target.id, _itemid: item.id, item_shortdescription: req.product, qty_order: req.quantity, unit_price: req.unitPriceCents / 100, startdate: `${req.effectiveDate}T00:00:00` };
        if (mode === 'includelines') {
          await http.json({ method: 'POST', path: '/RecurringInvoice/updatelines', json: [line] });
          return;
        }
        // Every line goes back as read, the new one added: see write-back.ts for why.
        const current = await readInvoice(target.id);
        await http.json({ method: 'POST', path: '/RecurringInvoice', json: [{ id: target.id, lines: [...(current.lines ?? []), line] }] });
      },
      effective: `from ${req.effectiveDate}, on recurring invoice ${target.id}${next ? `, next created on ${next}` : ''}`,
    });
  }

  return {
    findProductLine: async (agreementId, names, onDate) => find(await invoicesOf(agreementId), names, onDate),
    addLine,
  };
}
