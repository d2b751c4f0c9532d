import type { DemoWorld, WorldLine } from '../../local/demo/world';

/**
 * A small literal world for the ConnectWise tests: three CW clients (one active agreement with a
 * cancelled line, one evergreen, one expired, plus a cancelled agreement the pull must skip), one
 * Autotask client the CW simulator must not render, and one planted agreement without a company.
 * A fresh copy per call, because simulators keep (and tests change) their state.
 */
export function connectWiseWorld(): DemoWorld {
  const line = (id: string, product: string, quantity: number, unitPriceCents: number, cancelledDate: string | null = null): WorldLine => ({
    id,
    product,
    quantity,
    unitPriceCents,
    effectiveDate: '2025-07-01',
    cancelledDate,
  });
  return {
    asOf: '2026-03-01',
    products: [],
    orphans: { rmm: [], pax8: [] },
    clients: [
      {
        name: 'Northwind Traders',
        psa: { vendor: 'connectwise', id: '250', name: 'Northwind Traders, Inc.', accountManagerEmail: 'ann@msp.example' },
        agreements: [
          {
            id: '101',
            name: 'Northwind Managed Services',
            status: 'active',
            startDate: '2025-07-01',
            endDate: '2026-06-30',
            noEndDate: false,
            lines: [
              line('1001', 'Managed Workstation', 42, 4500),
              line('1002', 'Managed Server', 3, 15000),
              line('1003', 'Microsoft 365 Business Premium', 40, 2200),
              line('1004', 'Cloud Backup', 5, 1000, '2025-12-31'),
            ],
          },
          {
            id: '102',
            name: 'Northwind Legacy Support',
            status: 'cancelled',
            startDate: '2022-01-01',
            endDate: '2024-12-31',
            noEndDate: false,
            lines: [line('1010', 'Managed Workstation', 30, 4000)],
          },
        ],
        rmm: null,
        pax8: null,
      },
      {
        name: 'Contoso Dental',
        psa: { vendor: 'connectwise', id: '251', name: 'Contoso Dental', accountManagerEmail: null },
        agreements: [
          { id: '103', name: 'Contoso Evergreen', status: 'active', startDate: '2024-01-01', endDate: null, noEndDate: true, lines: [line('1005', 'Managed Workstation', 12, 4500)] },
        ],
        rmm: null,
        pax8: null,
      },
      {
        name: 'Fabrikam',
        psa: { vendor: 'connectwise', id: '252', name: 'Fabrikam LLC', accountManagerEmail: null },
        agreements: [
          { id: '104', name: 'Fabrikam 2023', status: 'expired', startDate: '2023-01-01', endDate: '2025-12-31', noEndDate: false, lines: [line('1006', 'Managed Workstation', 8, 4000)] },
        ],
        rmm: null,
        pax8: null,
      },
      {
        name: 'Tailspin Toys',
        psa: { vendor: 'autotask', id: '900', name: 'Tailspin Toys', accountManagerEmail: null },
        agreements: [{ id: '900', name: 'Tailspin', status: 'active', startDate: '2025-01-01', endDate: null, noEndDate: true, lines: [] }],
        rmm: null,
        pax8: null,
      },
    ],
    malformed: {
      connectwise: [
        {
          id: 9001,
          name: 'Agreement that lost its company',
          type: { id: 1, name: 'Managed Services' },
          contact: { id: 1, name: 'Primary Contact' },
          agreementStatus: 'Active',
          cancelledFlag: false,
        },
      ],
    },
  };
}
