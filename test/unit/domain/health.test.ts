import { describe, expect, it } from 'vitest';
import { HealthConfig } from '../../../shared/config/health';
import { addDays } from '../../../shared/domain/dates';
import { billingGaps, daysToPay, overdueInvoices, reopened, seatTrend, slaBreaches, tenure, ticketTrend, ticketVolume, type ClientHealthInputs } from '../../../shared/domain/health/components';
import { healthInputs } from '../../../shared/domain/health/inputs';
import { peerContext, scoreClient, scoreClients } from '../../../shared/domain/health/score';
import type { Snapshot } from '../../../shared/domain/model';
import { entry } from '../../support/mail-models';
import { agreement, client, invoice, RUN_DATE, ticket } from '../../support/snapshots';

const RULES = HealthConfig.parse({});

function inputs(over: Partial<ClientHealthInputs> = {}): ClientHealthInputs {
  return {
    runDate: RUN_DATE,
    work: { tickets: [], invoices: [], ticketsReachBack: addDays(RUN_DATE, -200) },
    agreements: [agreement('a1', 'c1', [], { startDate: '2022-01-01' })],
    size: { seats: 20, devices: 25 },
    trend: [],
    ledger: [],
    ...over,
  };
}
const withTickets = (tickets: ReturnType<typeof ticket>[]) => inputs({ work: { tickets, invoices: [], ticketsReachBack: addDays(RUN_DATE, -200) } });
const withInvoices = (invoices: ReturnType<typeof invoice>[]) => inputs({ work: { tickets: [], invoices, ticketsReachBack: null } });
const many = (n: number, daysAgo: (i: number) => number, extra: Parameters<typeof ticket>[3] = {}) => Array.from({ length: n }, (_, i) => ticket(`t${i}`, 'c1', daysAgo(i), extra));

