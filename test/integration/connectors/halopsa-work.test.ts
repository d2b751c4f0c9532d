import { afterEach, describe, expect, it } from 'vitest';
import type { FaultPlan, RunningSimulator } from '../../../local/simulators/harness';
import { HALOPSA_DEMO_ENV, haloPsaDemoSource, startHaloPsaSimulator } from '../../../local/simulators/halopsa';
import { VendorRequestError, WriteBackConflictError } from '../../../shared/connectors/http/errors';
import { HaloPsaSource } from '../../../shared/connectors/vendors/halopsa/config';
import { createHaloPsaConnector } from '../../../shared/connectors/vendors/halopsa/connector';
import { addDays } from '../../../shared/domain/dates';
import { recordingDeps } from '../../support/connector-deps';
import { haloWorld } from '../../support/halopsa-world';
import { expectPlantedWork, workWindow } from '../../support/work-cases';
import { W, withWork, WORK_WINDOW_DAYS } from '../../support/work-world';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const IDS = { main: '11', other: '12', agreement: '1001' };
const TRAITS = { postedOnlyInvoiced: false, slaBreached: true, balance: true, paidDate: true, noCharge: 'no-charge', invoiceLink: true } as const;

async function setup(opts: { faults?: FaultPlan; pageSize?: number; actionsPerRequest?: number } = {}) {
  const world = withWork(haloWorld(), { main: { clientId: IDS.main, agreementId: IDS.agreement }, other: { clientId: IDS.other } });
  const sim = await startHaloPsaSimulator(world, { faults: opts.faults });
  running.push(sim);
  const sleeps: number[] = [];
  const source = HaloPsaSource.parse({ ...haloPsaDemoSource(sim.url, 'halo'), pageSize: opts.pageSize ?? 2, actionsPerRequest: opts.actionsPerRequest ?? 2000 });
  const connector = createHaloPsaConnector(source, recordingDeps(HALOPSA_DEMO_ENV, sleeps));
  const action = (id: string) => sim.state.actions.find((a) => a.id === Number(id))!;
  const posts = () => sim.writes.filter((w) => w.path === '/api/Actions');
  return { sim, connector, sleeps, action, posts, today: world.asOf };
}

