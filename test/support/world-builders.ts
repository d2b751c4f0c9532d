import type { WorldAgreement, WorldLine } from '../../local/demo/world';

/** Literal-world building blocks for PSA connector tests: an active 2024-2026 agreement and its lines. */

export const agreement = (id: string, name: string, lines: WorldAgreement['lines'], over: Partial<WorldAgreement> = {}): WorldAgreement => ({
  id,
  name,
  status: 'active',
  startDate: '2024-04-01',
  endDate: '2026-06-30',
  noEndDate: false,
  lines,
  ...over,
});

export const line = (id: string, product: string, quantity: number, unitPriceCents: number, cancelledDate: string | null = null): WorldLine => ({
  id,
  product,
  quantity,
  unitPriceCents,
  effectiveDate: '2024-04-01',
  cancelledDate,
});
