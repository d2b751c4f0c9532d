import type { AgreementLine, QuarantinedRecord } from '../../../domain/model';
import type { HttpClient } from '../../http/client';
import { haloPages } from '../../http/paging/halo-pages';
import { parseEach } from '../../validate';
import { toLine } from './map';
import { HaloInvoice, HaloInvoiceHeader, HaloInvoiceLine } from './records';

export type RecurringInvoiceMode = 'includelines' | 'per-invoice';

export interface BillingInvoice {
  invoice: HaloInvoice;
  lines: AgreementLine[];
}

interface Ctx {
  http: HttpClient;
  sourceId: string;
  pageSize: number;
  quarantined: QuarantinedRecord[];
}

/**
 * The recurring invoices that bill (not disabled), each with its billing lines, a page at a time
 * from `pages.from` (a partition's range; by default the whole list).
 * - includelines: one paged GET /RecurringInvoice?includelines=true [V: spec parameter, bool];
 *   ceil(invoices / pageSize) requests instead of one per invoice, which keeps a 1,000-client
 *   tenant inside one Lambda run at Halo's 700 requests per 5 minutes [V3].
 * - per-invoice: the list omits lines [V3], so each invoice is read on its own.
 * Each page's `readAlone` counts invoices listed without lines (readAloneWarning sums them).
 */
export async function* billingInvoicePages(ctx: Ctx, mode: RecurringInvoiceMode, pages?: { from: number; to: number | null }): AsyncGenerator<{ invoices: BillingInvoice[]; readAlone: number }> {
  const where = (entity: string) => ({ sourceId: ctx.sourceId, entity });
  const withLines = mode === 'includelines';
  for await (const page of haloPages(ctx.http, { path: '/RecurringInvoice', key: 'invoices', query: withLines ? { includelines: true } : {} }, ctx.pageSize, pages)) {
    const listed = parseEach(page, withLines ? HaloInvoice : HaloInvoiceHeader, (i): HaloInvoice => i, where('recurring-invoice'), ctx.quarantined);
    const out: BillingInvoice[] = [];
    let readAlone = 0;
    // A disabled recurring invoice bills nothing, so its lines are not billed quantities.
    for (const listedInvoice of listed.filter((i) => !i.disabled)) {
      // [I] an invoice listed without a lines array was not expanded (an older Halo may ignore
      // includelines): read on its own, never taken as billing nothing.
      const hasLines = withLines && Array.isArray(listedInvoice.lines);
      const invoice = hasLines ? listedInvoice : await readInvoice(ctx, listedInvoice.id);
      if (!invoice) continue;
      if (withLines && !hasLines) readAlone++;
      const lines = parseEach(invoice.lines ?? [], HaloInvoiceLine, (l) => toLine(invoice.id, l), where('recurring-invoice-line'), ctx.quarantined);
      // The raw lines are read: only the parsed ones travel on.
      out.push({ invoice: { ...invoice, lines: undefined }, lines: lines.filter((l): l is AgreementLine => l !== null) });
    }
    yield { invoices: out, readAlone };
  }
}

/** The warning for invoices listed without their lines, or none. */
export function readAloneWarning(readAlone: number, sourceId: string): string[] {
  if (readAlone === 0) return [];
  return [
    `HaloPSA listed ${readAlone} recurring invoice(s) without their lines, so they were read one by one; ` +
      `if this repeats, set recurringInvoiceMode "per-invoice" for source "${sourceId}"`,
  ];
}

async function readInvoice(ctx: Ctx, id: number): Promise<HaloInvoice | undefined> {
  const res = await ctx.http.json({ path: `/RecurringInvoice/${id}` });
  return parseEach([res.body], HaloInvoice, (x) => x, { sourceId: ctx.sourceId, entity: 'recurring-invoice' }, ctx.quarantined)[0];
}
