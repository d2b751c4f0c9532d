import { describe, expect, it } from 'vitest';
import { buildQbrPack, qbrClients, quarterOf } from '../../../shared/domain/qbr';
import { longDate } from '../../../shared/mail/format';
import { QBR_STYLE, renderQbrPage } from '../../../shared/mail/render-qbr';
import { matchClients } from '../../../shared/domain/matching';
import type { Snapshot } from '../../../shared/domain/model';
import { qbrClient, qbrPack } from '../../support/qbr';
import { agreement, client, device, fresh, RUN_DATE, ticket } from '../../support/snapshots';

const NONE = { health: null, healthTrend: [], anniversaryForEvergreen: false };

describe('the QBR pack from planted data', () => {
  it('takes the calendar quarter to the run date', () => {
    expect(quarterOf('2026-11-23')).toEqual({ label: 'Q4 2026', from: '2026-10-01', to: '2026-11-23' });
    expect(quarterOf('2027-02-05')).toEqual({ label: 'Q1 2027', from: '2027-01-01', to: '2027-02-05' });
  });

  it('counts seats billed against used, devices by class and by time managed, and the quarter\u2019s tickets', () => {
    const pack = buildQbrPack(qbrClient(), NONE);
    expect(pack.seats).toEqual([
      { product: 'Managed Workstation', billed: 3, used: 4 },
      { product: 'M365 Business Premium', billed: 10, used: 10 },
    ]);
    expect(pack.devices).toEqual({
      total: 4,
      byClass: [
        { deviceClass: 'WINDOWS_WORKSTATION', count: 3 },
        { deviceClass: 'WINDOWS_SERVER', count: 1 },
      ],
      byAge: [
        { bucket: 'under-1y', count: 1 },
        { bucket: '1-3y', count: 1 },
        { bucket: '3y-plus', count: 1 },
        { bucket: 'unknown', count: 1 },
      ],
    });
    // t4 was opened and closed before 1 October; t3 opened 40 days ago (14 October) and closed in the quarter.
    expect(pack.tickets).toEqual({ opened: 3, closed: 2, open: 1, slaBreached: 1, reopened: 1 });
  });

  it('takes MRR from active agreements and the renewal from the nearest end', () => {
    const pack = buildQbrPack(qbrClient(), NONE);
    expect(pack.mrrCents).toBe(3 * 4500 + 10_000);
    expect(pack.renewal).toEqual({ agreementName: 'Northwind Managed Services', endDate: '2027-03-08', daysLeft: 105 });
  });

  it('says the tickets were not read rather than showing none, and leaves margin and opportunities out until given', () => {
    const pack = buildQbrPack(qbrClient({ tickets: null }), NONE);
    expect(pack.tickets).toBeNull();
    expect('marginCents' in pack).toBe(false);
    expect('opportunities' in pack).toBe(false);
    const page = renderQbrPage(pack, { mspName: 'Contoso', currency: 'USD' });
    expect(page).toContain('Not available: the PSA\u2019s tickets were not read.');
    expect(page).toContain('Not looked for in this pack.');
    expect(page).not.toContain('Margin');
  });

  it('carries the night\u2019s margin and opportunities when given, none found included', () => {
    const offer = { kind: 'aging-hardware', title: 'aging hardware', detail: '3 devices past 5 years', monthlyCents: 4_500 };
    const pack = buildQbrPack(qbrClient(), { ...NONE, marginCents: 12_300, opportunities: [offer] });
    expect(pack.marginCents).toBe(12_300);
    expect(pack.opportunities).toEqual([offer]);
    const none = buildQbrPack(qbrClient(), { ...NONE, marginCents: null, opportunities: [] });
    expect(none.opportunities).toEqual([]);
    expect(renderQbrPage(none, { mspName: 'Contoso', currency: 'USD' })).not.toContain('Not looked for in this pack.');
  });

  it('gives each matched client its own records from the night', () => {
    const psa = (fresh({ sourceId: 'cw', kind: 'connectwise', role: 'psa', clients: [client('1', 'Alpha'), client('2', 'Beta')], agreements: [agreement('A1', '1', []), agreement('A2', '2', [])], work: { tickets: [ticket('t1', '2', 1)], invoices: [], timeEntries: [], coverage: [] } }) as { snapshot: Snapshot }).snapshot;
    const rmm = (fresh({ sourceId: 'ninja', kind: 'ninjaone', role: 'rmm', clients: [client('9', 'Alpha')], devices: [device('d1', '9'), device('d2', '9')] }) as { snapshot: Snapshot }).snapshot;
    const groups = matchClients([psa, rmm], { overrides: [], ignore: [] }).groups;
    const out = qbrClients(RUN_DATE, groups, [psa, rmm], [{ clientKey: 'cw:1', product: 'X', billed: 1, observed: 2 }]);
    const alpha = out.find((c) => c.clientKey === 'cw:1')!;
    const beta = out.find((c) => c.clientKey === 'cw:2')!;
    expect([alpha.devices.length, alpha.tickets!.length, alpha.usage.length, alpha.agreements[0]!.externalId]).toEqual([2, 0, 1, 'A1']);
    expect([beta.devices.length, beta.tickets!.length, beta.usage.length]).toEqual([0, 1, 0]);
  });
});

describe('the printable QBR page', () => {
  it('shows health with its drivers, the renewal, MRR, margin and opportunities when given', () => {
    const pack = qbrPack({ marginCents: 4_200, opportunities: [{ kind: 'missing-edr', title: '3 devices without EDR', detail: 'd1, d2, d3', monthlyCents: 1_500 }] });
    const page = renderQbrPage(pack, { mspName: 'Contoso Managed IT', currency: 'USD' });
    expect(page).toContain('<h1>Northwind Traders</h1>');
    expect(page).toContain('Quarterly business review, Q4 2026');
    expect(page).toContain('Health and its drivers');
    expect(page).toContain('SLA breaches');
    expect(page).toContain('Overdue invoices');
    expect(page).toContain(`ends on <strong>${longDate('2027-03-08')}</strong>`);
    expect(page).toContain('$42/month');
    expect(page).toContain('3 devices without EDR ($15/month): d1, d2, d3');
    expect(page).toContain('<td>Windows workstation</td>');
  });

  it('is print-ready and uses no inline style the page\u2019s policy would block', () => {
    const page = renderQbrPage(qbrPack(), { mspName: 'Contoso', currency: 'USD' });
    expect(QBR_STYLE).toMatch(/@media print/);
    expect(QBR_STYLE).toMatch(/@page/);
    expect(page).not.toMatch(/ style="/);
    expect(page).not.toMatch(/<script/);
  });

  it('escapes what the vendors send', () => {
    const page = renderQbrPage(qbrPack({ clientName: '<script>alert(1)</script>' }), { mspName: 'Contoso', currency: 'USD' });
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;');
  });
});