describe('health components against planted data', () => {
  it('ticket volume: at the MSP median scores 100, twice the median scores about a third', () => {
    // 30 tickets in 90 days over 20 seats = 0.5 a seat a month.
    const rate = inputs({ ...withTickets(many(30, (i) => 1 + i * 2)) });
    expect(ticketVolume(rate, { medianTicketsPerSeat: 0.5 })).toMatchObject({ score: 100, facts: { ratio: 1 } });
    const double = ticketVolume(rate, { medianTicketsPerSeat: 0.25 });
    expect(double).toMatchObject({ score: 33, facts: { ratio: 2 } });
  });

  it('ticket volume is missing, not perfect, without work, seats or peers', () => {
    expect(ticketVolume(inputs({ work: null }), { medianTicketsPerSeat: 1 })).toEqual({ missing: expect.stringMatching(/not read/) });
    expect(ticketVolume(inputs({ size: { seats: 0, devices: 0 } }), { medianTicketsPerSeat: 1 })).toEqual({ missing: expect.stringMatching(/no seats or devices/) });
    expect(ticketVolume(inputs(), { medianTicketsPerSeat: null })).toEqual({ missing: expect.stringMatching(/too few clients/) });
  });

  it('ticket trend: a month at three times the usual rate scores 0; a steady one 100', () => {
    const usual = many(12, (i) => 35 + i * 7); // 12 tickets over the 90 days before the last 30: 4 a month
    const surge = many(12, (i) => 1 + i * 2).map((t, i) => ({ ...t, externalId: `s${i}` }));
    expect(ticketTrend(withTickets([...usual, ...surge]))).toMatchObject({ score: 0, facts: { recent: 12, usualMonthly: 4, ratio: 3 } });
    const steady = many(4, (i) => 2 + i * 5).map((t, i) => ({ ...t, externalId: `n${i}` }));
    expect(ticketTrend(withTickets([...usual, ...steady]))).toMatchObject({ score: 100, facts: { ratio: 1 } });
  });

  it('ticket trend is missing when the pull does not reach back far enough', () => {
    const short = inputs({ work: { tickets: many(5, (i) => i + 1), invoices: [], ticketsReachBack: addDays(RUN_DATE, -40) } });
    expect(ticketTrend(short)).toEqual({ missing: expect.stringMatching(/do not reach back 120 days/) });
  });

  it('SLA breaches: 1 of 10 recent tickets scores 50; tickets older than 90 days do not count', () => {
    const recent = many(10, (i) => i + 1, { slaBreached: false });
    recent[0] = { ...recent[0]!, slaBreached: true };
    const old = many(5, (i) => 100 + i, { slaBreached: true }).map((t, i) => ({ ...t, externalId: `o${i}` }));
    expect(slaBreaches(withTickets([...recent, ...old]))).toMatchObject({ score: 50, facts: { hits: 1, tickets: 10, pct: 10 } });
  });

  it('SLA and reopened are missing when the PSA does not say, or there are no recent tickets', () => {
    expect(slaBreaches(withTickets(many(3, (i) => i + 1, { slaBreached: null })))).toEqual({ missing: 'the PSA does not say which tickets missed their SLA' });
    expect(reopened(withTickets([]))).toEqual({ missing: expect.stringMatching(/no tickets in the last 90 days/) });
  });

  it('reopened: 3 of 20 (15%) scores 0', () => {
    const tickets = many(20, (i) => i + 1).map((t, i) => ({ ...t, reopened: i < 3 }));
    expect(reopened(withTickets(tickets))).toMatchObject({ score: 0, facts: { hits: 3, pct: 15 } });
  });

  it('overdue invoices: the oldest unpaid past due sets the score (30 days overdue is 50)', () => {
    // Dated 60 days ago, due 30 days later: 30 days overdue tonight.
    const out = overdueInvoices(withInvoices([invoice('i1', 'c1', 60, 100_000, null), invoice('i2', 'c1', 40, 50_000, null), invoice('i3', 'c1', 100, 80_000, 20)]));
    expect(out).toMatchObject({ score: 50, facts: { overdue: 2, overdueCents: 150_000, oldestDays: 30 } });
    expect(overdueInvoices(withInvoices([invoice('i1', 'c1', 10, 100_000, null)]))).toMatchObject({ score: 100, facts: { overdue: 0 } });
  });

  it('overdue invoices are missing without invoices or when the PSA states no due date or balance', () => {
    expect(overdueInvoices(withInvoices([]))).toEqual({ missing: expect.stringMatching(/no invoices/) });
    expect(overdueInvoices(withInvoices([invoice('i1', 'c1', 10, 100, null, { dueDate: null })]))).toEqual({ missing: expect.stringMatching(/fall due/) });
  });

  it('days to pay: the average over the year, 30 days or fewer is 100, 75 or more is 0', () => {
    expect(daysToPay(withInvoices([invoice('i1', 'c1', 200, 1000, 20), invoice('i2', 'c1', 100, 1000, 40)]))).toMatchObject({ score: 100, facts: { averageDays: 30, invoices: 2 } });
    expect(daysToPay(withInvoices([invoice('i1', 'c1', 200, 1000, 60)]))).toMatchObject({ score: 33, facts: { averageDays: 60 } });
    expect(daysToPay(withInvoices([invoice('i1', 'c1', 20, 1000, null)]))).toEqual({ missing: expect.stringMatching(/no invoice paid/) });
  });

  it('tenure: from the earliest agreement start, 40 for a new client up to 100 at three years', () => {
    const agreements = [agreement('a1', 'c1', [], { startDate: '2025-11-23' }), agreement('a2', 'c1', [], { startDate: '2024-11-23' })];
    expect(tenure(inputs({ agreements }))).toMatchObject({ score: 80, facts: { years: 2, since: '2024-11-23' } });
    expect(tenure(inputs({ agreements: [agreement('a1', 'c1', [], { startDate: null })] }))).toEqual({ missing: 'no agreement states a start date' });
  });

  it('billing gaps: live over-billing costs 25, unbilled 10; resolved entries do not count', () => {
    const ledger = [entry({ kind: 'over-billed' }), entry({ kind: 'under-billed' }), entry({ kind: 'under-billed', status: 'resolved' })];
    expect(billingGaps(inputs({ ledger }))).toEqual({ score: 65, facts: { overBilled: 1, underBilled: 1 } });
  });

  it('seat trend: seats down 10% scores 60; devices are used when the client has no seats', () => {
    const trend = [
      { runDate: addDays(RUN_DATE, -60), devices: 30, seats: 20 },
      { runDate: RUN_DATE, devices: 30, seats: 18 },
    ];
    expect(seatTrend(inputs({ trend }))).toMatchObject({ score: 60, facts: { from: 20, to: 18, pct: -10, unit: 'seats' } });
    const devices = trend.map((t, i) => ({ ...t, seats: 0, devices: i ? 33 : 30 }));
    expect(seatTrend(inputs({ trend: devices }))).toMatchObject({ score: 100, facts: { unit: 'devices', pct: 10 } });
    expect(seatTrend(inputs({ trend: trend.slice(1) }))).toEqual({ missing: expect.stringMatching(/fewer than 14 days/) });
  });
});

