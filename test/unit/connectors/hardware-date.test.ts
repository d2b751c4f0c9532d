import { describe, expect, it } from 'vitest';
import { hardwareDate } from '../../../shared/connectors/epoch';

describe('hardware dates from the RMMs', () => {
  it('reads epoch seconds, epoch milliseconds, dates and date-times as the calendar date', () => {
    expect(hardwareDate(1_648_684_800)).toBe('2022-03-31');
    expect(hardwareDate(1_648_684_800_000)).toBe('2022-03-31');
    expect(hardwareDate('2022-03-31')).toBe('2022-03-31');
    expect(hardwareDate('2022-03-31T00:00:00')).toBe('2022-03-31');
  });
  it('drops what is absent, unreadable, impossible or a placeholder rather than guess', () => {
    for (const v of [null, undefined, '', 'soon', '2022-02-30', '0001-01-01T00:00:00', '1899-12-30', 0]) expect(hardwareDate(v)).toBeNull();
  });
});
