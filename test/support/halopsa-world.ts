import type { DemoWorld, WorldClient, WorldDevice } from '../../local/demo/world';
import { agreement, line } from './world-builders';

/**
 * A small literal world for the HaloPSA tests: three Halo clients (one with a NinjaOne org, one
 * with a Datto RMM site, one unmanaged), an expired contract, a cancelled line, a ConnectWise
 * client the Halo simulator must not serve, and one malformed contract record.
 */

const device = (id: string, uid: string, name: string, deleted = false): WorldDevice => ({
  id,
  uid,
  name,
  deviceClass: 'WINDOWS_WORKSTATION',
  lastSeenAt: '2026-03-01T08:15:00.000Z',
  approved: true,
  deleted,
});



const clients: WorldClient[] = [
  {
    name: 'Northwind Traders',
    psa: { vendor: 'halopsa', id: '11', name: 'Northwind Traders, Inc.', accountManagerEmail: 'dana.reyes@demo-msp.example' },
    agreements: [
      agreement('1001', 'Managed Services Agreement', [
        line('5001', 'Managed Workstation', 42, 4500),
        line('5002', 'Microsoft 365 Business Premium', 40, 2200),
        line('5003', 'Managed Workstation', 5, 4500, '2025-05-01'),
      ]),
    ],
    rmm: {
      vendor: 'ninjaone',
      id: '3',
      uid: '7a1e0000-0000-4000-8000-000000000003',
      name: 'NORTHWIND TRADERS',
      autotaskCompanyId: null,
      devices: [device('100101', '7a1e0000-0000-4000-8000-000000000101', 'WS-001'), device('100102', '7a1e0000-0000-4000-8000-000000000102', 'WS-002')],
    },
    pax8: null,
  },
  {
    name: 'Contoso Dental',
    psa: { vendor: 'halopsa', id: '12', name: 'Contoso Dental LLC', accountManagerEmail: null },
    agreements: [
      agreement('1002', 'Dental Care Plan', [line('5004', 'Managed Server', 2, 15000)], { endDate: null, noEndDate: true }),
      agreement('1003', 'Legacy Support', [line('5005', 'Managed Workstation', 3, 4000)], { status: 'expired', endDate: '2025-01-31' }),
    ],
    rmm: {
      vendor: 'dattormm',
      id: '501',
      uid: '7a1e0000-0000-4000-8000-000000000501',
      name: 'Contoso Dental',
      autotaskCompanyId: null,
      devices: [device('200201', '7a1e0000-0000-4000-8000-000000000201', 'SRV-001'), device('200202', '7a1e0000-0000-4000-8000-000000000202', 'WS-OLD', true)],
    },
    pax8: null,
  },
  {
    name: 'Fabrikam Logistics',
    psa: { vendor: 'halopsa', id: '13', name: 'Fabrikam Logistics Corp.', accountManagerEmail: 'sam.okafor@demo-msp.example' },
    agreements: [agreement('1004', 'Managed Services Agreement', [line('5006', 'Exchange Online (Plan 1)', 12, 400)])],
    rmm: null,
    pax8: null,
  },
  {
    name: 'Adventure Works',
    psa: { vendor: 'connectwise', id: '251', name: 'Adventure Works', accountManagerEmail: null },
    agreements: [agreement('1005', 'Not a Halo agreement', [line('5007', 'Managed Workstation', 9, 4500)])],
    rmm: null,
    pax8: null,
  },
];

/** A contract with no client_id: it belongs to no client, so the connector must quarantine it. */
export const MALFORMED_HALO_CONTRACT = { id: 1999, ref: 'Orphaned contract', start_date: '2024-01-01T00:00:00', active: true };

export function haloWorld(): DemoWorld {
  return {
    asOf: '2026-03-02',
    clients: structuredClone(clients),
    products: [],
    orphans: { rmm: [], pax8: [] },
    malformed: { halopsa: [structuredClone(MALFORMED_HALO_CONTRACT)] },
  };
}
