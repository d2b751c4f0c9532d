import { describe, expect, it } from 'vitest';
import type { ClientGroup } from '../../../shared/domain/matching';
import type { Client, Snapshot } from '../../../shared/domain/model';
import {
  agreementMrr,
  agreementRevenue,
  FIXED_FEE_SERVICE,
  licenceMargins,
  marginPercent,
  movementsBetween,
  mrrByClient,
  mrrMonth,
  retention,
  type ClientMrr,
  type MrrNight,
} from '../../../shared/domain/revenue';
import { agreement, client, RECIPES, RUN_DATE, subscription } from '../../support/snapshots';

const psa = (agreements: Snapshot['agreements'], clients: Client[] = []): Snapshot => ({
  sourceId: 'cw',
  kind: 'connectwise',
  role: 'psa',
  runDate: RUN_DATE,
  fetchedAt: `${RUN_DATE}T08:00:00.000Z`,
  clients,
  agreements,
  devices: [],
  subscriptions: [],
  quarantined: [],
  warnings: [],
});

describe('agreement MRR: lines × price plus the fixed amount, never twice', () => {
  const lines = [
    { id: 'L1', product: 'Managed Workstation', quantity: 10, price: 4500 },
    { id: 'L2', product: 'Managed Server', quantity: 2, price: 15000 },
  ];
  it('bills its active lines when no amount is stated', () => {
    const a = agreement('A1', '250', [...lines, { id: 'L3', product: 'Backup', quantity: 5, price: 1000, cancelledDate: '2026-01-01' }]);
    expect(agreementRevenue(a, RUN_DATE)).toEqual({
      cents: 75_000,
      services: [
        { service: 'Managed Workstation', cents: 45_000, quantity: 10 },
        { service: 'Managed Server', cents: 30_000, quantity: 2 },
      ],
    });
  });
  it('reads a stated amount equal to the lines as their total, not as a second fee', () => {
    expect(agreementMrr(agreement('A1', '250', lines, { billAmountCents: 75_000 }), RUN_DATE)).toBe(75_000);
  });
  it('bills what a stated amount holds beyond its lines as a fixed fee', () => {
    const r = agreementRevenue(agreement('A1', '250', lines, { billAmountCents: 100_000 }), RUN_DATE);
    expect(r.cents).toBe(100_000);
    expect(r.services.find((s) => s.service === FIXED_FEE_SERVICE)).toEqual({ service: FIXED_FEE_SERVICE, cents: 25_000, quantity: null });
    expect(r.services.reduce((n, s) => n + s.cents, 0)).toBe(r.cents);
  });
  it('counts the lines and says so when the stated amount is below them', () => {
    const r = agreementRevenue(agreement('A1', '250', lines, { billAmountCents: 50_000 }), RUN_DATE);
    expect(r.cents).toBe(75_000);
    expect(r.note).toMatch(/below its lines/);
  });
  it('bills nothing for agreements not active or not started', () => {
    expect(agreementMrr(agreement('A1', '250', lines, { status: 'cancelled' }), RUN_DATE)).toBe(0);
    expect(agreementMrr(agreement('A1', '250', lines, { startDate: '2026-12-01' }), RUN_DATE)).toBe(0);
    expect(agreementMrr(agreement('A1', '250', [{ id: 'L9', product: 'Fixed', quantity: 0, price: 0 }], { billAmountCents: 9_900 }), RUN_DATE)).toBe(9_900);
  });
});

