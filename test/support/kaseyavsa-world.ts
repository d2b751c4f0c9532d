import type { DemoWorld, WorldDevice } from '../../local/demo/world';
import { device } from './world-builders';

/**
 * A small world for the Kaseya VSA tests: two organizations (ids as large as VSA's own) with an
 * agent of each kind VSA lists, a suspended agent, a machine ID template, an agent whose operating
 * system VSA could not read, and devices VSA never lists as agents (a printer, an unapproved one).
 * A fresh copy each call.
 */


export function kaseyaVsaWorld(): DemoWorld {
  const rmm = (id: string, name: string, devices: WorldDevice[]) => ({ vendor: 'kaseyavsa' as const, id, uid: '', name, autotaskCompanyId: null, devices });
  return {
    asOf: '2025-06-01',
    products: [],
    clients: [
      {
        name: 'Northwind Traders',
        psa: { vendor: 'halopsa', id: '11', name: 'Northwind Traders, Inc.', accountManagerEmail: null },
        agreements: [],
        pax8: null,
        rmm: rmm('57384023443243', 'Northwind Traders', [
          device('81234567890101', 'WINDOWS_WORKSTATION', 'NW-LT-001', '2025-05-31T22:15:30.000Z'),
          device('81234567890102', 'WINDOWS_SERVER', 'NW-DC01', '2025-05-31T23:00:00.000Z'),
          device('81234567890103', 'MAC', 'NW-MBP-07', '2025-04-02T09:00:00.000Z'),
          device('81234567890104', 'LINUX_SERVER', 'NW-WEB01', '2025-05-30T01:02:03.000Z'),
          device('81234567890105', 'WINDOWS_WORKSTATION', 'NW-OLD-09', '2025-01-10T08:00:00.000Z', { deleted: true }),
          device('81234567890106', 'PRINTER', 'NW-PRN-01', '2025-05-31T10:00:00.000Z'),
        ]),
      },
      {
        name: 'Contoso Dental',
        psa: { vendor: 'halopsa', id: '12', name: 'Contoso Dental Group', accountManagerEmail: null },
        agreements: [],
        pax8: null,
        rmm: rmm('57384023443244', 'Contoso Dental Group', [
          device('81234567890201', 'OTHER', 'CD-TEMPLATE', '2025-05-31T10:00:00.000Z'),
          device('81234567890202', 'UNCLASSIFIED', 'CD-UNKNOWN', '2025-05-29T12:00:00.000Z'),
          device('81234567890203', 'LINUX_WORKSTATION', 'CD-LAB-02', '2025-05-31T12:00:00.000Z', { approved: false }),
          device('81234567890204', 'MAC_SERVER', 'CD-XSERVE', '2025-05-31T12:30:00.000Z'),
        ]),
      },
    ],
    orphans: { rmm: [], pax8: [] },
    malformed: {},
  };
}
