import { expect, it } from 'vitest';
import { AddLineConflictError, UnknownProductError } from '../../shared/connectors/http/errors';
import type { AddLineRequest, PsaConnector } from '../../shared/connectors/types';
import type { RecordedWrite } from '../../local/simulators/harness';

/**
 * The add-line behaviour every PSA connector owes, against its simulator: the line is created at
 * the price asked and reads back, a line for the product that appeared meanwhile refuses the write,
 * and a product missing from the PSA's catalog is refused by name. Nothing is written when refused.
 */

export interface AddLineHarness {
  connector: PsaConnector;
  /** The simulator's journal of writes. */
  writes: readonly RecordedWrite[];
  /** Puts a line for the product on the agreement, as someone in the PSA would after the email. */
  plantLine(): void;
  /** Takes the product out of the PSA's catalog. */
  dropProduct(): void;
}

export function addLineCases(setup: () => Promise<AddLineHarness>, req: AddLineRequest, night: { runDate: string }): void {
  it('adds a line for the product at the asked price, and a pull shows it', async () => {
    const { connector } = await setup();
    expect(await connector.findProductLine(req.agreementExternalId, req.productNames, req.effectiveDate)).toBeNull();

    const added = await connector.addLine(req);
    expect(added).toMatchObject({ quantity: req.quantity, effective: expect.stringContaining(req.effectiveDate) });
    expect(await connector.findProductLine(req.agreementExternalId, req.productNames, req.effectiveDate)).toEqual({ lineExternalId: added.lineExternalId, quantity: req.quantity });
    const agreement = (await connector.pull(night)).agreements.find((a) => a.externalId === req.agreementExternalId)!;
    expect(agreement.lines.find((l) => l.externalId === added.lineExternalId)).toMatchObject({ product: req.product, quantity: req.quantity, unitPriceCents: req.unitPriceCents });
  });

  it('refuses when a line for the product appeared on the agreement since the email, writing nothing', async () => {
    const { connector, writes, plantLine } = await setup();
    plantLine();
    const before = writes.length;
    const err = await connector.addLine(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AddLineConflictError);
    expect((err as Error).message).toContain(`a line for ${req.product} appeared on the agreement since the email`);
    expect(writes.length).toBe(before);
  });

  it('refuses a product the PSA does not have, by name, writing nothing', async () => {
    const { connector, writes, dropProduct } = await setup();
    dropProduct();
    const before = writes.length;
    const err = await connector.addLine(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownProductError);
    expect((err as Error).message).toContain(`no product "${req.product}"`);
    expect(writes.length).toBe(before);
    expect(await connector.findProductLine(req.agreementExternalId, req.productNames, req.effectiveDate)).toBeNull();
  });
}