describe('MRR per client and per service', () => {
  const agreements = [
    agreement('A1', '250', [{ id: 'L1', product: 'Managed Workstation', quantity: 10, price: 4500 }], { billAmountCents: 60_000 }),
    agreement('A2', '250', [{ id: 'L2', product: 'managed workstation', quantity: 2, price: 4500 }]),
    agreement('A3', '251', [{ id: 'L3', product: 'Managed Server', quantity: 1, price: 15000 }]),
    agreement('A4', '252', [{ id: 'L4', product: 'Managed Server', quantity: 9, price: 15000 }], { status: 'expired' }),
  ];
  const night = mrrByClient([psa(agreements, [client('250', 'Northwind'), client('251', 'Contoso')])], RUN_DATE, [{ clientKey: 'cw:250', devices: 12, seats: 14 }]);

  it('reconciles to the agreements: the clients add up to the sum of every agreement MRR', () => {
    const agreementsTotal = agreements.reduce((n, a) => n + agreementMrr(a, RUN_DATE), 0);
    expect(night.clients.reduce((n, c) => n + c.cents, 0)).toBe(agreementsTotal);
    expect(agreementsTotal).toBe(60_000 + 9_000 + 15_000);
  });
  it('keys clients as findings do, names them from the PSA, and carries the night counts', () => {
    expect(night.clients.map((c) => [c.clientKey, c.clientName, c.cents, c.seats, c.devices])).toEqual([
      ['cw:250', 'Northwind', 69_000, 14, 12],
      ['cw:251', 'Contoso', 15_000, null, null],
    ]);
  });
  it('adds one service across agreements whatever its case', () => {
    expect(night.clients[0]!.services).toEqual([
      { service: 'Managed Workstation', cents: 54_000, quantity: 12 },
      { service: FIXED_FEE_SERVICE, cents: 15_000, quantity: null },
    ]);
  });
});

const row = (clientKey: string, cents: number, extra: Partial<ClientMrr> = {}): ClientMrr => ({ clientKey, clientName: clientKey, cents, services: [], seats: null, devices: null, ...extra });

describe('month movements', () => {
  const start = [row('a', 10_000), row('b', 20_000), row('c', 5_000), row('d', 7_000)];
  const end = [row('a', 12_500), row('b', 15_000), row('d', 7_000), row('e', 3_000)];

  it('sorts each client change into new, expansion, contraction and churn', () => {
    const m = movementsBetween(start, end);
    expect(m).toMatchObject({ startingCents: 42_000, newCents: 3_000, expansionCents: 2_500, contractionCents: -5_000, churnedCents: -5_000, endingCents: 37_500 });
    expect(m.clients.map((c) => [c.clientKey, c.kind, c.cents])).toEqual([
      ['a', 'expansion', 2_500],
      ['b', 'contraction', -5_000],
      ['c', 'churned', -5_000],
      ['e', 'new', 3_000],
    ]);
  });

  it('always adds up: the movements equal ending − starting, on generated months', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 50; trial++) {
      const gen = () => Array.from({ length: 30 }, (_, i) => row(`c${i}`, rand() < 0.2 ? 0 : Math.round(rand() * 100_000))).filter((r) => r.cents > 0 || rand() < 0.5);
      const m = movementsBetween(gen(), gen());
      expect(m.newCents + m.expansionCents + m.contractionCents + m.churnedCents).toBe(m.endingCents - m.startingCents);
      expect(m.newCents).toBeGreaterThanOrEqual(0);
      expect(m.churnedCents).toBeLessThanOrEqual(0);
    }
  });

  it('NRR counts expansion of the clients billed at the start; GRR does not', () => {
    const r = retention(start, end);
    // Kept: 12,500 + 15,000 + 7,000 = 34,500 of 42,000; capped: 10,000 + 15,000 + 7,000 = 32,000.
    expect(r.nrr).toBeCloseTo((34_500 / 42_000) * 100, 6);
    expect(r.grr).toBeCloseTo((32_000 / 42_000) * 100, 6);
    expect(retention([], end)).toEqual({ nrr: null, grr: null });
  });
});

