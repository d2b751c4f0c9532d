import type { DemoWorld, WorldSubscription } from '../../local/demo/world';

export const PAX8_IDS = {
  northwind: '4c2b7a10-6f0e-4d8e-9b1a-2f3c4d5e6a01',
  contoso: '4c2b7a10-6f0e-4d8e-9b1a-2f3c4d5e6a02',
  greenfield: '4c2b7a10-6f0e-4d8e-9b1a-2f3c4d5e6a03',
  premium: '7d1e0c55-3a2b-4c1d-8e9f-0a1b2c3d4e01',
  exchange: '7d1e0c55-3a2b-4c1d-8e9f-0a1b2c3d4e02',
  defender: '7d1e0c55-3a2b-4c1d-8e9f-0a1b2c3d4e03',
} as const;

/**
 * A small literal world for the Pax8 tests: two clients on Pax8 (one carrying the PSA id as its
 * externalId), one client with no Pax8 slice, one orphan company, six subscriptions across
 * Active, Trial, PendingManual and Cancelled, a catalogue product no subscription uses, and one
 * planted subscription whose quantity is not a number. A fresh copy per call, because
 * simulators keep (and tests change) their state.
 */
export function pax8World(): DemoWorld {
  const sub = (id: string, productId: string, quantity: number, status: WorldSubscription['status'], extra: Partial<WorldSubscription> = {}): WorldSubscription => ({
    id,
    productId,
    quantity,
    status,
    billingTerm: 'Monthly',
    commitmentEndDate: null,
    startDate: '2025-04-01',
    ...extra,
  });
  return {
    asOf: '2026-03-01',
    products: [
      { id: PAX8_IDS.premium, name: 'Microsoft 365 Business Premium', vendorName: 'Microsoft', sku: 'MST-MCT-BP-M', requiresCommitment: true },
      { id: PAX8_IDS.exchange, name: 'Exchange Online (Plan 1)', vendorName: 'Microsoft', sku: 'MST-MCT-EXO1-M', requiresCommitment: false },
      { id: PAX8_IDS.defender, name: 'Microsoft Defender for Business', vendorName: 'Microsoft', sku: 'MST-MCT-DFB-M', requiresCommitment: false },
    ],
    clients: [
      {
        name: 'Northwind Traders',
        psa: { vendor: 'connectwise', id: '250', name: 'Northwind Traders, Inc.', accountManagerEmail: null },
        agreements: [],
        rmm: null,
        pax8: {
          id: PAX8_IDS.northwind,
          name: 'Northwind Traders Inc',
          externalId: '250',
          subscriptions: [
            sub('a1000000-0000-4000-8000-000000000001', PAX8_IDS.premium, 40, 'Active', { billingTerm: 'Annual', commitmentEndDate: '2026-09-30', startDate: '2025-10-01' }),
            sub('a1000000-0000-4000-8000-000000000002', PAX8_IDS.exchange, 10, 'Active'),
            sub('a1000000-0000-4000-8000-000000000003', PAX8_IDS.premium, 5, 'Trial', { startDate: '2026-02-15' }),
          ],
        },
      },
      {
        name: 'Contoso Dental',
        psa: { vendor: 'connectwise', id: '251', name: 'Contoso Dental', accountManagerEmail: null },
        agreements: [],
        rmm: null,
        pax8: {
          id: PAX8_IDS.contoso,
          name: 'Contoso Dental',
          externalId: null,
          subscriptions: [
            sub('a2000000-0000-4000-8000-000000000001', PAX8_IDS.premium, 12, 'PendingManual', { startDate: '2026-02-27' }),
            sub('a2000000-0000-4000-8000-000000000002', PAX8_IDS.exchange, 3, 'Cancelled', { billingTerm: 'Annual', commitmentEndDate: '2026-05-31', startDate: '2025-06-01' }),
          ],
        },
      },
      {
        name: 'Fabrikam',
        psa: { vendor: 'connectwise', id: '252', name: 'Fabrikam LLC', accountManagerEmail: null },
        agreements: [],
        rmm: null,
        pax8: null,
      },
    ],
    orphans: {
      rmm: [],
      pax8: [
        {
          id: PAX8_IDS.greenfield,
          name: 'Greenfield Veterinary',
          externalId: null,
          subscriptions: [sub('a3000000-0000-4000-8000-000000000001', PAX8_IDS.exchange, 2, 'Active', { startDate: '2025-12-01' })],
        },
      ],
    },
    malformed: {
      pax8: [
        {
          id: 'b9000000-0000-4000-8000-000000000001',
          companyId: PAX8_IDS.northwind,
          productId: PAX8_IDS.premium,
          quantity: 'forty',
          status: 'Active',
          createdDate: '2026-01-01',
          billingTerm: 'Monthly',
        },
      ],
    },
  };
}
