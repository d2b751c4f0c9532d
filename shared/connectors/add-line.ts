import { lineIsActive } from '../domain/recipes';
import { AddLineConflictError, UnknownProductError, VendorRequestError } from './http/errors';
import type { AddLineRequest, AddLineResult, ProductLine } from './types';

/**
 * The add-line write every PSA connector shares: compare-and-set on the agreement (a line for the
 * product that appeared since the email refuses the write), the product looked up in the PSA's
 * catalog (refused by name when missing), the line created, then read back. Each connector
 * supplies only its vendor's reads and the create request.
 */

export interface AddLineSteps<P> {
  vendor: string;
  /** Where the product is looked up, as a person would say it: "the ConnectWise product catalog". */
  catalog: string;
  /** The agreement's line for the product on the request's effective date, or null. */
  findLine(): Promise<ProductLine | null>;
  /** The PSA's own product record for `req.product`, or null when the PSA has none. */
  lookupProduct(): Promise<P | null>;
  create(product: P): Promise<void>;
  /** When the PSA bills the new line, in the vendor's terms. */
  effective: string;
}

export async function addLineChecked<P>(req: AddLineRequest, steps: AddLineSteps<P>): Promise<AddLineResult> {
  const existing = await steps.findLine();
  if (existing) throw new AddLineConflictError(steps.vendor, req.product, existing);
  const product = await steps.lookupProduct();
  if (product === null) throw new UnknownProductError(steps.vendor, req.product, steps.catalog);
  await steps.create(product);
  const added = await steps.findLine();
  if (!added || added.quantity !== req.quantity)
    throw new VendorRequestError(steps.vendor, `the new ${req.product} line reads ${added ? `quantity ${added.quantity}` : 'as missing'} after adding ${req.quantity}; check the agreement in the PSA`);
  return { ...added, effective: steps.effective };
}

const norm = (s: string) => s.trim().toLowerCase();

/** The first line billing one of `names` on `onDate`: the names compare as recipes compare them (case-insensitive). */
export function productLineOf<L extends { product: string; effectiveDate: string | null; cancelledDate: string | null }>(
  lines: readonly L[],
  names: readonly string[],
  onDate: string,
): L | undefined {
  const wanted = new Set(names.map(norm));
  return lines.find((l) => wanted.has(norm(l.product)) && lineIsActive(l, onDate));
}
