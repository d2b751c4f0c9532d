import { describe, expect, it } from 'vitest';
import { formatMrrMonth, mrrCsv } from '../../../local/cli/mrr-report';
import { mrrMonth, type ClientMrr, type MrrNight } from '../../../shared/domain/revenue';

const row = (clientKey: string, clientName: string, cents: number): ClientMrr => ({ clientKey, clientName, cents, services: [{ service: 'Managed Workstation', cents, quantity: cents / 5_000 }], seats: 10, devices: 5 });
const night = (runDate: string, clients: ClientMrr[]): MrrNight => ({
  runDate,
  clients,
  margins: [{ product: 'M365 Business Premium', revenueCents: 22_000, costCents: 18_000, billedUnits: 10, boughtSeats: 10, clients: 1, clientsWithoutCost: 1 }],
  notes: [],
});
const result = mrrMonth([night('2026-10-31', [row('cw:1', 'Northwind', 50_000), row('cw:2', 'Contoso, "Dental"', 20_000)]), night('2026-11-30', [row('cw:1', 'Northwind', 60_000)])], '2026-11');
if (!result.ok) throw new Error(result.reason);
const month = result.month;

describe('trueup report mrr', () => {
  it('prints the movements, retention and margin a person reads', () => {
    const text = formatMrrMonth(month, 'USD');
    expect(text).toContain('Starting MRR   $700');
    expect(text).toContain('Ending MRR     $600  (net new \u2212$100)');
    expect(text).toMatch(/Expansion\s+\+\$100/);
    expect(text).toMatch(/Churned\s+\u2212\$200/);
    expect(text).toContain('Month:               NRR 85.7%, GRR 71.4%');
    expect(text).toContain('Trailing 12 months:  twelve months of history are needed');
    expect(text).toContain('M365 Business Premium: billed $220, cost $180, margin $40 (18.2%); 10 billed, 10 bought; 1 client left out, no partner cost stated');
  });

  it('exports one CSV table, quoting what needs quoting', () => {
    const lines = mrrCsv(month).trimEnd().split('\n');
    expect(lines[0]).toBe('section,name,key,value,detail');
    expect(lines).toContain('summary,starting_mrr,2026-11,700.00,2026-10-31');
    expect(lines).toContain('summary,nrr_trailing_12_percent,2026-11,,twelve months of history are needed; the first night stored is 2026-10-31');
    expect(lines).toContain('movement,"Contoso, ""Dental""",cw:2,-200.00,churned: 200.00 to 0.00');
    expect(lines).toContain('service,Managed Workstation,,600.00,12 units');
  });
});
