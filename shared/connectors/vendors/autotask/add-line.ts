import type * as z from 'zod';
import type { QuarantinedRecord } from '../../../domain/model';
import { addLineChecked, productLineOf } from '../../add-line';
import { VendorRequestError } from '../../http/errors';
import { autotaskQueryAll, autotaskQueryIn } from '../../http/paging/autotask-query';
import type { AddLineRequest, AddLineResult, ProductLine } from '../../types';
import { parseEach } from '../../validate';
import { AtCatalogService, AtContractService, AtCreated, AtService, AtServiceUnit, fieldsOf } from './records';
import { periodOn, type UnitsContext } from './units';

/**
 * Autotask add-line true-ups: a ContractService for the Service named like the recipe's product,
 * created on the contract (POST Contracts/{id}/Services [V]); ContractServiceModel has no units
 * field [V], so the units are then set by a ContractServiceAdjustment, the one way units change [V].
 * [I] a new contract service starts with 0 units in every period of the contract.
 */

/** Every row parsed, or the whole answer refused: a compare-and-set cannot rest on a partial read. */
function parseAll<S extends z.ZodObject>(ctx: UnitsContext, raw: unknown[], schema: S, entity: string): Array<z.infer<S>> {
  const bad: QuarantinedRecord[] = [];
  const rows = parseEach(raw, schema, (r) => r, { sourceId: ctx.sourceId, entity }, bad);
  if (bad[0]) throw new VendorRequestError(ctx.http.vendor, `${entity} row ${bad[0].externalId} is unreadable: ${bad[0].reason}; nothing was added`);
  return rows;
}

/** The contract's service for one of `names`, with the units it bills on ctx.today (0 when no period covers it). */
export async function findServiceLine(ctx: UnitsContext, contractId: string, names: readonly string[]): Promise<ProductLine | null> {
  const { http, pageSize } = ctx;
  const services = parseAll(
    ctx,
    await autotaskQueryAll(http, { entity: 'ContractServices', filter: [{ op: 'eq', field: 'contractID', value: Number(contractId) }], includeFields: fieldsOf(AtContractService), pageSize }),
    AtContractService,
    'ContractServices',
  );
  if (!services.length) return null;
  const catalog = parseAll(
    ctx,
    await autotaskQueryIn(http, { entity: 'Services', field: 'id', values: services.map((s) => s.serviceID), includeFields: fieldsOf(AtService), pageSize }),
    AtService,
    'Services',
  );
  const nameOf = new Map(catalog.map((s) => [s.id, s.name]));
  // Autotask keeps no start or cancel date on a contract service: one on the contract is a line.
  const match = productLineOf(services.map((s) => ({ ...s, product: nameOf.get(s.serviceID) ?? '', effectiveDate: null, cancelledDate: null })), names, ctx.today);
  if (!match) return null;
  const units = parseAll(
    ctx,
    await autotaskQueryAll(http, { entity: 'ContractServiceUnits', filter: [{ op: 'eq', field: 'contractServiceID', value: match.id }], includeFields: fieldsOf(AtServiceUnit), pageSize }),
    AtServiceUnit,
    'ContractServiceUnits',
  );
  return { lineExternalId: String(match.id), quantity: periodOn(units, ctx.today)?.units ?? 0 };
}

export async function addServiceLine(ctx: UnitsContext, req: AddLineRequest): Promise<AddLineResult> {
  const { http, pageSize } = ctx;
  const contractID = Number(req.agreementExternalId);
  if (!Number.isInteger(req.quantity) || req.quantity <= 0) throw new VendorRequestError(http.vendor, `Autotask units are whole numbers; cannot add ${req.quantity}`);
  return addLineChecked(req, {
    vendor: http.vendor,
    catalog: 'Autotask Services (Admin > Products and Services > Services, active ones)',
    findLine: () => findServiceLine(ctx, req.agreementExternalId, req.productNames),
    lookupProduct: async () => {
      const raw = await autotaskQueryAll(http, { entity: 'Services', filter: [{ op: 'eq', field: 'name', value: req.product }], includeFields: fieldsOf(AtCatalogService), pageSize });
      const found = raw.map((r) => AtCatalogService.safeParse(r)).flatMap((r) => (r.success ? [r.data] : []));
      return found.find((s) => s.isActive && s.name.toLowerCase() === req.product.toLowerCase()) ?? null;
    },
    // Neither POST is idempotent: HttpClient never repeats them after a 5xx, and the read-back says what landed.
    create: async (service) => {
      const created = await http.json({
        method: 'POST',
        path: `V1.0/Contracts/${contractID}/Services`,
        json: { contractID, serviceID: service.id, unitPrice: req.unitPriceCents / 100, invoiceDescription: service.name },
      });
      const id = AtCreated.safeParse(created.body);
      if (!id.success) throw new VendorRequestError(http.vendor, `creating the ${req.product} service on contract ${contractID} answered no itemId; check the contract in Autotask`);
      await http.json({
        method: 'POST',
        path: 'V1.0/ContractServiceAdjustments',
        json: { contractID, contractServiceID: id.data.itemId, serviceID: service.id, effectiveDate: `${req.effectiveDate}T00:00:00`, unitChange: req.quantity },
      });
    },
    // [I] Autotask's proration of a service added mid-period is not documented.
    effective: `from ${req.effectiveDate}; Autotask bills the new service prorated to the end of the current period`,
  });
}