describe('HaloPSA work pull', () => {
  it('reads every planted case of the window: tickets by page, time a day a request, invoices newest first', async () => {
    const { sim, connector, today } = await setup();
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expectPlantedWork(pull, IDS, TRAITS);
    const actions = sim.log.filter((r) => r.path === '/api/Actions');
    expect(actions).toHaveLength(WORK_WINDOW_DAYS + 1);
    expect(new URLSearchParams(actions[0]!.query).get('startdate')).toBe(`${workWindow(today).from}T00:00:00`);
    expect(sim.log.filter((r) => r.path === '/api/Tickets').length).toBeGreaterThan(2);
    const invoices = sim.log.filter((r) => r.path === '/api/Invoice');
    expect(new URLSearchParams(invoices[0]!.query).get('orderdesc')).toBe('true');
  });

  it('maps Halo specifics: charge type names, covered time, rates, SLA state, amounts due', async () => {
    const { connector, today } = await setup();
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));
    const entry = (id: string) => pull.timeEntries.find((e) => e.externalId === id)!;

    expect(entry(W.unbilledOld)).toMatchObject({ workType: 'Onsite Support', rateCents: 17500, vendorBillable: 'billable, 2 charge hours', writeBack: { actionId: 8002, ticketId: 7001 } });
    expect(entry(W.noCharge)).toMatchObject({ billable: 'no-charge', coveredByAgreement: true, rateCents: null });
    expect(entry(W.coveredNonBillable)).toMatchObject({ billable: 'non-billable', coveredByAgreement: false });
    expect(pull.tickets.find((t) => t.externalId === W.ticketBilled)).toMatchObject({ status: 'Closed', billingCode: 'Remote Support', slaBreached: false, reopened: null });
    expect(pull.tickets.find((t) => t.externalId === W.ticketBlock)!.slaBreached).toBeNull();
    expect(pull.coverage.find((c) => c.agreementExternalId === W.blockAgreement)).toMatchObject({ agreementType: 'Prepay', coveredWorkTypes: null });
  });

  it('names who did the work from /Agent, read once; an agent not listed keeps the id form', async () => {
    const { sim, connector, action, today } = await setup();
    sim.state.agents.push({ id: 7, name: 'Ana Lima', isdisabled: false });
    action(W.invoiced).who_agentid = 7;
    action(W.unbilledOld).who_agentid = 42;
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));
    const worker = (id: string) => pull.timeEntries.find((e) => e.externalId === id)!.worker;

    expect([worker(W.coveredNonBillable), worker(W.invoiced), worker(W.unbilledOld)]).toEqual(['Dana Reyes', 'Ana Lima', 'agent 42']);
    expect(sim.log.filter((r) => r.path === '/api/Agent')).toHaveLength(1);
    expect(pull.warnings).toEqual([]);
  });

  it('keeps the agent ids and says why when the API agent may not read agents; the pull still completes', async () => {
    const { connector, today } = await setup({ faults: { refuseOn: { path: /\/api\/Agent$/, status: 403 } } });
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expectPlantedWork(pull, IDS, TRAITS);
    expect(pull.timeEntries.find((e) => e.externalId === W.invoiced)!.worker).toMatch(/^agent \d+$/);
    expect(pull.warnings).toEqual([expect.stringMatching(/^HaloPSA agents \(who did the work\) could not be read \(403\): the API user lacks permission; time shows its agent id/)]);
  });

  it('reads a day in halves when Halo serves fewer actions than the day holds, and keeps each action once', async () => {
    const { sim, connector, today } = await setup({ actionsPerRequest: 2 });
    const day = addDays(today, -30);
    for (let i = 0; i < 5; i++) sim.state.actions.push({ ...sim.state.actions[0]!, id: 8200 + i, datetime: `${day}T0${i}:30:00`, ticket_id: 7001 });
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expect(pull.timeEntries.filter((e) => Number(e.externalId) >= 8200)).toHaveLength(5);
    expect(new Set(pull.timeEntries.map((e) => e.externalId)).size).toBe(pull.timeEntries.length);
    expect(sim.log.filter((r) => r.path === '/api/Actions').length).toBeGreaterThan(WORK_WINDOW_DAYS + 3);
  });

  it('reads a day in halves when Halo states no record_count and serves its default 50 rows, whatever count asked', async () => {
    const { sim, connector, today } = await setup();
    sim.state.actionsUncounted = true;
    const day = addDays(today, -20);
    for (let i = 0; i < 70; i++) sim.state.actions.push({ ...sim.state.actions[0]!, id: 8300 + i, datetime: `${day}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i).padStart(2, '0')}:00`, ticket_id: 7001 });
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expect(pull.timeEntries.filter((e) => Number(e.externalId) >= 8300 && Number(e.externalId) < 8400)).toHaveLength(70);
    expect(new Set(pull.timeEntries.map((e) => e.externalId)).size).toBe(pull.timeEntries.length);
  });

  it('quarantines a malformed action with the field, and maps one missing every optional field', async () => {
    const { sim, connector, today } = await setup();
    const day = addDays(today, -3);
    sim.state.actions.push({ id: 8101, ticket_id: 7001, datetime: `${day}T10:00:00`, timetaken: 1, actisbillable: 'yes' }, { id: 8102, ticket_id: 7001, datetime: day, timetaken: 1.25, actisbillable: false });
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expect(pull.quarantined).toContainEqual({ sourceId: 'halo', entity: 'action', externalId: '8101', reason: expect.stringContaining('actisbillable') });
    expect(pull.timeEntries.find((e) => e.externalId === '8102')).toMatchObject({ billable: 'non-billable', agreementExternalId: null, workType: null, date: day, updatedAt: null, invoiced: null, rateCents: null });
  });

  it('reads an action without a billable flag as billing unknown, one stating nothing about invoicing as invoicing unknown', async () => {
    const { sim, connector, today } = await setup();
    const day = addDays(today, -40);
    sim.state.actions.push(
      // Nullable in the spec: left out entirely, or null.
      { id: 8103, ticket_id: 7001, datetime: `${day}T10:00:00`, timetaken: 2 },
      { id: 8104, ticket_id: 7001, datetime: `${day}T11:00:00Z`, timetaken: 1, actisbillable: null, invoice_id: null, actioninvoicenumber: null },
      // An evening's work stated with its offset is that day's, not the next UTC day's.
      { id: 8105, ticket_id: 7001, datetime: `${day}T21:30:00-05:00`, timetaken: 1, actisbillable: true, invoice_id: 0 },
    );
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expect(pull.quarantined.filter((q) => ['8103', '8104', '8105'].includes(q.externalId ?? ''))).toEqual([]);
    expect(pull.timeEntries.find((e) => e.externalId === '8103')).toMatchObject({ billable: 'unknown', vendorBillable: 'actisbillable not stated', invoiced: null, hours: 2, date: day });
    // Null states "no invoice".
    expect(pull.timeEntries.find((e) => e.externalId === '8104')).toMatchObject({ billable: 'unknown', invoiced: false, date: day });
    expect(pull.timeEntries.find((e) => e.externalId === '8105')).toMatchObject({ billable: 'billable', invoiced: false, date: day });
  });

  it('reads tickets changed since the last read by their last update, and the window\'s time in full', async () => {
    const { sim, connector, today } = await setup();
    const pull = await connector.pullWork({ runDate: today }, workWindow(today, `${addDays(today, -2)}T00:00:00Z`));

    const ticketQueries = sim.log.filter((r) => r.path === '/api/Tickets').map((r) => new URLSearchParams(r.query));
    expect(ticketQueries[0]!.get('datesearch')).toBe('last_update');
    expect(pull.timeEntries).toHaveLength(8);
    // The open ticket changed since; the others come by id for their time.
    expect(pull.tickets.map((t) => t.externalId).sort()).toEqual([W.ticketBilled, W.ticketNoCode, W.ticketOpen, W.ticketBlock].sort());
  });

  it('reads the same work through 429s, a revoked token and a server serving fewer rows than asked', async () => {
    const { sim, connector, sleeps, today } = await setup({ pageSize: 100, faults: { throttleEvery: 4, retryAfterSeconds: 3, clampPageSize: 1, revokeTokensAfter: 10 } });
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expectPlantedWork(pull, IDS, TRAITS);
    expect(sim.log.filter((r) => r.status === 429).length).toBeGreaterThan(3);
    expect(sleeps.filter((ms) => ms === 3000).length).toBe(sim.log.filter((r) => r.status === 429).length);
    expect(sim.log.filter((r) => r.path === '/auth/token')).toHaveLength(2);
    expect(sim.log.some((r) => r.status === 401)).toBe(true);
  });
});

