import { describe, expect, it } from 'vitest';
import { AUTOTASK_MAX_IN_VALUES, inBatchSize } from '../../../shared/connectors/http/paging/autotask-query';

const repeat = (pattern: number[], n: number) => Array.from({ length: n }, (_, i) => pattern[i % pattern.length]!);
const pagesFor = (records: number, pageSize = 500) => Math.max(1, Math.ceil(records / pageSize));

describe('inBatchSize', () => {
  it('keeps the full 500 values when every value has exactly one record', () => {
    expect(inBatchSize(repeat([1], 500), 500)).toBe(AUTOTASK_MAX_IN_VALUES);
  });

  it('keeps the full 500 values when the records are few or none', () => {
    expect(inBatchSize(repeat([0, 1], 500), 500)).toBe(AUTOTASK_MAX_IN_VALUES);
    expect(inBatchSize(repeat([0], 500), 500)).toBe(AUTOTASK_MAX_IN_VALUES);
  });

  it('cuts batches so their records fill one page rather than spill just past it', () => {
    // 1.6 records a value: 500 values would be 800 records, two pages for 500 values; the cut
    // batch stays in one page with room for the spread, and reads more values per page.
    const perValue = repeat([1, 2, 2, 1, 2], 500);
    const size = inBatchSize(perValue, 500);
    const records = size * 1.6;
    expect(records).toBeLessThanOrEqual(500);
    expect(size / pagesFor(records)).toBeGreaterThan(AUTOTASK_MAX_IN_VALUES / pagesFor(500 * 1.6));
  });

  it('reads the books of this spread at no more than 5% over the fewest pages', () => {
    const perValue = repeat([1, 2, 2, 1, 2], 500);
    const size = inBatchSize(perValue, 500);
    const values = 12_000;
    const pages = Math.ceil(values / size) * pagesFor(size * 1.6);
    expect(pages / Math.ceil((values * 1.6) / 500)).toBeLessThanOrEqual(1.05);
  });

  it('leaves room for the spread of records over values', () => {
    // Two records a value on average either way. Evenly spread, batches read 250 values a page;
    // drawn at random from 0 to 4, runs of values differ, so batches are cut to leave room.
    let seed = 7;
    const random = Array.from({ length: 500 }, () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % 5));
    const busiest = (size: number, spread: number[]) => Math.max(...spread.map((_, i) => spread.slice(i, i + size).reduce((a, b) => a + b, 0)));
    const perPage = (size: number, spread: number[]) => size / pagesFor(busiest(size, spread));
    const even = inBatchSize(repeat([2], 500), 500);
    expect(perPage(even, repeat([2], 500))).toBe(250);
    const cut = inBatchSize(random, 500);
    expect(perPage(cut, random)).toBeLessThan(250);
    expect(perPage(cut, random)).toBeGreaterThan(200);
  });
});
