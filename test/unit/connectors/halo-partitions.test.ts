import { describe, expect, it } from 'vitest';
import { SourceConfig } from '../../../shared/config/schema';
import type { HttpClient } from '../../../shared/connectors/http/client';
import type { HaloPsaSourceConfig } from '../../../shared/connectors/vendors/halopsa/config';
import { haloPartitions } from '../../../shared/connectors/vendors/halopsa/partitions';

const source = SourceConfig.parse({
  id: 'halo',
  kind: 'halopsa',
  baseUrl: 'https://acme.halopsa.com/api',
  authUrl: 'https://acme.halopsa.com/auth',
  clientId: { env: 'X' },
  clientSecret: { env: 'X' },
}) as HaloPsaSourceConfig;
// Assembling reads nothing from the vendor.
const halo = haloPartitions({ source, http: {} as HttpClient, list: async () => [], agentEmails: async () => new Map() });
const head = { records: { agents: [], clients: [{ id: 1, name: 'Northwind Traders' }], contracts: [{ id: 10, client_id: 1 }] }, quarantined: [], warnings: [] };

describe('HaloPSA partitions, assembled', () => {
  it('counts a record served on two pages once, and says so', () => {
    const standalone = { invoice: { id: 5, client_id: 1, contract_id: null }, lines: [] };
    const asset = { id: 7, client_id: 1, ninjarmm_id: 3 };
    // A Halo that clamps page_no past the end hands a later partition the last page again.
    const pull = halo.assemble(head, { records: { invoices: [standalone, standalone], assets: [asset, asset], readAlone: [0, 0] }, quarantined: [], warnings: [] });
    expect(pull.agreements.map((a) => a.externalId)).toEqual(['10', 'recurring-invoice-5']);
    expect(pull.warnings).toEqual(['HaloPSA served 2 recurring invoice(s) or asset(s) on more than one page; each was counted once']);
  });

  it('sums the invoices read one by one over every partition into one warning', () => {
    const pull = halo.assemble(head, { records: { invoices: [], assets: [], readAlone: [2, 0, 1] }, quarantined: [], warnings: [] });
    expect(pull.warnings).toEqual([expect.stringMatching(/^HaloPSA listed 3 recurring invoice\(s\) without their lines/)]);
  });
});
