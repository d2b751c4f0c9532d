import { defineVendor } from '../define';
import { API_ROOT, LIMITS, Pax8Source } from './config';
import { createPax8Connector } from './connector';

const enc = encodeURIComponent;

export const pax8 = defineVendor({
  kind: 'pax8',
  role: 'marketplace',
  config: Pax8Source,
  limits: LIMITS,
  apiRoot: API_ROOT,
  // [I] from what the app shows in the address bar.
  webLinks: { client: (id) => `/companies/${enc(id)}` },
  simulator: 'local/simulators/pax8.ts',
  createConnector: createPax8Connector,
});
