import { afterEach, describe, expect, it } from 'vitest';
import { AUTOTASK_DEMO_ENV, AUTOTASK_ZONE_PATH, autotaskDemoSource, startAutotaskSimulator } from '../../../local/simulators/autotask';
import type { FaultPlan, RunningSimulator } from '../../../local/simulators/harness';
import { WriteBackConflictError, WriteBackUnsupportedError } from '../../../shared/connectors/http/errors';
import { AutotaskSource } from '../../../shared/connectors/vendors/autotask/config';
import { createAutotaskConnector } from '../../../shared/connectors/vendors/autotask/connector';
import { addDays } from '../../../shared/domain/dates';
import { autotaskWorld, utcToday } from '../../support/autotask-world';
import { recordingDeps } from '../../support/connector-deps';
import { expectPlantedWork, workWindow } from '../../support/work-cases';
import { W, withWork } from '../../support/work-world';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const today = utcToday();
const IDS = { main: '29683001', other: '29683002', agreement: '1001' };
const TRAITS = { postedOnlyInvoiced: true, slaBreached: true, balance: false, paidDate: true, noCharge: 'no-charge', invoiceLink: true } as const;

async function setup(opts: { faults?: FaultPlan; pageSize?: number } = {}) {
  const world = withWork(autotaskWorld(today), { main: { clientId: IDS.main, agreementId: IDS.agreement }, other: { clientId: IDS.other } });
  const sim = await startAutotaskSimulator(world, { faults: opts.faults });
  running.push(sim);
  const sleeps: number[] = [];
  const source = AutotaskSource.parse({ ...autotaskDemoSource(sim.url, 'at'), ...(opts.pageSize ? { pageSize: opts.pageSize } : {}) });
  const connector = createAutotaskConnector(source, recordingDeps(AUTOTASK_DEMO_ENV, sleeps));
  const entry = (id: string) => sim.state.entities.TimeEntries.find((e) => e.id === Number(id))!;
  const patches = () => sim.writes.filter((w) => w.method === 'PATCH');
  return { sim, connector, sleeps, entry, patches };
}


