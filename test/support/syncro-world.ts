import type { DemoWorld, WorldAgreement, WorldClient } from '../../local/demo/world';
import { agreement, line } from './world-builders';

/**
 * A literal world for the Syncro tests. Three named customers cover the agreement mapping (one
 * active contract; an evergreen schedule beside an expired contract; two active contracts), and
 * 100 plain ones make every list take several of Syncro's fixed-size pages. A ConnectWise client
 * must not be served, and one malformed customer record is planted.
 */



const client = (id: string, name: string, agreements: WorldAgreement[], vendor: WorldClient['psa']['vendor'] = 'syncro'): WorldClient => ({
  name,
  psa: { vendor, id, name, accountManagerEmail: null },
  agreements,
  rmm: null,
  pax8: null,
});

const named: WorldClient[] = [
  client('1000101', 'Northwind Traders, Inc.', [
    agreement('2001', 'Managed Services Agreement', [
      line('6001', 'Managed Workstation', 42, 4500),
      line('6002', 'Microsoft 365 Business Premium', 40, 2200),
      line('6003', 'Managed Workstation', 5, 4500, '2025-05-01'),
    ]),
  ]),
  client('1000102', 'Contoso Dental LLC', [
    agreement('2002', 'Dental Care Plan', [line('6004', 'Managed Server', 2, 15000)], { endDate: null, noEndDate: true }),
    agreement('2003', 'Legacy Support', [line('6005', 'Managed Workstation', 3, 4000)], { status: 'expired', endDate: '2025-01-31' }),
  ]),
  client('1000103', 'Fabrikam Logistics Corp.', [
    agreement('2004', 'Managed Services Agreement', [line('6006', 'Managed Workstation', 12, 4500)]),
    agreement('2005', 'Backup Services', [line('6007', 'Cloud Backup', 4, 2500)], { endDate: '2027-01-31' }),
  ]),
  client('251', 'Adventure Works', [agreement('2999', 'Not a Syncro agreement', [line('6999', 'Managed Workstation', 9, 4500)])], 'connectwise'),
];

const plain: WorldClient[] = Array.from({ length: 100 }, (_, i) =>
  client(String(1000200 + i), `Customer ${String(i).padStart(3, '0')}`, [agreement(String(3000 + i), 'Managed Services Agreement', [line(String(7000 + i), 'Managed Workstation', 1 + (i % 20), 4500)])]),
);

/** A customer with neither a business name nor a person's name: nothing to call it, so quarantined. */
export const MALFORMED_SYNCRO_CUSTOMER = { id: 1999999, business_name: null, fullname: '  ', disabled: false };

export function syncroWorld(): DemoWorld {
  return {
    asOf: '2026-03-02',
    clients: structuredClone([...named, ...plain]),
    products: [],
    orphans: { rmm: [], pax8: [] },
    malformed: { syncro: [structuredClone(MALFORMED_SYNCRO_CUSTOMER)] },
  };
}
