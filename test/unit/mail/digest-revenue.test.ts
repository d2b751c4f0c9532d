import { describe, expect, it } from 'vitest';
import { mrrMonth, type ClientMrr, type MrrNight } from '../../../shared/domain/revenue';
import { revenueSection } from '../../../shared/mail/digest/sections-revenue';
import { renderDigest } from '../../../shared/mail/render-digest';
import { digestModel } from '../../support/mail-models';

const row = (clientKey: string, cents: number): ClientMrr => ({ clientKey, clientName: clientKey, cents, services: [], seats: 10, devices: 4 });
const night = (runDate: string, clients: ClientMrr[]): MrrNight => ({
  runDate,
  clients,
  margins: [{ product: 'M365 Business Premium', revenueCents: 22_000, costCents: 19_800, billedUnits: 10, boughtSeats: 10, clients: 1, clientsWithoutCost: 0 }],
  notes: [],
});
const october = { month: '2026-10', result: mrrMonth([night('2026-09-30', [row('a', 50_000), row('b', 20_000)]), night('2026-10-31', [row('a', 60_000), row('c', 5_000)])], '2026-10') };

describe("the digest's last-month revenue section", () => {
  it('charts the movements and states retention, per-seat revenue and margin', () => {
    const section = revenueSection(october, 'USD');
    expect(section.title).toBe("Last month's revenue: October 2026");
    const chart = section.blocks.find((b) => b.kind === 'chart');
    expect(chart?.kind === 'chart' && chart.bars.map((b) => [b.label, b.display])).toEqual([
      ['Starting', '$700'],
      ['New', '+$50'],
      ['Expansion', '+$100'],
      ['Contraction', '$0'],
      ['Churned', '\u2212$200'],
      ['Ending', '$650'],
    ]);
    const headline = section.blocks.find((b) => b.kind === 'headline');
    expect(headline?.kind === 'headline' && headline.kpis.map((k) => k.value)).toEqual(['$650', '85.7%', '71.4%']);
    const table = section.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.map((r) => r.line)).toEqual([
      'Trailing twelve months: not known: twelve months of history are needed; the first night stored is 2026-09-30',
      'Revenue per seat: $32.50',
      'Revenue per device: $81.25',
      'Licence margin, M365 Business Premium: $22 (10.0%) on $220 billed',
    ]);
  });

  it("is in both parts of the month's first digest, and in no other", () => {
    const first = renderDigest(digestModel({ revenue: october }));
    for (const figure of ["Last month's revenue: October 2026", '85.7%', '\u2212$200', '$32.50', '10.0%']) {
      expect(first.text).toContain(figure);
      expect(first.html).toContain(figure.replace("'", '&#39;'));
    }
    expect(renderDigest(digestModel()).text).not.toContain("Last month's revenue");
  });

  it('says why when the month has no figures, rather than printing zeros', () => {
    const empty = revenueSection({ month: '2026-10', result: mrrMonth([], '2026-10') }, 'USD');
    expect(empty.blocks).toEqual([{ kind: 'paragraph', muted: true, content: 'No revenue figures for October 2026: no night stored in 2026-10: MRR is recorded by each nightly run.' }]);
  });
});
