import { afterEach, describe, expect, it } from 'vitest';
import type { FaultPlan, RunningSimulator } from '../../../local/simulators/harness';
import { SYNCRO_BASE_PATH, SYNCRO_DEMO_ENV, startSyncroSimulator, syncroDemoSource } from '../../../local/simulators/syncro';
import { VendorRequestError, WriteBackConflictError } from '../../../shared/connectors/http/errors';
import { SyncroSource } from '../../../shared/connectors/vendors/syncro/config';
import { createSyncroConnector } from '../../../shared/connectors/vendors/syncro/connector';
import { addDays } from '../../../shared/domain/dates';
import { recordingDeps } from '../../support/connector-deps';
import { syncroWorld } from '../../support/syncro-world';
import { expectPlantedWork, workWindow } from '../../support/work-cases';
import { W, withWork } from '../../support/work-world';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const IDS = { main: '1000101', other: '1000102', agreement: '2001' };
const TRAITS = { postedOnlyInvoiced: true, slaBreached: true, balance: false, paidDate: false, noCharge: 'non-billable', invoiceLink: false } as const;

async function setup(opts: { faults?: FaultPlan } = {}) {
  const world = withWork(syncroWorld(), { main: { clientId: IDS.main, agreementId: IDS.agreement }, other: { clientId: IDS.other } });
  const sim = await startSyncroSimulator(world, { faults: opts.faults });
  running.push(sim);
  const sleeps: number[] = [];
  const connector = createSyncroConnector(SyncroSource.parse(syncroDemoSource(sim.url, 'syncro')), recordingDeps(SYNCRO_DEMO_ENV, sleeps));
  const timer = (id: string) => sim.state.timers.find((t) => t.id === Number(id))!;
  const writes = () => sim.writes.map((w) => `${w.method} ${w.path.slice(SYNCRO_BASE_PATH.length)}${w.query}`);
  const ref = (id: string) => ({ timerId: Number(id), ticketId: Number(timer(id).ticket_id), createdOn: String(timer(id).created_at).slice(0, 10) });
  return { sim, connector, sleeps, timer, writes, ref, today: world.asOf };
}

/** Enough timers in the window that their list takes several of Syncro's 25-row pages. */
function plantTimers(sim: Awaited<ReturnType<typeof setup>>['sim'], today: string, n: number): void {
  const base = sim.state.timers[0]!;
  for (let i = 0; i < n; i++) sim.state.timers.push({ ...base, id: 20_000 + i, start_time: `${addDays(today, -10)}T09:00:00.000Z`, created_at: `${addDays(today, -10)}T10:00:00.000Z` });
}

