import { defineVendor, unprefixed } from '../define';
import { API_ROOT, HaloPsaSource, LIMITS } from './config';
import { createHaloPsaConnector } from './connector';
import { HALO_PARTITIONS } from './partitions';

const enc = encodeURIComponent;

export const halopsa = defineVendor({
  kind: 'halopsa',
  role: 'psa',
  config: HaloPsaSource,
  limits: LIMITS,
  partitions: HALO_PARTITIONS,
  apiRoot: API_ROOT,
  // [I] from what the app shows in the address bar.
  webLinks: {
    agreement: (id) => {
      const invoice = unprefixed(id, 'recurring-invoice-');
      return invoice ? `/recurringinvoices?id=${enc(invoice)}` : `/contracts?id=${enc(id)}`;
    },
    client: (id) => `/customers?clientid=${enc(id)}`,
    // An action (time) has no page of its own: its ticket shows it.
    ticket: (id) => `/tickets?id=${enc(id)}`,
  },
  simulator: 'local/simulators/halopsa.ts',
  createConnector: createHaloPsaConnector,
});
