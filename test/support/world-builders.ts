import type { WorldAgreement, WorldDevice, WorldLine } from '../../local/demo/world';

/** Literal-world building blocks for connector tests: an active 2024-2026 agreement and its lines, a device. */

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

/** A managed device with a uid derived from its id, approved and not deleted unless `extra` says so. */
export const device = (id: string, deviceClass: WorldDevice['deviceClass'], name: string, lastSeenAt: string, extra: Partial<WorldDevice> = {}): WorldDevice => ({
  id,
  uid: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
  name,
  deviceClass,
  lastSeenAt,
  approved: true,
  deleted: false,
  ...extra,
});