describe('Syncro work pull', () => {
  it('reads every planted case of the window through every page', async () => {
    const { sim, connector, today } = await setup();
    plantTimers(sim, today, 60);
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expectPlantedWork({ ...pull, timeEntries: pull.timeEntries.filter((e) => Number(e.externalId) < 20_000) }, IDS, TRAITS);
    expect(pull.timeEntries).toHaveLength(8 + 60);
    const timerPages = sim.log.filter((r) => r.path === `${SYNCRO_BASE_PATH}/ticket_timers`).map((r) => new URLSearchParams(r.query));
    expect(timerPages.map((q) => q.get('page'))).toEqual(['1', '2', '3']);
    expect(timerPages[0]!.get('created_at_gt')).toBe(addDays(workWindow(today).from, -1));
    const tickets = new URLSearchParams(sim.log.find((r) => r.path === `${SYNCRO_BASE_PATH}/tickets`)!.query);
    expect(tickets.get('since_updated_at')).toBe(workWindow(today).from);
  });

  it('maps Syncro specifics: hours from the timer, charged time as invoiced, contract tickets, SLA, billing status', async () => {
    const { connector, today } = await setup();
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));
    const entry = (id: string) => pull.timeEntries.find((e) => e.externalId === id)!;

    expect(entry(W.unbilledOld)).toMatchObject({ hours: 2, workType: 'Onsite Support', rateCents: null, vendorBillable: 'billable' });
    expect(entry(W.invoiced)).toMatchObject({ invoiced: true, vendorBillable: 'billable, charged' });
    expect(entry(W.coveredNonBillable)).toMatchObject({ billable: 'non-billable', coveredByAgreement: true, agreementExternalId: IDS.agreement });
    expect(pull.tickets.find((t) => t.externalId === W.ticketBilled)).toMatchObject({ status: 'Resolved', billingCode: 'Remote Support', summary: `#${W.ticketBilled} Ticket ${W.ticketBilled}` });
    expect(pull.coverage).toEqual([]);
  });

  it('names who did the work from /users, asked once; a user not listed keeps the id form', async () => {
    const { sim, connector, timer, today } = await setup();
    sim.state.users.push([7, 'Ana Lima']);
    timer(W.invoiced).user_id = 7;
    timer(W.unbilledOld).user_id = 42;
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));
    const worker = (id: string) => pull.timeEntries.find((e) => e.externalId === id)!.worker;

    expect([worker(W.coveredNonBillable), worker(W.invoiced), worker(W.unbilledOld)]).toEqual(['Dana Reyes', 'Ana Lima', 'user 42']);
    expect(sim.log.filter((r) => r.path === `${SYNCRO_BASE_PATH}/users`).map((r) => r.query)).toEqual(['']);
    expect(pull.warnings).toEqual([]);
  });

  it('keeps the user ids and says why when the token may not read users; the pull still completes', async () => {
    const { connector, today } = await setup({ faults: { refuseOn: { path: /\/users$/, status: 403 } } });
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expectPlantedWork(pull, IDS, TRAITS);
    expect(pull.timeEntries.find((e) => e.externalId === W.invoiced)!.worker).toMatch(/^user \d+$/);
    expect(pull.warnings).toEqual([expect.stringMatching(/^Syncro users \(who did the work\) could not be read \(403\): the API user lacks permission; time shows its user id/)]);
  });

  it('quarantines a running timer and a malformed one with the reason, and reads a ticket it was not given by id', async () => {
    const { sim, connector, today } = await setup();
    const day = `${addDays(today, -3)}T09:00:00.000Z`;
    sim.state.timers.push({ id: 8101, ticket_id: 7001, start_time: day, created_at: day, billable: true }, { id: 8102, ticket_id: 7001, start_time: day, created_at: day, billable: 'yes', active_duration: 60 });
    sim.state.tickets.find((t) => t.id === 7004)!.updated_at = `${addDays(today, -90)}T00:00:00.000Z`;
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expect(pull.quarantined).toEqual(
      expect.arrayContaining([
        { sourceId: 'syncro', entity: 'ticket-timer', externalId: '8101', reason: expect.stringContaining('running timer') },
        { sourceId: 'syncro', entity: 'ticket-timer', externalId: '8102', reason: expect.stringContaining('billable') },
      ]),
    );
    expect(sim.log.some((r) => r.path === `${SYNCRO_BASE_PATH}/tickets/7004`)).toBe(true);
    expect(pull.timeEntries.find((e) => e.externalId === W.blockTime)!.clientExternalId).toBe(IDS.other);
  });

  it('reads a timer without a billable or charged flag as unknown, never billable or uncharged, and times in either form', async () => {
    const { sim, connector, today } = await setup();
    const day = addDays(today, -40);
    sim.state.timers.push(
      // No billable flag, no recorded flag; times without an offset.
      { id: 8103, ticket_id: 7001, start_time: `${day}T09:00:00`, end_time: `${day}T10:30:00`, created_at: `${day}T10:30:00`, updated_at: `${day}T10:30:00` },
      // Null flags; created on a bare date.
      { id: 8104, ticket_id: 7001, start_time: `${day}T09:00:00.000-05:00`, created_at: day, billable: null, recorded: null, active_duration: 1800 },
    );
    sim.state.billedInvoices.push({ id: 9901, customer_id: Number(IDS.main), number: '9901', date: day, due_date: addDays(day, 30), total: '100.0', updated_at: `${day}T12:00:00` });
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expect(pull.quarantined.filter((q) => ['8103', '8104', '9901'].includes(q.externalId ?? ''))).toEqual([]);
    expect(pull.timeEntries.find((e) => e.externalId === '8103')).toMatchObject({ billable: 'unknown', invoiced: null, hours: 1.5, date: day, updatedAt: `${day}T10:30:00.000Z` });
    // Null states "not charged"; the calendar day is the one Syncro wrote.
    expect(pull.timeEntries.find((e) => e.externalId === '8104')).toMatchObject({ billable: 'unknown', invoiced: false, hours: 0.5, date: day, writeBack: { createdOn: day } });
    expect(pull.invoices.find((i) => i.externalId === '9901')).toMatchObject({ date: day, dueDate: addDays(day, 30), totalCents: 10_000 });
  });

  it('reads the whole window on a night asked for changes only: timers cannot be filtered by change, and their tickets come with them', async () => {
    const { sim, connector, today } = await setup();
    const since = `${addDays(today, -2)}T00:00:00Z`;
    const pull = await connector.pullWork({ runDate: today }, workWindow(today, since));

    expect(new URLSearchParams(sim.log.find((r) => r.path === `${SYNCRO_BASE_PATH}/tickets`)!.query).get('since_updated_at')).toBe(workWindow(today).from);
    // The timers' tickets come with the list: no more are read one by one than on a full read.
    const byId = (log: typeof sim.log) => log.filter((r) => /\/tickets\/\d+$/.test(r.path)).map((r) => r.path);
    const whole = await setup();
    await whole.connector.pullWork({ runDate: today }, workWindow(today));
    expect(byId(sim.log)).toEqual(byId(whole.sim.log));
    expect(pull.timeEntries).toHaveLength(8);
    expect(pull.tickets.map((t) => t.externalId)).toContain(W.ticketOpen);
    expect(pull.complete).toEqual(['timeEntries', 'tickets', 'invoices', 'coverage']);
  });

  it('reads the same work through 429s and a server serving fewer rows than asked', async () => {
    const { sim, connector, sleeps, today } = await setup({ faults: { throttleEvery: 3, retryAfterSeconds: 2, clampPageSize: 2 } });
    const pull = await connector.pullWork({ runDate: today }, workWindow(today));

    expectPlantedWork(pull, IDS, TRAITS);
    const throttled = sim.log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(2);
    expect(sleeps).toEqual(Array.from({ length: throttled }, () => 2000));
  });
});

