import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../../shared/domain/reconcile';
import type { SourceStatus } from '../../../shared/domain/model';
import { RECIPES, RUN_DATE, agreement, client, device, fresh, subscription } from '../../support/snapshots';

const psa = (agreements = [agreement('A1', '250', [{ id: 'L1', product: 'Managed Workstation', quantity: 10 }])]) =>
  fresh({ sourceId: 'cw', kind: 'connectwise', role: 'psa', clients: [client('250', 'Northwind Traders, Inc.')], agreements });
const rmm = (devices = Array.from({ length: 13 }, (_, i) => device(`d${i}`, '7'))) =>
  fresh({ sourceId: 'ninja', kind: 'ninjaone', role: 'rmm', clients: [client('7', 'NORTHWIND TRADERS')], devices });
const pax8 = (subs = [subscription('s1', 'p1', 'Microsoft 365 Business Premium', 12)]) =>
  fresh({ sourceId: 'pax8', kind: 'pax8', role: 'marketplace', clients: [client('p1', 'Northwind Traders Inc')], subscriptions: subs });

const run = (sources: SourceStatus[]) => reconcile({ runDate: RUN_DATE, sources, recipes: RECIPES, matching: { overrides: [], ignore: [] }, decisions: [], toleranceUnits: 0, timeZone: 'UTC' });

