import { describe, expect, it } from 'vitest';
import { decidePair, getPair, listPairs, loadPairs, recordSuggestions, type NewPair } from '../../../shared/store/matches';
import { putAll, type Table } from '../../../shared/store/table';
import { ENGINES, useDynamo } from '../../support/dynamo';

const pair = (i: number, over: Partial<NewPair> = {}): NewPair => ({
  memberKey: `ninja:${i}`,
  memberName: `Litware Acounting ${i}`,
  memberSourceId: 'ninja',
  psaKey: `cw:${i}`,
  psaName: `Litware Accounting ${i}`,
  psaSourceId: 'cw',
  score: 0.874,
  reason: "names are alike (score 0.87) after reading 'acounting' as 'accounting'",
  suggestedOn: '2026-11-01',
  ...over,
});
const pairs = Array.from({ length: 12 }, (_, i) => pair(i));
const on = (night: string, list: NewPair[]) => list.map((p) => ({ ...p, suggestedOn: night }));

/** Counts the pair items (not the night item) the table's client updates. */
function countPairWrites(table: Table): () => number {
  let n = 0;
  table.doc.middlewareStack.add(
    (next) => async (args) => {
      const key = (args.input as { Key?: { pk: string; sk: string } }).Key;
      if (key?.pk === 'MATCHES' && key.sk.startsWith('PAIR#') && (args.input as { UpdateExpression?: string }).UpdateExpression) n++;
      return next(args);
    },
    { step: 'initialize', name: 'countPairWrites' },
  );
  return () => n;
}

/** One night's step, as reconcile-night runs it. */
async function night(table: Table, runDate: string, tonight: NewPair[]): Promise<void> {
  await recordSuggestions(table, on(runDate, tonight), runDate, await loadPairs(table));
}

describe.each(ENGINES)('suggested match pairs in the table (%s)', (engine) => {
  const db = useDynamo(engine);

  it('writes no pair on a steady night, yet reads every pair as suggested that night; a dropped pair keeps its last night', async () => {
    const written = countPairWrites(db.table);
    await night(db.table, '2026-11-01', pairs);
    expect(written()).toBe(12);
    await night(db.table, '2026-11-02', pairs);
    expect(written()).toBe(12);
    expect((await listPairs(db.table)).map((p) => p.suggestedOn)).toEqual(Array(12).fill('2026-11-02'));
    expect(await getPair(db.table, 'ninja:3', 'cw:3')).toMatchObject({ suggestedOn: '2026-11-02', status: 'suggested', score: 0.874 });

    // Tonight: pair 0 has a new score, pair 11 is no longer suggested, pair 12 is new.
    await night(db.table, '2026-11-03', [pair(0, { score: 0.8 }), ...pairs.slice(1, 11), pair(12)]);
    expect(written()).toBe(12 + 3);
    const read = new Map((await listPairs(db.table)).map((p) => [p.memberKey, p]));
    expect(read.get('ninja:0')).toMatchObject({ score: 0.8, suggestedOn: '2026-11-03' });
    expect(read.get('ninja:11')?.suggestedOn).toBe('2026-11-02');
    expect(read.get('ninja:12')?.suggestedOn).toBe('2026-11-03');
    expect(read.get('ninja:5')?.suggestedOn).toBe('2026-11-03');

    // The same night again writes nothing; a decision survives the nights after it.
    await night(db.table, '2026-11-03', [pair(0, { score: 0.8 }), ...pairs.slice(1, 11), pair(12)]);
    expect(written()).toBe(15);
    expect(await decidePair(db.table, 'ninja:4', 'cw:4', 'same', 'owner@contoso-it.example', '2026-11-03T09:00:00.000Z')).toBe(true);
    await night(db.table, '2026-11-04', pairs.slice(0, 11));
    expect(await getPair(db.table, 'ninja:4', 'cw:4')).toMatchObject({ status: 'same', suggestedOn: '2026-11-04' });
    expect(await getPair(db.table, 'ninja:12', 'cw:12')).toMatchObject({ suggestedOn: '2026-11-03' });
  });
});

describe.each(ENGINES)('pairs stored before the pairs night (%s)', (engine) => {
  const db = useDynamo(engine);

  it('reads their own date, and moves them to the night on the first night after', async () => {
    await putAll(db.table, [{ pk: 'MATCHES', sk: 'PAIR#ninja:1|cw:1', ...pair(1, { suggestedOn: '2026-10-30' }), status: 'suggested' }]);
    expect(await getPair(db.table, 'ninja:1', 'cw:1')).toMatchObject({ suggestedOn: '2026-10-30' });
    await night(db.table, '2026-11-01', [pair(1)]);
    const state = await loadPairs(db.table);
    expect(state).toMatchObject({ night: '2026-11-01', pairs: [{ memberKey: 'ninja:1', suggestedOn: '2026-11-01' }] });
    expect(state.implicit.has('ninja:1|cw:1')).toBe(true);
  });
});
