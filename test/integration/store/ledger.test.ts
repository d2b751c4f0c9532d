import { describe, expect, it } from 'vitest';
import { costSoFar, mergeLedger } from '../../../shared/domain/ledger';
import type { Finding } from '../../../shared/domain/model';
import type { RunScope } from '../../../shared/domain/reconcile';
import { loadLedgerState, putLedgerNight, saveLedgerEntries } from '../../../shared/store/ledger';
import { putAll, type Table } from '../../../shared/store/table';
import { ENGINES, useDynamo } from '../../support/dynamo';
import { entry } from '../../support/mail-models';

const ALL: RunScope = { freshSources: ['cw', 'ninja', 'pax8'], freshRoles: ['psa', 'rmm', 'marketplace'] };
/** A night's finding: the fixture entry without the ledger's own fields. */
function finding(over: Partial<Finding> = {}): Finding {
  const { status: _s, firstSeen: _f, lastSeen: _l, accruedCents: _a, accruedThrough: _t, resolvedOn: _r, recoveredCents: _c, proposalId: _p, ...f } = entry(over);
  return f;
}
const findings = Array.from({ length: 30 }, (_, i) => finding({ clientKey: `cw:${i}` }));

/** Counts the ledger entries (not the night marker) the table's client puts. */
function countEntryWrites(table: Table): () => number {
  let n = 0;
  table.doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Item?: Record<string, unknown>; RequestItems?: Record<string, Array<{ PutRequest?: { Item: Record<string, unknown> } }>> };
      const items = input.Item ? [input.Item] : Object.values(input.RequestItems ?? {}).flatMap((reqs) => reqs.map((r) => r.PutRequest?.Item));
      n += items.filter((i) => i?.pk === 'FINDINGS' && i.sk !== '#NIGHT').length;
      return next(args);
    },
    { step: 'initialize', name: 'countLedgerWrites' },
  );
  return () => n;
}

/** One reconcile's ledger step, as reconcile-night runs it. */
async function night(table: Table, runDate: string, tonight: Finding[]): Promise<void> {
  const previous = await loadLedgerState(table);
  const merged = mergeLedger(previous.entries, tonight, runDate, ALL, previous.night);
  await saveLedgerEntries(table, merged.changed, merged.night);
  if (merged.night !== previous.night) await putLedgerNight(table, merged.night);
}

describe.each(ENGINES)('the findings ledger in the table (%s)', (engine) => {
  const db = useDynamo(engine);

  it('writes no entry on a steady night, and reads each back as seen that night with its cost so far', async () => {
    const written = countEntryWrites(db.table);
    await night(db.table, '2026-11-01', findings);
    expect(written()).toBe(30);
    await night(db.table, '2026-11-02', findings);
    expect(written()).toBe(30);
    const { entries } = await loadLedgerState(db.table);
    expect(entries).toHaveLength(30);
    expect(entries.every((e) => e.lastSeen === '2026-11-02' && costSoFar(e) === Math.round(22_500 / (365.25 / 12)))).toBe(true);
    await night(db.table, '2026-11-03', [{ ...findings[0]!, observed: 48, delta: 6, monthlyImpactCents: 27_000 }, ...findings.slice(1)]);
    expect(written()).toBe(31);
  });
});

describe.each(ENGINES)('a ledger stored before accruals were derived (%s)', (engine) => {
  const db = useDynamo(engine);

  it('reads entries stored before accruals were derived at the cost they had, and carries it on', async () => {
    const { accruedCents: _derived, ...legacy } = entry({ clientKey: 'cw:9', lastSeen: '2026-11-20', accruedThrough: '2026-11-20' });
    await putAll(db.table, [{ pk: 'FINDINGS', sk: 'cw:9#managed-workstation', ...legacy, accumulatedCents: 41_000 }]);
    const [read] = (await loadLedgerState(db.table)).entries;
    expect(costSoFar(read!)).toBe(41_000);
    await night(db.table, '2026-11-21', [finding({ clientKey: 'cw:9' })]);
    const [next] = (await loadLedgerState(db.table)).entries;
    expect(next).toMatchObject({ lastSeen: '2026-11-21', firstSeen: legacy.firstSeen });
    expect(costSoFar(next!)).toBe(41_000 + Math.round(22_500 / (365.25 / 12)));
  });
});