describe('the health score', () => {
  it('lists every component with its contribution, and the contributions add up to the score', () => {
    const s = scoreClient('cw:1', inputs({ ledger: [entry({ kind: 'over-billed' })] }), { medianTicketsPerSeat: 0.5 }, RULES);
    expect(s.components.map((c) => c.key)).toEqual(['ticketVolume', 'ticketTrend', 'slaBreaches', 'reopened', 'overdueInvoices', 'daysToPay', 'tenure', 'billingGaps', 'seatTrend']);
    const sum = s.components.reduce((n, c) => n + c.contribution, 0);
    expect(Math.abs(sum - s.score!)).toBeLessThanOrEqual(1);
    expect(s.components.find((c) => c.key === 'billingGaps')).toMatchObject({ score: 75, missing: null });
  });

  it('re-weights over the components that exist and says which are missing', () => {
    // No work: tenure (100 after 3+ years), billing gaps (100) and seat trend (missing) remain.
    const s = scoreClient('cw:1', inputs({ work: null, agreements: [agreement('a1', 'c1', [], { startDate: '2020-01-01' })], ledger: [entry({ kind: 'over-billed' }), entry({ kind: 'over-billed' })] }), { medianTicketsPerSeat: null }, { ...RULES, minCoveragePercent: 10 });
    const missing = s.components.filter((c) => c.missing !== null).map((c) => c.key);
    expect(missing).toEqual(['ticketVolume', 'ticketTrend', 'slaBreaches', 'reopened', 'overdueInvoices', 'daysToPay', 'seatTrend']);
    expect(s.coveragePct).toBe(20);
    // Tenure 100 and billing gaps 50, equally weighted: 75, not dragged to zero or lifted to 100 by the missing parts.
    expect(s.score).toBe(75);
    expect(s.components.find((c) => c.key === 'tenure')!.share).toBe(0.5);
  });

  it('gives no score and no colour when too little of the weight could be judged', () => {
    const s = scoreClient('cw:1', inputs({ work: null }), { medianTicketsPerSeat: null }, RULES);
    expect(s).toMatchObject({ score: null, colour: 'unknown', coveragePct: 20 });
  });

  it('colours by the configured thresholds', () => {
    const weights = { ...RULES.weights, ticketVolume: 0, ticketTrend: 0, slaBreaches: 0, reopened: 0, overdueInvoices: 0, daysToPay: 0, tenure: 0, seatTrend: 0 };
    const only = (over: number) => scoreClient('k', inputs({ ledger: Array.from({ length: over }, () => entry({ kind: 'over-billed' })) }), { medianTicketsPerSeat: null }, { ...RULES, weights });
    expect([only(0), only(2), only(3)].map((s) => [s.score, s.colour])).toEqual([
      [100, 'green'],
      [50, 'yellow'],
      [25, 'red'],
    ]);
  });

  it('compares ticket volume with the median of clients that have one (at least three)', () => {
    const rates = [0.1, 0.5, 0.3].map((perSeat) => inputs({ work: { tickets: many(Math.round(perSeat * 20 * 3), (i) => 1 + i), invoices: [], ticketsReachBack: addDays(RUN_DATE, -200) } }));
    expect(peerContext(rates).medianTicketsPerSeat).toBeCloseTo(0.3, 5);
    expect(peerContext(rates.slice(0, 2)).medianTicketsPerSeat).toBeNull();
    // A client whose tickets are read only 40 days back is no peer: its monthly rate would be understated.
    const short = inputs({ work: { tickets: [], invoices: [], ticketsReachBack: addDays(RUN_DATE, -40) } });
    expect(peerContext([...rates.slice(0, 2), short]).medianTicketsPerSeat).toBeNull();
    expect(ticketVolume(short, { medianTicketsPerSeat: 0.3 })).toEqual({ missing: expect.stringMatching(/do not reach back 90 days/) });
  });
});

describe('health inputs from a night', () => {
  const psa = (work: Snapshot['work']): Snapshot => ({
    sourceId: 'cw',
    kind: 'connectwise',
    role: 'psa',
    runDate: RUN_DATE,
    fetchedAt: `${RUN_DATE}T08:00:00.000Z`,
    clients: [client('1', 'Alpha'), client('2', 'Beta')],
    agreements: [agreement('a1', '1', [])],
    devices: [],
    subscriptions: [],
    quarantined: [],
    warnings: [],
    ...(work ? { work } : {}),
  });
  const groups = [
    { key: 'cw:1', psaSourceId: 'cw', psa: client('1', 'Alpha'), members: [] },
    { key: 'cw:2', psaSourceId: 'cw', psa: client('2', 'Beta'), members: [] },
  ];

  it('gives each client its own tickets and invoices, and how far back the pull reaches', () => {
    const work = { tickets: [ticket('t1', '1', 3), ticket('t2', '2', 150)], invoices: [invoice('i1', '2', 10, 100, 5)], timeEntries: [], coverage: [] };
    const out = healthInputs({ runDate: RUN_DATE, groups, psa: [psa(work)], ledger: [entry({ clientKey: 'cw:2' })], counts: [{ clientKey: 'cw:1', devices: 3, seats: 2 }], trends: new Map() });
    expect(out.get('cw:1')!.work).toMatchObject({ tickets: [{ externalId: 't1' }], invoices: [], ticketsReachBack: addDays(RUN_DATE, -150) });
    expect(out.get('cw:2')!.work!.invoices).toHaveLength(1);
    expect(out.get('cw:1')!.agreements).toHaveLength(1);
    expect(out.get('cw:1')!.size).toEqual({ seats: 2, devices: 3 });
    expect(out.get('cw:2')!.size).toBeNull();
    expect(out.get('cw:2')!.ledger).toHaveLength(1);
  });

  it('says work was not read when the PSA snapshot carries none, rather than no tickets', () => {
    const out = healthInputs({ runDate: RUN_DATE, groups, psa: [psa(undefined)], ledger: [], counts: [], trends: new Map() });
    expect(out.get('cw:1')!.work).toBeNull();
    const scores = scoreClients(out, RULES);
    expect(scores.get('cw:1')!.components.find((c) => c.key === 'slaBreaches')!.missing).toMatch(/not read/);
  });
});
