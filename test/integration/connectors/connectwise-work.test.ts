import { afterEach, describe, expect, it } from 'vitest';
import { ConnectWiseSource } from '../../../shared/connectors/vendors/connectwise/config';
import { WriteBackConflictError } from '../../../shared/connectors/http/errors';
import { createConnectWiseConnector } from '../../../shared/connectors/vendors/connectwise/connector';
import type { FaultPlan } from '../../../local/simulators/harness';
import { CONNECTWISE_DEMO_ENV, connectWiseDemoSource, startConnectWiseSimulator, type CwRecord } from '../../../local/simulators/connectwise';
import { connectWiseLaborWorld } from '../../support/connectwise-labor';
import { recordingDeps } from '../../support/connector-deps';

type Sim = Awaited<ReturnType<typeof startConnectWiseSimulator>>;
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const NIGHT = { runDate: '2026-03-01' };
const WINDOW = { from: '2026-01-15', changedSince: null };

async function setup(faults?: FaultPlan, clock?: () => Date) {
  const { world, planted } = connectWiseLaborWorld();
  sim = await startConnectWiseSimulator(world, { faults, clock });
  const sleeps: number[] = [];
  const connector = createConnectWiseConnector(ConnectWiseSource.parse({ ...connectWiseDemoSource(sim.url), pageSize: 2 }), recordingDeps(CONNECTWISE_DEMO_ENV, sleeps));
  return { sim, connector, planted, sleeps };
}

const entryIn = (s: Sim, id: string): CwRecord => s.state.timeEntries.find((e) => e.id === Number(id))!;