describe('reconcile', () => {
  it('prices under-billing from the line and lists the devices behind the count', () => {
    const { findings } = run([psa(), rmm(), pax8()]);
    const ws = findings.find((f) => f.lineKey === 'managed-workstation')!;
    expect(ws).toMatchObject({ kind: 'under-billed', billed: 10, observed: 13, delta: 3, monthlyImpactCents: 3 * 4500, clientKey: 'cw:250' });
    expect(ws.evidence[0]!.ids).toHaveLength(13);
    expect(ws.line).toMatchObject({ lineExternalId: 'L1', quantity: 10, writeBack: { agreementId: 'A1', additionId: 'L1' } });
  });

  it('reports usage with no PSA line as unbilled usage at the recipe list price', () => {
    const { findings } = run([psa(), rmm(Array.from({ length: 10 }, (_, i) => device(`d${i}`, '7'))), pax8()]);
    const m365 = findings.find((f) => f.lineKey === 'm365-business-premium')!;
    expect(m365).toMatchObject({ kind: 'unbilled-usage', billed: 0, observed: 12, monthlyImpactCents: 12 * 2200, line: null });
    expect(m365.addTo).toEqual({ sourceId: 'cw', agreementExternalId: 'A1', agreementName: 'Agreement A1' });
  });

  it('adds a line for unbilled usage to the active agreement that bills the most, never to one billing nothing', () => {
    const ws = (id: string, quantity: number, extra = {}) => ({ id, product: 'Managed Workstation', quantity, ...extra });
    const agreements = [
      agreement('A1', '250', [ws('L1', 2)]),
      agreement('A2', '250', [ws('L2', 8)]),
      // Billed most by its stated amount, but its only line was cancelled: it bills nothing tonight.
      agreement('A3', '250', [ws('L3', 1, { cancelledDate: '2026-01-01' })], { billAmountCents: 1_000_000 }),
      agreement('A4', '250', [ws('L4', 50)], { status: 'expired' }),
    ];
    const addTo = (list: typeof agreements) => run([psa(list), rmm(), pax8()]).findings.find((f) => f.lineKey === 'm365-business-premium')!.addTo;
    expect(addTo(agreements)).toMatchObject({ agreementExternalId: 'A2' });
    // A stated monthly amount outranks what the lines add up to.
    expect(addTo([agreements[0]!, { ...agreements[1]!, billAmountCents: 100 }])).toMatchObject({ agreementExternalId: 'A1' });
    expect(addTo([agreements[2]!, agreements[3]!])).toBeUndefined();
  });

  it('does not count stale, unapproved, deleted or other-class devices, nor cancelled or future lines as billed', () => {
    const devices = [
      device('ok', '7'),
      device('stale', '7', { lastSeenAt: '2026-09-01T00:00:00.000Z' }),
      device('pending', '7', { approved: false }),
      device('gone', '7', { deleted: true }),
      device('printer', '7', { deviceClass: 'PRINTER' }),
    ];
    const agreements = [
      agreement('A1', '250', [
        { id: 'L1', product: 'Managed Workstation', quantity: 1 },
        { id: 'L2', product: 'managed workstation', quantity: 5, cancelledDate: '2026-01-01' },
        { id: 'L3', product: 'Managed Workstation', quantity: 5, effectiveDate: '2027-01-01' },
      ]),
    ];
    const { findings } = run([psa(agreements), rmm(devices), pax8([])]);
    expect(findings.filter((f) => f.lineKey === 'managed-workstation')).toEqual([]);
  });

  it('never reads a stale source as "no leakage": its recipes are not checked at all', () => {
    const stale: SourceStatus = { sourceId: 'ninja', kind: 'ninjaone', role: 'rmm', state: 'failed', reason: 'HTTP 503' };
    const result = run([psa(), stale, pax8()]);
    expect(result.findings.some((f) => f.basis === 'rmm')).toBe(false);
    expect(result.scope.freshRoles).not.toContain('rmm');
  });

  it('files an unmatched RMM organization as unmapped, valued at list price', () => {
    const orphan = fresh({ sourceId: 'ninja', kind: 'ninjaone', role: 'rmm', clients: [client('7', 'NORTHWIND TRADERS'), client('8', 'Hartley & Sons Plumbing')], devices: [device('x1', '8'), device('x2', '8')] });
    const { findings } = run([psa(), orphan, pax8()]);
    const unmapped = findings.find((f) => f.kind === 'unmapped' && f.lineKey === 'org')!;
    expect(unmapped).toMatchObject({ clientKey: 'ninja:8', observed: 2, monthlyImpactCents: 9000 });
  });

  it('keeps delta = observed - billed and impact = delta x price for any counts', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.nat(40), fc.integer({ min: 1, max: 50_000 }), (billed, observed, price) => {
        const { findings } = run([
          psa([agreement('A1', '250', [{ id: 'L1', product: 'Managed Workstation', quantity: billed, price }])]),
          rmm(Array.from({ length: observed }, (_, i) => device(`d${i}`, '7'))),
          pax8([]),
        ]);
        const f = findings.find((x) => x.lineKey === 'managed-workstation');
        if (billed === observed) return f === undefined;
        return f !== undefined && f.delta === f.observed - f.billed && f.observed === observed && f.billed === billed && f.monthlyImpactCents === f.delta * price;
      }),
    );
  });

  it('never counts a device for two clients, however names collide', () => {
    const names = fc.constantFrom('Northwind Traders', 'NORTHWIND TRADERS', 'Northwind Traders, Inc.', 'Contoso', 'Contoso LLC', 'Fabrikam');
    fc.assert(
      fc.property(fc.array(names, { minLength: 1, maxLength: 5 }), fc.array(names, { minLength: 1, maxLength: 6 }), (psaNames, orgNames) => {
        const psaSnap = fresh({ sourceId: 'cw', kind: 'connectwise', role: 'psa', clients: psaNames.map((n, i) => client(`c${i}`, n)), agreements: psaNames.map((_, i) => agreement(`A${i}`, `c${i}`, [{ id: `L${i}`, product: 'Managed Workstation', quantity: 0 }])) });
        const rmmSnap = fresh({ sourceId: 'ninja', kind: 'ninjaone', role: 'rmm', clients: orgNames.map((n, i) => client(`o${i}`, n)), devices: orgNames.flatMap((_, i) => [device(`o${i}-a`, `o${i}`), device(`o${i}-b`, `o${i}`)]) });
        const { findings } = run([psaSnap, rmmSnap, pax8([])]);
        const counted = findings.filter((f) => f.basis === 'rmm').flatMap((f) => f.evidence.flatMap((e) => (e.rule.startsWith('unmatched') ? [] : e.ids.filter((id) => id.includes('-')))));
        return new Set(counted).size === counted.length && counted.length === orgNames.length * 2;
      }),
    );
  });
});
