import { defineVendor } from '../define';
import { API_ROOT, LIMITS, NinjaOneSource } from './config';
import { createNinjaOneConnector } from './connector';

const enc = encodeURIComponent;

export const ninjaone = defineVendor({
  kind: 'ninjaone',
  role: 'rmm',
  config: NinjaOneSource,
  limits: LIMITS,
  apiRoot: API_ROOT,
  // [I] from what the app shows in the address bar.
  webLinks: { client: (id) => `/#/customerDashboard/${enc(id)}/overview` },
  simulator: 'local/simulators/ninjaone.ts',
  createConnector: createNinjaOneConnector,
});