describe('ConnectWise work pull', () => {
  it('reads the window through forward-only pages: time, open and recently closed tickets, invoices, agreement coverage', async () => {
    const { sim, connector } = await setup();
    const work = await connector.pullWork(NIGHT, WINDOW);

    expect(work.quarantined).toEqual([]);
    // 11 planted entries, one 60 days old: the server leaves it out by timeStart.
    expect(work.timeEntries).toHaveLength(10);
    expect(work.tickets.map((t) => [t.externalId, t.closed, t.billingCode])).toEqual([
      ['70008', true, null],
      ['70009', true, 'Remote Support'],
    ]);
    expect(work.invoices).toEqual([expect.objectContaining({ externalId: '70002', clientExternalId: '250', totalCents: 15_000, balanceCents: 0, laborCents: 15_000, dueDate: '2026-03-23', paidDate: null })]);
    expect(work.coverage.find((c) => c.agreementExternalId === '103')).toEqual({ agreementExternalId: '103', clientExternalId: '251', agreementType: 'Managed Services', coveredWorkTypes: null, hoursAllowance: { hours: 10, period: 'month', startDate: null, endDate: null } });
    const unbilled = work.timeEntries.find((e) => e.externalId === '70001')!;
    expect(unbilled).toMatchObject({ clientExternalId: '250', billable: 'billable', invoiced: false, hours: 2.5, rateCents: 15_000, date: '2026-02-05', workType: 'Remote Support', writeBack: { timeEntryId: 70001 } });
    const absorbed = work.timeEntries.find((e) => e.externalId === '70005')!;
    expect(absorbed).toMatchObject({ agreementExternalId: '101', billable: 'no-charge', coveredByAgreement: true, workType: 'Project Work' });
    expect(work.tickets[0]).toMatchObject({ slaBreached: false, reopened: null, closedAt: '2026-02-11T16:30:00.000Z' });

    const gets = (path: string) => sim.log.filter((r) => r.method === 'GET' && r.path.endsWith(path));
    expect(gets('/time/entries').length).toBeGreaterThan(4);
    const conditions = (path: string) => gets(path).map((r) => new URLSearchParams(r.query).get('conditions'));
    expect(new Set(conditions('/time/entries'))).toEqual(new Set(['timeStart>=[2026-01-15T00:00:00Z]']));
    expect(new Set(conditions('/service/tickets'))).toEqual(new Set(['closedFlag=false', 'closedFlag=true and closedDate>=[2026-01-15T00:00:00Z]']));
    for (const r of sim.log) expect(r.headers['pagination-type']).toBe('forward-only');
  });

  it('reads only what changed since the last read when asked', async () => {
    const { sim, connector } = await setup();
    entryIn(sim, '70001')._info = { lastUpdated: '2026-02-28T10:00:00Z' };
    const work = await connector.pullWork(NIGHT, { from: '2026-01-15', changedSince: '2026-02-27T00:00:00.000Z' });
    // 70004 is dated (and last changed) on the night itself.
    expect(work.timeEntries.map((e) => e.externalId)).toEqual(['70001', '70004']);
    expect(sim.log.find((r) => r.path.endsWith('/time/entries'))!.query).toContain(encodeURIComponent('lastUpdated>[2026-02-27T00:00:00Z]'));
  });

  it('reads the agreements once a night when the seat pull already read them', async () => {
    const { sim, connector } = await setup();
    await connector.pull(NIGHT);
    const before = sim.log.filter((r) => r.path.endsWith('/finance/agreements')).length;
    await connector.pullWork(NIGHT, WINDOW);
    expect(sim.log.filter((r) => r.path.endsWith('/finance/agreements')).length).toBe(before);
  });

  it('rides out a 429 storm with the same work read', async () => {
    const calm = await setup();
    const expected = await calm.connector.pullWork(NIGHT, WINDOW);
    await sim!.close();
    const { sim: stormy, connector, sleeps } = await setup({ throttleEvery: 2, retryAfterSeconds: 3 });
    expect(await connector.pullWork(NIGHT, WINDOW)).toEqual(expected);
    const throttled = stormy.log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(3);
    expect(sleeps).toEqual(Array(throttled).fill(3000));
  });

  it('quarantines a malformed time entry and keeps the rest', async () => {
    const { sim, connector } = await setup();
    delete entryIn(sim, '70001').actualHours;
    const work = await connector.pullWork(NIGHT, WINDOW);
    expect(work.quarantined).toEqual([expect.objectContaining({ sourceId: 'cw', entity: 'time entry', externalId: '70001' })]);
    expect(work.timeEntries).toHaveLength(9);
  });

  it('reads an entry stating no billable option as unknown, and one stating neither invoice nor status as invoicing unknown', async () => {
    const { sim, connector } = await setup();
    delete entryIn(sim, '70001').billableOption;
    delete entryIn(sim, '70005').status;
    const work = await connector.pullWork(NIGHT, WINDOW);

    expect(work.quarantined).toEqual([]);
    expect(work.timeEntries.find((e) => e.externalId === '70001')).toMatchObject({ billable: 'unknown', invoiced: false });
    expect(work.timeEntries.find((e) => e.externalId === '70005')).toMatchObject({ billable: 'no-charge', invoiced: null });
  });

  it('takes the client of an entry naming no company from what it is charged to: the company, or the ticket read', async () => {
    const { sim, connector } = await setup();
    const onTicket = sim.state.timeEntries.find((e) => e.chargeToType === 'ServiceTicket' && (e.chargeToId as number) === 70008)!;
    delete onTicket.company;
    Object.assign(entryIn(sim, '70001'), { company: undefined, chargeToType: 'Company', chargeToId: 250, ticket: undefined });
    const orphan = entryIn(sim, '70005');
    Object.assign(orphan, { company: undefined, chargeToType: 'ServiceTicket', chargeToId: 79999, ticket: undefined });
    const work = await connector.pullWork(NIGHT, WINDOW);

    expect(work.timeEntries.find((e) => e.externalId === String(onTicket.id))).toMatchObject({ clientExternalId: '250', ticketExternalId: '70008' });
    expect(work.timeEntries.find((e) => e.externalId === '70001')).toMatchObject({ clientExternalId: '250', ticketExternalId: null });
    expect(work.quarantined).toEqual([{ sourceId: 'cw', entity: 'time entry', externalId: '70005', reason: 'it names no company, and its ticket 79999 was not read, so its client is unknown' }]);
  });

  it('reads dates sent without a time or without an offset, as UTC', async () => {
    const { sim, connector } = await setup();
    Object.assign(entryIn(sim, '70001'), { timeStart: '2026-02-05T14:00:00', _info: { lastUpdated: '2026-02-06' } });
    // An evening's work stated with its offset is that day's.
    entryIn(sim, '70005').timeStart = '2026-02-05T21:30:00-05:00';
    Object.assign(sim.state.tickets.find((t) => t.id === 70008)!, { closedDate: '2026-02-11T16:30:00' });
    Object.assign(sim.state.invoices.find((i) => i.id === 70002)!, { date: '2026-02-20', dueDate: '2026-03-23T00:00:00' });
    const work = await connector.pullWork(NIGHT, WINDOW);

    expect(work.quarantined).toEqual([]);
    expect(work.timeEntries.find((e) => e.externalId === '70001')).toMatchObject({ date: '2026-02-05', updatedAt: '2026-02-06T00:00:00.000Z' });
    expect(work.timeEntries.find((e) => e.externalId === '70005')!.date).toBe('2026-02-05');
    expect(work.tickets.find((t) => t.externalId === '70008')).toMatchObject({ closedAt: '2026-02-11T16:30:00.000Z' });
    expect(work.invoices[0]).toMatchObject({ date: '2026-02-20', dueDate: '2026-03-23' });
  });

  it('reads the same work from a server serving fewer rows than asked, by its next links', async () => {
    const calm = await setup();
    const expected = await calm.connector.pullWork(NIGHT, WINDOW);
    await sim!.close();
    const { sim: clamped, connector } = await setup({ clampPageSize: 1 });
    expect(await connector.pullWork(NIGHT, WINDOW)).toEqual(expected);
    expect(clamped.log.filter((r) => r.path.endsWith('/time/entries')).length).toBeGreaterThanOrEqual(expected.timeEntries.length);
  });

  it('bills a time entry by PATCH after a re-read, and stamps it changed', async () => {
    const { sim, connector } = await setup(undefined, () => new Date('2026-03-01T09:00:00Z'));
    const result = await connector.billTimeEntry({ ref: { timeEntryId: 70005 }, expected: { billable: 'no-charge', invoiced: false } });
    expect(result.billable).toBe('billable');
    expect(entryIn(sim, '70005')).toMatchObject({ billableOption: 'Billable', _info: { lastUpdated: '2026-03-01T09:00:00Z' } });
    const patch = sim.log.find((r) => r.method === 'PATCH')!;
    expect(patch.path).toMatch(/\/time\/entries\/70005$/);
    expect(patch.body).toEqual([{ op: 'replace', path: 'billableOption', value: 'Billable' }]);
  });

  it('refuses to bill an entry invoiced since a finding that could not tell, leaving it untouched', async () => {
    const { sim, connector } = await setup();
    entryIn(sim, '70005').status = 'Billed';
    const err = await connector.billTimeEntry({ ref: { timeEntryId: 70005 }, expected: { billable: 'no-charge', invoiced: null } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteBackConflictError);
    expect((err as Error).message).toContain('no-charge, invoiced in the PSA, but the proposal was based on no-charge, invoicing unknown');
    expect(sim.log.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('refuses to bill an entry that moved since the finding, leaving it untouched', async () => {
    const { sim, connector } = await setup();
    entryIn(sim, '70005').billableOption = 'DoNotBill';
    await expect(connector.billTimeEntry({ ref: { timeEntryId: 70005 }, expected: { billable: 'no-charge', invoiced: false } })).rejects.toBeInstanceOf(WriteBackConflictError);
    expect(entryIn(sim, '70005').billableOption).toBe('DoNotBill');
    expect(sim.log.some((r) => r.method === 'PATCH')).toBe(false);
  });
});