describe('a month from stored nights', () => {
  const night = (runDate: string, clients: ClientMrr[]): MrrNight => ({ runDate, clients, margins: [], notes: [] });
  const nights = [
    night('2025-11-30', [row('a', 10_000), row('b', 10_000)]),
    night('2026-10-30', [row('a', 10_000), row('b', 10_000)]),
    night('2026-10-31', [row('a', 11_000), row('b', 10_000)]),
    night('2026-11-15', [row('a', 99_000)]),
    night('2026-11-30', [row('a', 13_000, { seats: 10, devices: 4 }), row('c', 2_000, { seats: 0, devices: 0 })]),
  ];

  it('runs from the last night of the month before to the last night of the month', () => {
    const r = mrrMonth(nights, '2026-11');
    if (!r.ok) throw new Error(r.reason);
    expect([r.month.startNight, r.month.endNight, r.month.startNote]).toEqual(['2026-10-31', '2026-11-30', null]);
    expect(r.month.movements).toMatchObject({ startingCents: 21_000, newCents: 2_000, expansionCents: 2_000, churnedCents: -10_000, endingCents: 15_000 });
    // The twelve months from the last night of November 2025: a kept 13,000 of 20,000, b gone.
    expect(r.month.trailing.fromNight).toBe('2025-11-30');
    expect(r.month.trailing.nrr).toBeCloseTo(65, 6);
    expect(r.month.trailing.grr).toBeCloseTo(50, 6);
    // Per seat over the clients that have seats: 13,000 / 10 seats, 13,000 / 4 devices.
    expect([r.month.perSeatCents, r.month.perDeviceCents]).toEqual([1_300, 3_250]);
  });

  it('starts from the first night when there is no earlier month, says so, and holds the trailing figures', () => {
    const r = mrrMonth(nights.slice(2), '2026-10');
    if (!r.ok) throw new Error(r.reason);
    expect(r.month.startNight).toBe('2026-10-31');
    expect(r.month.startNote).toMatch(/no night stored in 2026-09/);
    expect(r.month.trailing).toMatchObject({ nrr: null, grr: null, note: expect.stringMatching(/twelve months/) });
  });

  it('refuses a month with no night rather than printing zeros', () => {
    expect(mrrMonth(nights, '2026-12')).toEqual({ ok: false, reason: expect.stringMatching(/no night stored in 2026-12/) });
  });
});

describe('licence gross margin per product', () => {
  const pax8: Snapshot = {
    ...psa([]),
    sourceId: 'pax8',
    kind: 'pax8',
    role: 'marketplace',
    subscriptions: [
      subscription('S1', 'p1', 'Microsoft 365 Business Premium', 10, { partnerCostCents: 1_800 }),
      subscription('S2', 'p2', 'Microsoft 365 Business Premium', 5),
      subscription('S3', 'p1', 'Microsoft 365 Business Premium', 3, { status: 'cancelled', partnerCostCents: 1_800 }),
    ],
  };
  const cw = psa([
    agreement('A1', '250', [{ id: 'L1', product: 'M365 Business Premium', quantity: 10, price: 2200 }]),
    agreement('A2', '251', [{ id: 'L2', product: 'M365 Business Premium', quantity: 5, price: 2200 }]),
  ]);
  const group = (psaId: string, paxId: string): ClientGroup => ({
    key: `cw:${psaId}`,
    psaSourceId: 'cw',
    psa: client(psaId, psaId),
    members: [{ sourceId: 'pax8', role: 'marketplace', key: `pax8:${paxId}`, client: client(paxId, paxId), via: 'override', score: 1, reason: '' }],
  });

  it('sets the PSA price against the Pax8 partner cost, leaving out clients whose cost is unknown', () => {
    const [m] = licenceMargins([group('250', 'p1'), group('251', 'p2')], [cw, pax8], RECIPES, RUN_DATE);
    expect(m).toEqual({ product: 'M365 Business Premium', revenueCents: 22_000, costCents: 18_000, billedUnits: 10, boughtSeats: 10, clients: 1, clientsWithoutCost: 1 });
    expect(marginPercent(m!)).toBeCloseTo((4_000 / 22_000) * 100, 6);
  });
});
