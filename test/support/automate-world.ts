import type { DemoWorld, WorldDevice } from '../../local/demo/world';
import { device } from './world-builders';

/**
 * A small world for the Automate connector tests: two clients (one integrated with ConnectWise
 * PSA, one on another PSA) and an orphan, with a computer of every kind Automate lists, a network
 * probe, one without a Type, and devices Automate leaves off /Computers (retired, a printer).
 * A fresh copy each call.
 */

const client = (id: string, name: string, psa: { vendor: 'connectwise' | 'halopsa'; id: string }, devices: WorldDevice[]) => ({
  name,
  psa: { ...psa, name, accountManagerEmail: null },
  agreements: [],
  pax8: null,
  rmm: { vendor: 'automate' as const, id, uid: `c2a1e6f0-${id.padStart(4, '0')}-4000-8000-000000000000`, name: name.toUpperCase(), autotaskCompanyId: null, devices },
});

export function automateWorld(): DemoWorld {
  return {
    asOf: '2025-06-01',
    products: [],
    clients: [
      client('1', 'Northwind Traders', { vendor: 'connectwise', id: '250' }, [
        device('101', 'WINDOWS_WORKSTATION', 'NW-LT-001', '2025-05-31T22:15:30.250Z'),
        device('102', 'WINDOWS_SERVER', 'NW-DC01', '2025-05-31T23:00:00.000Z'),
        device('103', 'MAC', 'NW-MBP-07', '2025-04-02T09:00:00.000Z'),
        device('104', 'LINUX_SERVER', 'NW-WEB01', '2025-05-30T12:00:00.000Z'),
        device('105', 'OTHER', 'NW-PROBE', '2025-05-31T06:45:00.000Z'),
        device('106', 'WINDOWS_WORKSTATION', 'NW-OLD-01', '2024-12-01T00:00:00.000Z', { deleted: true }),
        device('107', 'PRINTER', 'NW-PRN-01', '2025-05-31T06:45:00.000Z'),
      ]),
      client('2', 'Contoso Dental', { vendor: 'halopsa', id: '77' }, [
        device('201', 'LINUX_WORKSTATION', 'CD-UBU-01', '2025-05-31T10:00:00.000Z'),
        device('202', 'MAC_SERVER', 'CD-MINI-01', '2025-05-31T10:00:00.000Z'),
        device('203', 'UNCLASSIFIED', 'CD-NOTYPE', '2025-05-31T10:00:00.000Z'),
      ]),
    ],
    orphans: {
      rmm: [{ vendor: 'automate', id: '3', uid: 'c2a1e6f0-0003-4000-8000-000000000000', name: 'Hartley & Sons Plumbing', autotaskCompanyId: null, devices: [device('301', 'WINDOWS_WORKSTATION', 'HS-PC-01', '2025-05-29T08:00:00.000Z')] }],
      pax8: [],
    },
    malformed: {},
  };
}
