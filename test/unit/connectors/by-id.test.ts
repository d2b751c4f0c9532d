import { describe, expect, it } from 'vitest';
import { readByIds } from '../../../shared/connectors/by-id';

/** A by-id filter over `existing` ids, recording each batch asked; `answer` overrides what it serves. */
function filter(existing: string[], answer?: (asked: string[]) => string[]) {
  const asked: string[][] = [];
  const read = async (batch: string[]) => {
    asked.push(batch);
    return (answer ?? ((b) => b.filter((id) => existing.includes(id))))(batch).map((id) => ({ id: Number(id) }));
  };
  return { asked, q: (ids: string[], witness: string | null, perRequest = 3) => readByIds({ vendor: 'PSA', what: 'time entries', ids, witness, perRequest, read, idOf: (r) => String(r.id) }) };
}

describe('reading records again by id', () => {
  it('asks in batches that carry the witness, and calls gone only what a batch answering others left out', async () => {
    const { asked, q } = filter(['1', '3', '5', '9']);
    const { rows, gone } = await q(['1', '2', '3', '4', '5'], '9');
    expect(asked).toEqual([['1', '2', '9'], ['3', '4', '9'], ['5', '9']]);
    expect(rows.map((r) => r.id)).toEqual([1, 3, 5]);
    expect(gone).toEqual(['2', '4']);
  });

  it('calls every record of a batch gone when only the witness answers', async () => {
    const { q } = filter(['9']);
    expect((await q(['7', '8'], '9')).gone).toEqual(['7', '8']);
  });

  it('refuses to tell deletions from an answer holding nothing asked for, or records not asked for', async () => {
    await expect(filter([]).q(['7'], '9')).rejects.toThrow(/none of them, not even one read tonight/);
    await expect(filter([]).q(['7'], null)).rejects.toThrow(/none of them, and none read tonight could be asked/);
    await expect(filter(['7'], () => ['7', '99']).q(['7'], null)).rejects.toThrow(/1 not asked for: the id filter was not applied/);
  });

  it('makes no request when nothing is to be confirmed', async () => {
    const { asked, q } = filter(['9']);
    expect(await q([], '9')).toEqual({ rows: [], gone: [] });
    expect(asked).toEqual([]);
  });
});