describe('Syncro "Bill it"', () => {
  it('makes a non-billable timer billable, sets the product asked for, and charges it onto the ticket', async () => {
    const { connector, writes, ref, timer, today } = await setup();
    const result = await connector.billTimeEntry({ ref: ref(W.coveredNonBillable), expected: { billable: 'non-billable', invoiced: false }, billingCode: 'Onsite Support' });

    expect(result.effective).toContain("ticket's invoice");
    expect(writes()).toEqual([`PUT /tickets/7001/update_timer_entry`, `PATCH /ticket_timers/${W.coveredNonBillable}?billable=true`, `POST /tickets/7001/charge_timer_entry`]);
    const after = (await connector.pullWork({ runDate: today }, workWindow(today))).timeEntries.find((e) => e.externalId === W.coveredNonBillable)!;
    expect(after).toMatchObject({ billable: 'billable', invoiced: true, workType: 'Onsite Support', worker: 'Dana Reyes' });
    // update_timer_entry's user_id is the API user's by default: sent as read, the time stays its worker's.
    expect(timer(W.coveredNonBillable)).toMatchObject({ billable: true, recorded: true, user_id: 1 });
  });

  it('charges billable time that was never charged, without touching its billable flag', async () => {
    const { connector, writes, ref } = await setup();
    await connector.billTimeEntry({ ref: ref(W.unbilledOld), expected: { billable: 'billable', invoiced: false } });

    expect(writes()).toEqual([`POST /tickets/7001/charge_timer_entry`]);
  });

  it('refuses when the timer was charged since the finding, writing nothing', async () => {
    const { connector, writes, ref, timer } = await setup();
    timer(W.unbilledOld).recorded = true;
    const err = await connector.billTimeEntry({ ref: ref(W.unbilledOld), expected: { billable: 'billable', invoiced: false } }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(WriteBackConflictError);
    expect(writes()).toEqual([]);
  });

  it('names an unknown product instead of writing', async () => {
    const { connector, writes, ref } = await setup();
    const err = await connector.billTimeEntry({ ref: ref(W.coveredNonBillable), expected: { billable: 'non-billable', invoiced: false }, billingCode: 'Gardening' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VendorRequestError);
    expect((err as Error).message).toContain('no product named "Gardening"');
    expect(writes()).toEqual([]);
  });
});
