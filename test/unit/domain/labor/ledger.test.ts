import { describe, expect, it } from 'vitest';
import { mergeLaborLedger, type LaborLedgerEntry, type LaborScope } from '../../../../shared/domain/labor/ledger';
import type { LaborFinding } from '../../../../shared/domain/labor/model';

const finding = (id: string, over: Partial<LaborFinding> = {}): LaborFinding => ({
  key: `out-of-scope:cw:${id}`,
  kind: 'out-of-scope',
  sourceId: 'cw',
  clientKey: 'cw:250',
  clientName: 'Northwind',
  subject: { type: 'entry', externalId: id, label: `time entry ${id}` },
  hours: 2,
  amountCents: 30_000,
  date: '2026-02-10',
  why: 'test',
  entries: [{ externalId: id, date: '2026-02-10', hours: 2, workType: 'Project', worker: '', billable: 'no-charge', invoiced: false, rateCents: 15_000, rateBasis: 'entry', amountCents: 30_000, writeBack: { timeEntryId: Number(id) } }],
  ...over,
});
const scope = { freshSources: new Set(['cw']), windowFrom: new Map([['cw', '2026-01-25']]) };
const night = (prev: LaborLedgerEntry[], findings: LaborFinding[], runDate: string, s: LaborScope = scope) => mergeLaborLedger(prev, findings, runDate, s);

describe('the labor ledger', () => {
  it('opens a new finding and keeps its first night while it is seen', () => {
    const first = night([], [finding('1')], '2026-03-10').entries;
    expect(first[0]).toMatchObject({ status: 'open', firstSeen: '2026-03-10', lastSeen: '2026-03-10' });
    const second = night(first, [finding('1')], '2026-03-11');
    expect(second.entries[0]).toMatchObject({ status: 'open', firstSeen: '2026-03-10', lastSeen: '2026-03-11' });
  });

  it('resolves an open finding no longer found, recovering its amount', () => {
    const [open] = night([], [finding('1')], '2026-03-10').entries;
    expect(night([open!], [], '2026-03-11').entries[0]).toMatchObject({ status: 'resolved', resolvedOn: '2026-03-11', recoveredCents: 30_000 });
  });

  it('closes as deleted, recovering nothing, a finding whose time entry or ticket the PSA no longer has', () => {
    const ticket = finding('9', { key: 'closed-unbilled:cw:700', kind: 'closed-unbilled', subject: { type: 'ticket', externalId: '700', label: 'ticket 700' } });
    const open = night([], [finding('1'), ticket, finding('2')], '2026-03-10').entries;
    const deleted = new Map([['cw', { timeEntries: ['1'], tickets: ['700'] }]]);
    const after = night(open, [], '2026-03-11', { ...scope, deleted }).entries;
    expect(after.map((e) => [e.key, e.status, e.recoveredCents])).toEqual([
      ['out-of-scope:cw:1', 'deleted', 0],
      ['closed-unbilled:cw:700', 'deleted', 0],
      // Its entry and ticket are still in the PSA: fixed there, so recovered.
      ['out-of-scope:cw:2', 'resolved', 30_000],
    ]);
    // A ticket id is not a time entry id: entry 700 deleted says nothing of ticket 700.
    expect(night(open, [], '2026-03-11', { ...scope, deleted: new Map([['cw', { timeEntries: ['700'], tickets: [] }]]) }).entries[1]).toMatchObject({ status: 'resolved' });
  });

  it('ages out a finding that left the window unbilled, recovering nothing', () => {
    const [open] = night([], [finding('1', { date: '2026-01-20' })], '2026-03-05').entries;
    expect(night([open!], [], '2026-03-11').entries[0]).toMatchObject({ status: 'aged-out', recoveredCents: 0 });
  });

  it('resolves nothing from a source whose work was not read fresh', () => {
    const [open] = night([], [finding('1')], '2026-03-10').entries;
    expect(night([open!], [], '2026-03-11', { ...scope, freshSources: new Set() }).entries[0]).toEqual(open);
  });

  it('keeps a covered finding covered when it is found again', () => {
    const [open] = night([], [finding('1')], '2026-03-10').entries;
    const covered = { ...open!, status: 'covered' as const, decision: { action: 'covered' as const, by: 'fin@msp.example', at: '2026-03-10T12:00:00.000Z', reason: 'goodwill' } };
    expect(night([covered], [finding('1')], '2026-03-11').entries[0]).toMatchObject({ status: 'covered', decision: { reason: 'goodwill' } });
  });

  it('reads time billed by "Bill it" and now awaiting its invoice as billed, not a new gap', () => {
    const [open] = night([], [finding('1')], '2026-03-10').entries;
    const billed = { ...open!, status: 'billed' as const, decision: { action: 'bill' as const, by: 'fin@msp.example', at: '2026-03-10T12:00:00.000Z' } };
    const next = night([billed], [finding('1', { key: 'unbilled-time:cw:1', kind: 'unbilled-time' })], '2026-03-11').entries;
    expect(next.map((e) => [e.key, e.status])).toEqual([
      ['unbilled-time:cw:1', 'billed'],
      ['out-of-scope:cw:1', 'resolved'],
    ]);
    // Its invoice then resolves the follow-on finding, without counting the same time recovered twice.
    expect(night(next, [], '2026-03-12').entries.reduce((n, e) => n + e.recoveredCents, 0)).toBe(30_000);
  });

  it('changes nothing when the same night is merged twice', () => {
    const once = night([], [finding('1')], '2026-03-10');
    expect(night(once.entries, [finding('1')], '2026-03-10').changed).toEqual([]);
  });
});
