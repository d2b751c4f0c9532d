import type { DemoWorld } from '../../local/demo/world';
import { device } from './world-builders';

/**
 * A small world for the RMM connector tests: two NinjaOne organizations and an orphan one, two
 * Datto RMM sites (one linked to Autotask) and an orphan one, with a device of most classes.
 * A fresh copy each call, so a test may plant malformed records without touching the others.
 */


const psa = (vendor: 'connectwise' | 'autotask' | 'halopsa', id: string, name: string) => ({ vendor, id, name, accountManagerEmail: null });

export function rmmWorld(): DemoWorld {
  return {
    asOf: '2025-06-01',
    products: [],
    clients: [
      {
        name: 'Northwind Traders',
        psa: psa('connectwise', '250', 'Northwind Traders, Inc.'),
        agreements: [],
        pax8: null,
        rmm: {
          vendor: 'ninjaone',
          id: '1',
          uid: 'c2a1e6f0-0001-4000-8000-000000000001',
          name: 'NORTHWIND TRADERS',
          autotaskCompanyId: null,
          devices: [
            device('101', 'WINDOWS_WORKSTATION', 'NW-LT-001', '2025-05-31T22:15:30.250Z'),
            device('102', 'WINDOWS_SERVER', 'NW-DC01', '2025-05-31T23:00:00.000Z'),
            device('103', 'MAC', 'NW-MBP-07', '2025-04-02T09:00:00.500Z', { approved: false }),
            device('104', 'LINUX_SERVER', 'NW-WEB01', '2025-05-30T12:00:00.000Z'),
            device('105', 'VIRTUAL_GUEST', 'NW-VM-SQL', '2025-05-31T06:45:00.000Z'),
            device('106', 'WINDOWS_WORKSTATION', 'NW-OLD-01', '2024-12-01T00:00:00.000Z', { deleted: true }),
          ],
        },
      },
      {
        name: 'Contoso Dental',
        psa: psa('connectwise', '251', 'Contoso Dental'),
        agreements: [],
        pax8: null,
        rmm: {
          vendor: 'ninjaone',
          id: '2',
          uid: 'c2a1e6f0-0002-4000-8000-000000000002',
          name: 'Contoso Dental Group',
          autotaskCompanyId: null,
          devices: [
            device('201', 'LINUX_WORKSTATION', 'CD-UBU-01', '2025-05-31T10:00:00.000Z'),
            device('202', 'PRINTER', 'CD-PRN-01', '2025-05-31T10:05:00.000Z'),
            device('203', 'NETWORK', 'CD-SW-01', '2025-05-31T10:10:00.000Z'),
          ],
        },
      },
      {
        name: 'Fabrikam Legal',
        psa: psa('autotask', '29683001', 'Fabrikam Legal LLP'),
        agreements: [],
        pax8: null,
        rmm: {
          vendor: 'dattormm',
          id: '501',
          uid: '7d6f8d2a-0501-4000-8000-000000000501',
          name: 'FABRIKAM LEGAL',
          autotaskCompanyId: '29683001',
          devices: [
            device('5001', 'WINDOWS_WORKSTATION', 'FAB-LT-001', '2025-05-31T21:00:00.000Z'),
            device('5002', 'WINDOWS_SERVER', 'FAB-DC01', '2025-05-31T21:30:00.000Z'),
            device('5003', 'PRINTER', 'FAB-PRN-01', '2025-05-31T08:00:00.000Z'),
            device('5004', 'NETWORK', 'FAB-FW-01', '2025-05-31T08:01:00.000Z'),
            device('5005', 'WINDOWS_WORKSTATION', 'FAB-OLD-02', '2025-01-15T17:20:00.000Z', { deleted: true }),
            device('5006', 'VIRTUAL_HOST', 'FAB-ESX-01', '2025-05-31T20:00:00.000Z'),
          ],
        },
      },
      {
        name: 'Tailspin Toys',
        psa: psa('halopsa', '12', 'Tailspin Toys'),
        agreements: [],
        pax8: null,
        rmm: {
          vendor: 'dattormm',
          id: '502',
          uid: '7d6f8d2a-0502-4000-8000-000000000502',
          name: 'Tailspin Toys Ltd',
          autotaskCompanyId: null,
          devices: [
            device('5101', 'MAC', 'TT-MBA-01', '2025-05-29T15:00:00.000Z'),
            device('5102', 'LINUX_WORKSTATION', 'TT-DEV-01', '2025-05-31T11:11:11.000Z'),
          ],
        },
      },
    ],
    orphans: {
      rmm: [
        {
          vendor: 'ninjaone',
          id: '3',
          uid: 'c2a1e6f0-0003-4000-8000-000000000003',
          name: 'Hartley & Sons Plumbing',
          autotaskCompanyId: null,
          devices: [device('301', 'WINDOWS_WORKSTATION', 'HS-PC-01', '2025-05-31T07:30:00.000Z')],
        },
        {
          vendor: 'dattormm',
          id: '503',
          uid: '7d6f8d2a-0503-4000-8000-000000000503',
          name: 'Greenfield Veterinary',
          autotaskCompanyId: null,
          devices: [device('5201', 'WINDOWS_WORKSTATION', 'GV-PC-01', '2025-05-31T09:00:00.000Z')],
        },
      ],
      pax8: [],
    },
    malformed: {},
  };
}

/** The same world with one device of no stated class in each RMM's first site or organization. */
export function withUnclassified(world: DemoWorld): DemoWorld {
  const first = (vendor: 'ninjaone' | 'dattormm') => world.clients.find((c) => c.rmm?.vendor === vendor)!.rmm!;
  first('ninjaone').devices.push(device('107', 'UNCLASSIFIED', 'NW-NOCLASS', '2025-05-31T05:00:00.000Z'));
  first('dattormm').devices.push(device('5007', 'UNCLASSIFIED', 'FAB-NOCLASS', '2025-05-31T05:00:00.000Z'));
  return world;
}

/**
 * The facts an RMM reports for expansion signals (os, antivirus, warranty, build date), on the
 * first two devices of every RMM client: one unprotected and old, one protected and new, so every
 * served form of each fact is exercised.
 */
export function withDeviceFacts(world: DemoWorld): DemoWorld {
  for (const c of world.clients) {
    const [old, fresh] = c.rmm?.devices ?? [];
    if (old) old.facts = { os: 'Microsoft Windows 10 Pro 10.0.19045', antivirus: 'none', warrantyEndsOn: '2022-03-31', builtOn: '2019-03-31' };
    if (fresh) fresh.facts = { antivirus: 'protected', warrantyEndsOn: '2028-01-31', builtOn: '2025-01-31' };
  }
  return world;
}
