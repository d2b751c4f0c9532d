import { defineVendor } from '../define';
import { API_ROOT, KaseyaVsaSource, LIMITS } from './config';
import { createKaseyaVsaConnector } from './connector';
import { VSA_PARTITIONS } from './partitions';

export const kaseyavsa = defineVendor({
  kind: 'kaseyavsa',
  role: 'rmm',
  config: KaseyaVsaSource,
  limits: LIMITS,
  partitions: VSA_PARTITIONS,
  apiRoot: API_ROOT,
  // None: no address pattern for an organization in the VSA web app is documented.
  webLinks: {},
  simulator: 'local/simulators/kaseyavsa.ts',
  createConnector: createKaseyaVsaConnector,
});
