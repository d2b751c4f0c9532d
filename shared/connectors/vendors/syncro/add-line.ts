import { describeIssues } from '../../../describe-issues';
import type { AgreementLine } from '../../../domain/model';
import { addLineChecked, productLineOf } from '../../add-line';
import type { HttpClient } from '../../http/client';
import { VendorRequestError } from '../../http/errors';
import { syncroPages } from '../../http/paging/syncro-pages';
import type { AddLineRequest, AddLineResult, PsaConnector, ProductLine } from '../../types';
import { dateOf, monthsPerRun, toLine } from './map';
import { SyncroContract, SyncroLineItem, SyncroProduct, SyncroSchedule, SyncroScheduleEnvelope } from './records';

/**
 * Syncro add-line true-ups: a line item for the product named like the recipe's (GET /products?name=
 * [V]) added to the agreement's recurring-invoice schedule (POST /schedules/{id}/add_line_item [V]).
 * An agreement is a contract, whose customer's running schedules bill under it (map.ts), or
 * a schedule standing alone.
 */

const STANDALONE = /^schedule-(\d+)$/;

export function createSyncroAddLine(http: HttpClient): Pick<PsaConnector, 'findProductLine' | 'addLine'> {
  const fail = (message: string) => new VendorRequestError(http.vendor, `${message}; nothing was added`);
  const issues = (error: Parameters<typeof describeIssues>[0]) => describeIssues(error).replace(/\n/g, '; ');

  const readSchedule = async (id: number): Promise<SyncroSchedule> => {
    const envelope = SyncroScheduleEnvelope.safeParse((await http.json({ path: `/schedules/${id}` })).body);
    if (!envelope.success) throw fail(`schedule ${id} cannot be read: ${issues(envelope.error)}`);
    return envelope.data.schedule;
  };

  // GET /contracts/{id} needs the Contracts - Edit permission [V]; the list needs only List/Search.
  const readContract = async (id: number): Promise<SyncroContract> => {
    for await (const page of syncroPages(http, { path: '/contracts', key: 'contracts' })) {
      const raw = page.find((c) => (c as { id?: unknown } | null)?.id === id);
      if (raw === undefined) continue;
      const contract = SyncroContract.safeParse(raw);
      if (!contract.success) throw fail(`contract ${id} cannot be read: ${issues(contract.error)}`);
      return contract.data;
    }
    throw fail(`contract ${id} is not in Syncro any more`);
  };

  /** The agreement's running schedules, lowest id first: the first is where a line is added [I]. */
  const schedulesOf = async (agreementId: string): Promise<SyncroSchedule[]> => {
    const alone = STANDALONE.exec(agreementId);
    if (alone) return [await readSchedule(Number(alone[1]))];
    const contract = await readContract(Number(agreementId));
    const schedules: SyncroSchedule[] = [];
    for await (const page of syncroPages(http, { path: '/schedules', key: 'schedules', query: { customer_id: String(contract.customer_id) } }))
      for (const raw of page) {
        const s = SyncroSchedule.safeParse(raw);
        if (!s.success) throw fail(`a schedule of customer ${contract.customer_id} cannot be read: ${issues(s.error)}`);
        if (!s.data.paused && s.data.customer_id === contract.customer_id) schedules.push(s.data);
      }
    if (!schedules.length) throw fail(`contract ${agreementId} has no running recurring-invoice schedule to add a line to`);
    return schedules.sort((a, b) => a.id - b.id);
  };

  const linesOf = (schedule: SyncroSchedule): AgreementLine[] =>
    (schedule.lines ?? []).flatMap((raw) => {
      const line = SyncroLineItem.safeParse(raw);
      // An unreadable line item could be the product's: adding another could bill it twice.
      if (!line.success) throw fail(`a line item of schedule ${schedule.id} cannot be read (${issues(line.error)})`);
      return toLine(schedule, line.data) ?? [];
    });

  const find = (schedules: readonly SyncroSchedule[], names: readonly string[], onDate: string): ProductLine | null => {
    const line = productLineOf(schedules.flatMap(linesOf), names, onDate);
    return line ? { lineExternalId: line.externalId, quantity: line.quantity } : null;
  };

  const lookupProduct = async (name: string): Promise<SyncroProduct | null> => {
    for await (const page of syncroPages(http, { path: '/products', key: 'products', query: { name } }))
      for (const raw of page) {
        const product = SyncroProduct.safeParse(raw);
        if (product.success && !product.data.disabled && product.data.name?.trim().toLowerCase() === name.toLowerCase()) return product.data;
      }
    return null;
  };

  async function addLine(req: AddLineRequest): Promise<AddLineResult> {
    const target = (await schedulesOf(req.agreementExternalId))[0]!;
    const next = dateOf(target.next_run);
    return addLineChecked(req, {
      vendor: http.vendor,
      catalog: 'the Syncro products (Inventory, not disabled)',
      findLine: async () => find(await schedulesOf(req.agreementExternalId), req.productNames, req.effectiveDate),
      lookupProduct: () => lookupProduct(req.product),
      // POST is not idempotent: HttpClient sends it once after a 5xx, and the read-back says whether it landed.
      create: async (product) => {
        await http.json({
          method: 'POST',
          path: `/schedules/${target.id}/add_line_item`,
          // retail_cents is per schedule run, the request per month.
          json: { product_id: product.id, name: req.product, description: req.product, quantity: req.quantity, retail_cents: Math.round(req.unitPriceCents * monthsPerRun(target.frequency)), one_time_charge: false },
        });
      },
      effective: `from ${req.effectiveDate}, on the recurring-invoice schedule ${target.id}${next ? ` (next invoice on ${next})` : ''}`,
    });
  }

  return {
    findProductLine: async (agreementId, names, onDate) => find(await schedulesOf(agreementId), names, onDate),
    addLine,
  };
}