describe('Autotask work pull', () => {
  it('reads every planted case of the window through every page, each billable status and invoiced or not', async () => {
    const { sim, connector } = await setup({ pageSize: 2 });
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expectPlantedWork(pull, IDS, TRAITS);
    const queried = sim.log.filter((r) => r.path.startsWith(AUTOTASK_ZONE_PATH));
    for (const entity of ['TimeEntries', 'Tickets', 'BillingCodes'])
      expect(queried.filter((r) => r.path.endsWith(`/${entity}/query/next`)).length, entity).toBeGreaterThan(0);
    const entries = queried.find((r) => r.path.endsWith('/TimeEntries/query'))!.body;
    expect(entries).toMatchObject({ Filter: [{ op: 'exist', field: 'ticketID' }, { op: 'gte', field: 'dateWorked', value: workWindow(today).from }] });
  });

  it('maps Autotask specifics: billing codes by name, coverage by exclusions (the contract\'s and its exclusion set\'s), blocks of hours, posted rates, SLA', async () => {
    const { connector } = await setup();
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));
    const entry = (id: string) => pull.timeEntries.find((e) => e.externalId === id)!;

    expect(entry(W.invoiced)).toMatchObject({ workType: 'Remote Support', coveredByAgreement: true, rateCents: 15000, writeBack: { timeEntryID: Number(W.invoiced) } });
    // Onsite Support and Project Work are excluded from contract 1001: billed, not absorbed.
    expect(entry(W.unbilledOld)).toMatchObject({ coveredByAgreement: false, rateCents: null });
    expect(entry(W.noCharge)).toMatchObject({ coveredByAgreement: false, vendorBillable: 'non-billable, shown on invoice' });
    expect(entry(W.noCodeTime).coveredByAgreement).toBe(false);
    expect(entry(W.blockTime).coveredByAgreement).toBe(true);
    expect(pull.coverage.sort((a, b) => a.agreementExternalId.localeCompare(b.agreementExternalId))).toEqual([
      { agreementExternalId: '1001', clientExternalId: IDS.main, agreementType: 'Recurring Service', coveredWorkTypes: ['Remote Support'], hoursAllowance: null },
      {
        agreementExternalId: W.blockAgreement, clientExternalId: IDS.other, agreementType: 'Block Hours', coveredWorkTypes: ['Onsite Support'],
        hoursAllowance: { hours: 10, period: 'block', startDate: addDays(today, -60), endDate: addDays(today, 300) },
      },
    ]);
    const ticket = pull.tickets.find((t) => t.externalId === W.ticketBilled)!;
    expect(ticket).toMatchObject({ status: 'Complete', billingCode: 'Remote Support', slaBreached: false, reopened: null, summary: expect.stringContaining('Ticket 7001') });
  });

  it('names who did the work from the resources the entries name, read by `in` on their ids; a resource not found keeps the id form', async () => {
    const { sim, connector, entry } = await setup();
    sim.state.entities.Resources.push({ id: 29_685_007, firstName: 'Ana', lastName: 'Lima', isActive: true });
    entry(W.invoiced).resourceID = 29_685_007;
    entry(W.unbilledOld).resourceID = 29_685_042;
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));
    const worker = (id: string) => pull.timeEntries.find((e) => e.externalId === id)!.worker;

    expect([worker(W.coveredNonBillable), worker(W.invoiced), worker(W.unbilledOld)]).toEqual(['Dana Reyes', 'Ana Lima', 'resource 29685042']);
    const reads = sim.log.filter((r) => r.path.endsWith('/Resources/query')).map((r) => (r.body as { Filter: Array<{ op: string; value: number[] }> }).Filter);
    expect(reads).toHaveLength(1);
    expect(reads[0]![0]!.op).toBe('in');
    expect(new Set(reads[0]![0]!.value)).toEqual(new Set(sim.state.entities.TimeEntries.map((e) => e.resourceID)));
    expect(pull.warnings).toEqual([]);
  });

  it('keeps the resource ids and says why when the API user may not read resources; the pull still completes', async () => {
    const { connector } = await setup({ faults: { refuseOn: { path: /\/Resources\/query$/, status: 403 } } });
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expectPlantedWork(pull, IDS, TRAITS);
    expect(pull.timeEntries.find((e) => e.externalId === W.invoiced)!.worker).toMatch(/^resource \d+$/);
    expect(pull.warnings).toEqual([expect.stringMatching(/^Autotask resources \(who did the work\) could not be read \(403\): the API user lacks permission; time shows its resource id/)]);
  });

  it('keeps a malformed entry out with the field that is wrong, and maps one missing every optional field', async () => {
    const { sim, connector } = await setup();
    sim.state.entities.TimeEntries.push(
      { id: 8101, ticketID: Number(W.ticketBilled), dateWorked: addDays(today, -3), hoursWorked: -2, isNonBillable: false },
      { id: 8102, ticketID: Number(W.ticketBilled), dateWorked: addDays(today, -3), hoursWorked: 1.25, isNonBillable: true },
    );
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expect(pull.quarantined).toContainEqual({ sourceId: 'at', entity: 'TimeEntries', externalId: '8101', reason: expect.stringContaining('hoursWorked') });
    expect(pull.timeEntries.find((e) => e.externalId === '8102')).toMatchObject({
      billable: 'non-billable', agreementExternalId: null, workType: null, hours: 1.25, date: addDays(today, -3), updatedAt: null, notes: '', worker: '', invoiced: false,
    });
  });

  it('reads an entry whose billable flag is missing or null as billing unknown (never billable), and dates in either form', async () => {
    const { sim, connector } = await setup();
    sim.state.entities.TimeEntries.push(
      { id: 8103, ticketID: Number(W.ticketBilled), dateWorked: addDays(today, -40), hoursWorked: 2 },
      { id: 8104, ticketID: Number(W.ticketBilled), dateWorked: `${addDays(today, -40)}T00:00:00`, hoursWorked: 1, isNonBillable: null, lastModifiedDateTime: `${addDays(today, -39)}T08:15:00` },
    );
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expect(pull.quarantined.filter((q) => ['8103', '8104'].includes(q.externalId ?? ''))).toEqual([]);
    expect(pull.timeEntries.find((e) => e.externalId === '8103')).toMatchObject({ billable: 'unknown', vendorBillable: 'isNonBillable not stated', hours: 2, date: addDays(today, -40) });
    expect(pull.timeEntries.find((e) => e.externalId === '8104')).toMatchObject({ billable: 'unknown', date: addDays(today, -40), updatedAt: `${addDays(today, -39)}T08:15:00.000Z` });
  });

  it('reads a ticket without a status as complete only when it has a completed date, and keeps its time', async () => {
    const { sim, connector } = await setup();
    const ticket = sim.state.entities.Tickets.find((t) => t.id === Number(W.ticketBilled))!;
    const completed = ticket.completedDate;
    delete ticket.status;
    const open = sim.state.entities.Tickets.find((t) => t.id === Number(W.ticketOpen))!;
    open.status = null;
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expect(completed).toBeTruthy();
    expect(pull.tickets.find((t) => t.externalId === W.ticketBilled)).toMatchObject({ closed: true, status: '' });
    expect(pull.tickets.find((t) => t.externalId === W.ticketOpen)).toMatchObject({ closed: false, status: '' });
    expect(pull.timeEntries.find((e) => e.externalId === W.invoiced)).toMatchObject({ ticketExternalId: W.ticketBilled, clientExternalId: IDS.main });
  });

  it('reads only what changed since the last read, and re-reads entries posted since even though posting does not touch them', async () => {
    const { sim, connector } = await setup();
    const since = `${addDays(today, -2)}T00:00:00Z`;
    sim.state.entities.BillingItems.push(
      { id: 1, timeEntryID: Number(W.unbilledOld), invoiceID: null, rate: 175, postedDate: `${addDays(today, -1)}T09:00:00Z` },
      // Work of a day before the window, posted late: it stays out.
      { id: 2, timeEntryID: Number(W.outsideWindow), invoiceID: null, rate: 150, postedDate: `${addDays(today, -1)}T09:00:00Z` },
    );
    const pull = await connector.pullWork({ runDate: today }, workWindow(today, since));

    expect(pull.timeEntries.map((e) => [e.externalId, e.invoiced]).sort()).toEqual([[W.unbilledOld, true], [W.currentCycle, false]].sort());
    expect(pull.tickets.map((t) => t.externalId).sort()).toEqual([W.ticketBilled, W.ticketOpen].sort());
    const bodies = sim.log.filter((r) => /\/(TimeEntries|Tickets)\/query$/.test(r.path)).map((r) => JSON.stringify(r.body));
    expect(bodies.some((b) => b.includes('"lastModifiedDateTime"') && b.includes(since))).toBe(true);
    expect(bodies.some((b) => b.includes('"lastTrackedModificationDateTime"') && b.includes(since))).toBe(true);
  });

  it('reads the whole window\'s coverage on a read of what changed, so an untouched block stays in the work set', async () => {
    const { connector } = await setup();
    // Nothing charged to the block changed: the night still needs its allowance, or its overage would pass as recovered.
    const pull = await connector.pullWork({ runDate: today }, workWindow(today, `${addDays(today, -2)}T00:00:00Z`));
    expect(pull.timeEntries.some((e) => e.agreementExternalId === W.blockAgreement)).toBe(false);
    expect(pull.coverage.map((c) => [c.agreementExternalId, c.hoursAllowance?.hours ?? null])).toEqual(expect.arrayContaining([['1001', null], [W.blockAgreement, 10]]));
  });

  it('reads the same work through 429s and a server serving fewer rows than asked', async () => {
    const { sim, connector, sleeps } = await setup({ faults: { throttleEvery: 3, retryAfterSeconds: 4, clampPageSize: 2 } });
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expectPlantedWork(pull, IDS, TRAITS);
    const throttled = sim.log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(2);
    expect(sleeps).toEqual(Array.from({ length: throttled }, () => 4000));
    expect(sim.log.filter((r) => r.path.endsWith('/TimeEntries/query/next')).length).toBeGreaterThan(2);
  });
});

