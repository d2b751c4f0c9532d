import { defineVendor } from '../define';
import { API_ROOT, KaseyaVsaSource, LIMITS } from './config';
import { createKaseyaVsaConnector } from './connector';

export const kaseyavsa = defineVendor({
  kind: 'kaseyavsa',
  role: 'rmm',
  config: KaseyaVsaSource,
  limits: LIMITS,
  apiRoot: API_ROOT,
  // None: no address pattern for an organization in the VSA web app is documented.
  webLinks: {},
  simulator: 'local/simulators/kaseyavsa.ts',
  createConnector: createKaseyaVsaConnector,
});
