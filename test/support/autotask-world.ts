import type { DemoWorld, WorldAgreement, WorldClient } from '../../local/demo/world';
import { addDays } from '../../shared/domain/dates';

/**
 * A small literal world for the Autotask tests, dated around `today` because the connector's
 * current billing period is the one covering the run date (UTC). Five Autotask companies (two
 * sharing an account manager, one without, one without contracts), an expired and an inactive
 * contract, a cancelled line, a ConnectWise client the simulator must not serve, and one
 * malformed company.
 */

export const utcToday = (): string => new Date().toISOString().slice(0, 10);

export const MALFORMED_COMPANY_ID = 29683999;

const line = (id: string, product: string, quantity: number, unitPriceCents: number, cancelledDate: string | null = null) => ({
  id,
  product,
  quantity,
  unitPriceCents,
  effectiveDate: null,
  cancelledDate,
});

export function autotaskWorld(today = utcToday()): DemoWorld {
  const agreement = (id: string, name: string, lines: WorldAgreement['lines'], over: Partial<WorldAgreement> = {}): WorldAgreement => ({
    id,
    name,
    status: 'active',
    startDate: addDays(today, -400),
    endDate: addDays(today, 330),
    noEndDate: false,
    lines,
    ...over,
  });
  const client = (id: string, name: string, accountManagerEmail: string | null, agreements: WorldAgreement[], vendor: 'autotask' | 'connectwise' = 'autotask'): WorldClient => ({
    name,
    psa: { vendor, id, name, accountManagerEmail },
    agreements,
    rmm: null,
    pax8: null,
  });

  return {
    asOf: today,
    clients: [
      client('29683001', 'Northwind Traders, Inc.', 'dana.reyes@demo-msp.example', [
        agreement('1001', 'Managed Services Agreement', [
          line('5001', 'Managed Workstation', 42, 4500),
          line('5002', 'Microsoft 365 Business Premium', 40, 2200),
          line('5003', 'Managed Workstation', 5, 4500, addDays(today, -200)),
        ]),
        agreement('1002', 'Backup Agreement 2023', [line('5004', 'Cloud Backup', 10, 1000)], {
          status: 'expired',
          startDate: addDays(today, -1100),
          endDate: addDays(today, -370),
        }),
      ]),
      client('29683002', 'Contoso Dental LLC', 'sam.okafor@demo-msp.example', [
        agreement('1003', 'Managed Services Agreement', [line('5005', 'Managed Workstation', 12, 4500), line('5006', 'Managed Server', 2, 15000)]),
      ]),
      client('29683003', 'Fabrikam Logistics', null, [
        agreement('1004', 'Managed Services Agreement', [line('5007', 'Managed Workstation', 30, 4500)], { status: 'inactive' }),
      ]),
      client('29683004', 'Adventure Works Corp.', 'dana.reyes@demo-msp.example', [
        agreement('1005', 'Microsoft 365 Agreement', [line('5008', 'Microsoft 365 Business Premium', 7, 2200)]),
      ]),
      client('29683005', 'Tailspin Toys', null, []),
      client('250', 'Wingtip Legal PLLC', null, [agreement('9001', 'CW Agreement', [line('9501', 'Managed Workstation', 3, 4500)])], 'connectwise'),
    ],
    products: [],
    orphans: { rmm: [], pax8: [] },
    malformed: { autotask: [{ id: MALFORMED_COMPANY_ID, companyName: '', isActive: 'yes' }] },
  };
}