describe('Autotask "Bill it"', () => {
  it('re-reads the entry, then PATCHes it billable with the billing code asked for; the next pull sees it', async () => {
    const { connector, patches } = await setup();
    const result = await connector.billTimeEntry({ ref: { timeEntryID: Number(W.coveredNonBillable) }, expected: { billable: 'non-billable', invoiced: false }, billingCode: 'Onsite Support' });

    expect(result).toMatchObject({ billable: 'billable', effective: expect.stringContaining('approved and posted') });
    expect(patches()).toHaveLength(1);
    expect(patches()[0]!.path).toBe(`${AUTOTASK_ZONE_PATH}V1.0/TimeEntries`);
    expect(patches()[0]!.body).toEqual({ id: Number(W.coveredNonBillable), isNonBillable: false, showOnInvoice: true, billingCodeID: expect.any(Number) });
    const after = (await connector.pullWork({ runDate: today }, workWindow(today))).timeEntries.find((e) => e.externalId === W.coveredNonBillable)!;
    expect(after).toMatchObject({ billable: 'billable', workType: 'Onsite Support', coveredByAgreement: false });
  });

  it('refuses when the entry moved since the finding, writing nothing', async () => {
    const { connector, entry, patches } = await setup();
    entry(W.noCharge).showOnInvoice = false;
    const err = await connector.billTimeEntry({ ref: { timeEntryID: Number(W.noCharge) }, expected: { billable: 'no-charge', invoiced: false } }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(WriteBackConflictError);
    expect((err as Error).message).toContain('non-billable, not invoiced in the PSA, but the proposal was based on no-charge, not invoiced');
    expect(patches()).toHaveLength(0);
  });

  it('refuses time posted for billing since the finding', async () => {
    const { connector, patches } = await setup();
    const err = await connector.billTimeEntry({ ref: { timeEntryID: Number(W.postedOnly) }, expected: { billable: 'billable', invoiced: false } }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(WriteBackConflictError);
    expect(patches()).toHaveLength(0);
  });

  it('says plainly that billable time must be approved and posted in Autotask, since the API cannot post it', async () => {
    const { sim, connector, patches } = await setup();
    const err = await connector.billTimeEntry({ ref: { timeEntryID: Number(W.unbilledOld) }, expected: { billable: 'billable', invoiced: false } }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(WriteBackUnsupportedError);
    expect((err as Error).message).toMatch(/cannot approve and post time .* approve and post it in Autotask/);
    expect(patches()).toHaveLength(0);
    expect(sim.log.every((r) => r.method !== 'PATCH')).toBe(true);
  });

  it('names an unknown billing code instead of writing', async () => {
    const { connector, patches } = await setup();
    const err = await connector.billTimeEntry({ ref: { timeEntryID: Number(W.coveredNonBillable) }, expected: { billable: 'non-billable', invoiced: false }, billingCode: 'Gardening' }).catch((e: unknown) => e);

    expect((err as Error).message).toContain('no work-type billing code named "Gardening"');
    expect(patches()).toHaveLength(0);
  });
});

