import { describe, expect, it } from 'vitest';
import type { LaborLedgerEntry } from '../../../shared/domain/labor/ledger';
import { laborDigestSection } from '../../../shared/mail/labor-section';
import { renderDigest } from '../../../shared/mail/render-digest';
import { digestModel } from '../../support/mail-models';

const entry = (key: string, over: Partial<LaborLedgerEntry>): LaborLedgerEntry => ({
  key,
  kind: 'unbilled-time',
  sourceId: 'cw',
  clientKey: 'cw:250',
  clientName: 'Northwind',
  subject: { type: 'entry', externalId: key, label: key },
  hours: 2,
  amountCents: 20_000,
  date: '2026-02-10',
  why: '',
  entries: [],
  status: 'open',
  firstSeen: '2026-03-02',
  lastSeen: '2026-03-16',
  resolvedOn: null,
  recoveredCents: 0,
  decision: null,
  ...over,
});
const night = { effectiveRates: [], stale: [] };

describe('the Labor leakage digest section', () => {
  const ledger = [
    entry('old-open', {}),
    entry('new-open', { firstSeen: '2026-03-12', kind: 'out-of-scope', clientKey: 'cw:251', clientName: 'Contoso', amountCents: 50_000, hours: 4 }),
    entry('unpriced', { firstSeen: '2026-03-12', amountCents: null, hours: 1.5 }),
    entry('recovered', { status: 'resolved', resolvedOn: '2026-03-13', recoveredCents: 30_000 }),
    entry('recovered-long-ago', { status: 'resolved', resolvedOn: '2026-03-01', firstSeen: '2026-02-20', recoveredCents: 9_000 }),
    entry('covered-this-week', { status: 'covered', decision: { action: 'covered', by: 'f@x', at: '2026-03-11T10:00:00.000Z', reason: 'goodwill' } }),
  ];

  it('sums open $ and hours by kind, apart from unpriced hours, with the week over week change and what was recovered', () => {
    const s = laborDigestSection(ledger, '2026-03-16', night)!;
    expect(s.open).toEqual({ count: 3, hours: 7.5, cents: 70_000, unpricedHours: 1.5 });
    expect(s.byKind.find((k) => k.kind === 'out-of-scope')).toMatchObject({ count: 1, cents: 50_000 });
    // A week ago: old-open, recovered (resolved since) and covered-this-week (decided since) were open.
    expect(s.weekAgo).toEqual({ count: 3, cents: 60_000 });
    expect(s.newThisWeek).toEqual({ count: 2, cents: 50_000 });
    expect(s.recoveredThisWeek).toEqual({ count: 1, cents: 30_000 });
    expect(s.topClients.map((c) => c.clientName)).toEqual(['Contoso', 'Northwind']);
  });

  it('makes no week over week claim before Trueup had judged labor a week earlier', () => {
    expect(laborDigestSection([entry('n', { firstSeen: '2026-03-15' })], '2026-03-16', night)!.weekAgo).toBeNull();
  });

  it('is absent when there is nothing to say', () => {
    expect(laborDigestSection([], '2026-03-16', night)).toBeNull();
  });

  it('shows in the owner digest, the same figures in HTML and text, escaped', () => {
    const labor = laborDigestSection([...ledger, entry('x', { clientKey: 'cw:666', clientName: '<Evil & Co>', firstSeen: '2026-03-15' })], '2026-03-16', { effectiveRates: [{ clientKey: 'cw:250', clientName: 'Northwind', hoursWorked: 10, billedCents: 90_000, effectiveRateCents: 9_000, trendCents: -1_000 }], stale: [] })!;
    const email = renderDigest(digestModel({ labor }));
    expect(email.text).toContain('Labor leakage');
    expect(email.text).toContain('$900 of work done and not billed, 9.5 h (1.5 h of it without a rate, not in the amount), in 4 findings; +$300 on last week');
    expect(email.text).toContain('Northwind: $90/h over 10 h worked (\u2212$10/h on the cycle before)');
    expect(email.html).toContain('Labor leakage');
    expect(email.html).toContain('&lt;Evil &amp; Co&gt;');
    expect(email.html).not.toContain('<Evil');
    // Without labor the digest has no such section.
    expect(renderDigest(digestModel({})).text).not.toContain('Labor leakage');
  });
});