describe('HaloPSA "Bill it"', () => {
  it('re-reads the action, POSTs it billable with the charge type asked for, and reads it back', async () => {
    const { connector, posts, today } = await setup();
    const result = await connector.billTimeEntry({ ref: { actionId: 8003, ticketId: 7001 }, expected: { billable: 'non-billable', invoiced: false }, billingCode: 'Onsite Support' });

    expect(result).toMatchObject({ billable: 'billable', effective: expect.stringContaining('next invoice') });
    expect(posts().map((w) => w.body)).toEqual([[{ id: 8003, ticket_id: 7001, actisbillable: true, recalculate_billing: true, chargerate: expect.any(Number) }]]);
    const after = (await connector.pullWork({ runDate: today }, workWindow(today))).timeEntries.find((e) => e.externalId === W.coveredNonBillable)!;
    expect(after).toMatchObject({ billable: 'billable', workType: 'Onsite Support', invoiced: false });
  });

  it('refuses when the action moved or was invoiced since the finding, writing nothing', async () => {
    const { connector, action, posts } = await setup();
    action(W.unbilledOld).invoice_id = 9102;
    const err = await connector.billTimeEntry({ ref: { actionId: 8002, ticketId: 7001 }, expected: { billable: 'billable', invoiced: false } }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(WriteBackConflictError);
    expect((err as Error).message).toContain('billable, invoiced in the PSA');
    expect(posts()).toHaveLength(0);
  });

  it('says so when Halo did not apply the write', async () => {
    const { sim, connector } = await setup();
    const original = sim.state.actions.find((a) => a.id === 8003)!;
    Object.defineProperty(original, 'actisbillable', { get: () => false, set: () => {}, enumerable: true });
    const err = await connector.billTimeEntry({ ref: { actionId: 8003, ticketId: 7001 }, expected: { billable: 'non-billable', invoiced: false } }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VendorRequestError);
    expect((err as Error).message).toContain('Halo did not apply it');
  });
});
