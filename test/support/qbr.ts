import { HealthConfig } from '../../shared/config/health';
import { scoreClient } from '../../shared/domain/health/score';
import { buildQbrPack, type QbrClient, type QbrPack } from '../../shared/domain/qbr';
import { agreement, device, invoice, RUN_DATE, ticket } from './snapshots';

/** A planted client for QBR tests: 3 workstations and a server, a quarter of tickets, one renewal. */
export function qbrClient(over: Partial<QbrClient> = {}): QbrClient {
  return {
    runDate: RUN_DATE,
    clientKey: 'cw:250',
    clientName: 'Northwind Traders',
    agreements: [
      agreement('A1', '250', [{ id: 'L1', product: 'Managed Workstation', quantity: 3, price: 4500 }], { name: 'Northwind Managed Services', endDate: '2027-03-08' }),
      agreement('A2', '250', [], { name: 'Northwind Backup', endDate: '2027-09-01', billAmountCents: 10_000 }),
      agreement('A3', '250', [{ id: 'L9', product: 'Old', quantity: 9, price: 100 }], { status: 'cancelled', endDate: '2026-12-01' }),
    ],
    devices: [
      device('d1', '250', { firstSeenOn: '2026-06-01' }),
      device('d2', '250', { firstSeenOn: '2024-06-01' }),
      device('d3', '250', { firstSeenOn: null }),
      device('s1', '250', { deviceClass: 'WINDOWS_SERVER', firstSeenOn: '2022-01-01' }),
      device('gone', '250', { deleted: true }),
    ],
    // Q4 2026 runs from 1 October to the run date (23 November): 53 days.
    tickets: [
      ticket('t1', '250', 10, { slaBreached: true }),
      ticket('t2', '250', 20, { closed: true, closedAt: `${RUN_DATE}T09:00:00.000Z`, reopened: true }),
      ticket('t3', '250', 40, { closed: true, closedAt: '2026-10-20T09:00:00.000Z' }),
      ticket('t4', '250', 80, { closed: true, closedAt: '2026-09-20T09:00:00.000Z' }),
    ],
    usage: [
      { clientKey: 'cw:250', product: 'Managed Workstation', billed: 3, observed: 4 },
      { clientKey: 'cw:250', product: 'M365 Business Premium', billed: 10, observed: 10 },
    ],
    ...over,
  };
}

export function qbrPack(over: Partial<QbrPack> = {}, client: Partial<QbrClient> = {}): QbrPack {
  const c = qbrClient(client);
  const health = scoreClient(c.clientKey, {
    runDate: RUN_DATE,
    work: { tickets: c.tickets ?? [], invoices: [invoice('i1', '250', 60, 100_000, null)], ticketsReachBack: null },
    agreements: c.agreements,
    size: { seats: 10, devices: 4 },
    trend: [],
    ledger: [],
  }, { medianTicketsPerSeat: 0.1 }, HealthConfig.parse({}));
  return { ...buildQbrPack(c, { health, healthTrend: [{ runDate: '2026-11-22', score: 70, colour: 'green' }, { runDate: RUN_DATE, score: health.score, colour: health.colour }], anniversaryForEvergreen: false }), ...over };
}
