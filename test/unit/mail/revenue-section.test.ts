import { describe, expect, it } from 'vitest';
import { mrrMonth, type ClientMrr, type MrrNight } from '../../../shared/domain/revenue';
import { revenueSection, revenueSectionHtml, revenueSectionText } from '../../../shared/mail/revenue-section';
import { html as tag } from '../../../shared/mail/escape';

const row = (clientKey: string, cents: number): ClientMrr => ({ clientKey, clientName: clientKey, cents, services: [], seats: 10, devices: 4 });
const night = (runDate: string, clients: ClientMrr[]): MrrNight => ({
  runDate,
  clients,
  margins: [{ product: 'M365 Business Premium', revenueCents: 22_000, costCents: 19_800, billedUnits: 10, boughtSeats: 10, clients: 1, clientsWithoutCost: 0 }],
  notes: [],
});
const october = { month: '2026-10', result: mrrMonth([night('2026-09-30', [row('a', 50_000), row('b', 20_000)]), night('2026-10-31', [row('a', 60_000), row('c', 5_000)])], '2026-10') };

describe("the digest's last-month revenue section", () => {
  const section = revenueSection(october, 'USD');

  it('charts the movements and states retention, per-seat revenue and margin', () => {
    expect(section.title).toBe("Last month's revenue: October 2026");
    expect(section.summary).toBe('Recurring revenue $650/month on Sat 31 Oct 2026, \u2212$50 since Wed 30 Sept 2026.');
    expect(section.chart!.bars.map((b) => [b.label, b.display])).toEqual([
      ['Starting', '$700'],
      ['New', '+$50'],
      ['Expansion', '+$100'],
      ['Contraction', '$0'],
      ['Churned', '\u2212$200'],
      ['Ending', '$650'],
    ]);
    expect(section.kpis.map((k) => k.value)).toEqual(['$650', '85.7%', '71.4%']);
    expect(section.rows).toContainEqual(['Revenue per seat', '$32.50']);
    expect(section.rows).toContainEqual(['Licence margin, M365 Business Premium', '$22 (10.0%) on $220 billed']);
  });

  it('draws the same figures in HTML and text', () => {
    const text = revenueSectionText(section);
    const html = tag`${revenueSectionHtml(section)}`.toString();
    for (const figure of ['$650', '85.7%', '\u2212$200', '$32.50', '10.0%']) {
      expect(text).toContain(figure);
      expect(html).toContain(figure);
    }
  });

  it('says why when the month has no figures, rather than printing zeros', () => {
    const empty = revenueSection({ month: '2026-10', result: mrrMonth([], '2026-10') }, 'USD');
    expect(empty.summary).toMatch(/^No revenue figures for October 2026: no night stored in 2026-10/);
    expect(empty.chart).toBeNull();
  });
});
