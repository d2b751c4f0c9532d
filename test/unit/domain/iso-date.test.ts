import { describe, expect, it } from 'vitest';
import { Agreement, IsoDate } from '../../../shared/domain/model';

describe('a date as YYYY-MM-DD', () => {
  it('is a real calendar date, leap years included', () => {
    for (const ok of ['2026-12-31', '2024-02-29', '2000-02-29', '1900-01-01']) expect(IsoDate.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['2026-13-01', '2026-00-10', '2026-04-31', '2026-02-29', '1900-02-29', '2026-1-01', '2026-01-01T00:00:00Z'])
      expect(IsoDate.safeParse(bad).success, bad).toBe(false);
  });

  it('refuses a vendor record carrying an impossible date, naming the field, instead of counting it', () => {
    const parsed = Agreement.safeParse({ externalId: '1', clientExternalId: '2', name: 'MSA', status: 'active', endDate: '2027-02-30' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['endDate'], message: 'expected a calendar date as YYYY-MM-DD' });
  });
});
