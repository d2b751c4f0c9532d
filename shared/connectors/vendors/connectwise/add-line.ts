import type { QuarantinedRecord } from '../../../domain/model';
import { addLineChecked, productLineOf } from '../../add-line';
import type { HttpClient } from '../../http/client';
import { VendorRequestError } from '../../http/errors';
import type { AddLineRequest, AddLineResult, ProductLine } from '../../types';
import { parseEach } from '../../validate';
import { dateOf, monthsPerCycle } from './map';
import { CwAddition, CwAgreement, CwCatalogItem } from './records';
import type { ConnectWiseSourceConfig } from './config';

/**
 * ConnectWise add-line true-ups: a new addition on the agreement (POST .../additions [V path,
 * excerpt]) for the catalog item whose identifier is the recipe's product (GET procurement/catalog
 * [V, GET spec]). Any addition for the product, billed or not, counts as "a line for it".
 */

interface Deps {
  source: ConnectWiseSourceConfig;
  vendor: string;
  http: HttpClient;
  list(path: string, conditions?: string): Promise<unknown[]>;
}

export function connectWiseAddLine({ source, vendor, http, list }: Deps) {
  const findProductLine = async (agreementId: string, names: readonly string[], onDate: string): Promise<ProductLine | null> => {
    const quarantined: QuarantinedRecord[] = [];
    const additions = parseEach(
      await list(`finance/agreements/${Number(agreementId)}/additions`),
      CwAddition,
      (a) => ({ id: a.id, quantity: a.quantity, product: a.product.identifier, effectiveDate: dateOf(a.effectiveDate), cancelledDate: dateOf(a.cancelledDate) }),
      { sourceId: source.id, entity: `addition (agreement ${agreementId})` },
      quarantined,
    );
    // An unreadable addition could be the product's line: adding another could bill it twice.
    if (quarantined.length) throw new VendorRequestError(vendor, `agreement ${agreementId} has additions that cannot be read (${quarantined.map((q) => q.reason).join('; ')}); nothing was added`);
    const line = productLineOf(additions, names, onDate);
    return line ? { lineExternalId: String(line.id), quantity: line.quantity } : null;
  };

  const readAgreement = async (agreementId: string): Promise<CwAgreement> => {
    const parsed = CwAgreement.safeParse((await http.json({ path: `finance/agreements/${Number(agreementId)}` })).body);
    if (!parsed.success) throw new VendorRequestError(vendor, `agreement ${agreementId} cannot be read`);
    return parsed.data;
  };

  const lookupProduct = async (identifier: string): Promise<CwCatalogItem | null> => {
    // CW conditions quote strings with "; [I] a quote inside is escaped with a backslash.
    const items = await list('procurement/catalog', `identifier="${identifier.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
    const found = items.map((i) => CwCatalogItem.safeParse(i)).flatMap((r) => (r.success ? [r.data] : []));
    return found.find((i) => i.identifier.toLowerCase() === identifier.toLowerCase() && !i.inactiveFlag) ?? null;
  };

  async function addLine(req: AddLineRequest): Promise<AddLineResult> {
    const agreement = await readAgreement(req.agreementExternalId);
    // Additions are priced per agreement billing cycle; the request is per month.
    const unitPrice = (req.unitPriceCents * monthsPerCycle(agreement.billingCycle?.name)) / 100;
    return addLineChecked(req, {
      vendor,
      catalog: 'the ConnectWise product catalog (Procurement > Product Catalog, active items)',
      findLine: () => findProductLine(req.agreementExternalId, req.productNames, req.effectiveDate),
      lookupProduct: () => lookupProduct(req.product),
      // POST is not idempotent: HttpClient sends it once after a 5xx, and the read-back says whether it landed.
      create: async (item) => {
        await http.json({
          method: 'POST',
          path: `finance/agreements/${agreement.id}/additions`,
          json: { product: { id: item.id }, quantity: req.quantity, unitPrice, billCustomer: 'Billable', effectiveDate: `${req.effectiveDate}T00:00:00Z` },
        });
      },
      effective: `from ${req.effectiveDate}, on the next invoice of agreement ${agreement.id}`,
    });
  }

  return { findProductLine, addLine };
}
